/**
 * The access-token denylist's Redis copy: one key per refused token, session or erased account,
 * expiring with the tokens, and a freshness marker set by each resync from Postgres (the truth:
 * services/accounts/revocations.ts).
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type { RevocationCache } from '../../services/accounts/ports';

const key = {
  jti: (id: string) => `auth:deny:jti:${id}`,
  sid: (id: string) => `auth:deny:sid:${id}`,
  sub: (id: string) => `auth:deny:sub:${id}`,
  fresh: 'auth:deny:fresh',
};

const seconds = (ttl: number) => Math.max(1, Math.ceil(ttl));

/** Errors propagate: the revocation service decides what to do when Redis cannot answer. */
export function createTokenDenylist(redis: () => Redis): RevocationCache {
  const deny = async (k: string, ttlSec: number) => {
    await redis().set(k, 1, { ex: seconds(ttlSec) });
  };
  return {
    revokeToken: (jti, ttl) => deny(key.jti(jti), ttl),
    revokeSession: (sid, ttl) => deny(key.sid(sid), ttl),
    revokeUser: (sub, ttl) => deny(key.sub(sub), ttl),
    async check({ jti, sid, sub }) {
      const [j, s, u, fresh] = await redis().mget<(string | number | null)[]>(key.jti(jti), key.sid(sid), key.sub(sub), key.fresh);
      return { revoked: j != null || s != null || u != null, fresh: fresh != null };
    },
    async resync({ sessions, users }, ttlSec, freshSec) {
      const p = redis().pipeline();
      for (const sid of sessions) p.set(key.sid(sid), 1, { ex: seconds(ttlSec) });
      for (const sub of users) p.set(key.sub(sub), 1, { ex: seconds(ttlSec) });
      p.set(key.fresh, Date.now(), { ex: seconds(freshSec) });
      await p.exec();
    },
  };
}
