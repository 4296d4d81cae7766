/** The access-token denylist in Redis: one key per refused token, session or erased account, expiring with the tokens. */
import type { Redis } from '@upstash/redis/cloudflare';
import type { TokenDenylist } from '../../services/accounts/ports';

const key = {
  jti: (id: string) => `auth:deny:jti:${id}`,
  sid: (id: string) => `auth:deny:sid:${id}`,
  sub: (id: string) => `auth:deny:sub:${id}`,
};

/** Errors propagate: callers decide whether to fail open (and log) or fail. */
export function createTokenDenylist(redis: () => Redis): TokenDenylist {
  const deny = async (k: string, ttlSec: number) => {
    await redis().set(k, 1, { ex: Math.max(1, Math.ceil(ttlSec)) });
  };
  return {
    revokeToken: (jti, ttl) => deny(key.jti(jti), ttl),
    revokeSession: (sid, ttl) => deny(key.sid(sid), ttl),
    revokeUser: (sub, ttl) => deny(key.sub(sub), ttl),
    async isRevoked({ jti, sid, sub }) {
      return (await redis().exists(key.jti(jti), key.sid(sid), key.sub(sub))) > 0;
    },
  };
}
