/**
 * Recommendation lists per person in one Redis hash (one field per variant), so forgetting is
 * one DEL, beside a generation counter that every forget raises. A list is stored only if the
 * generation is still the one read before it was computed: a computation that raced a rating
 * cannot put back a list the rating made stale.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type { RecsCache } from '../../services/recommendations/ports';

const key = (userId: string) => `recs:${userId}`;
const genKey = (userId: string) => `recs:gen:${userId}`;
/** Generations outlive any list (lists live minutes); a lost counter restarts at "0", which only costs a put. */
const GEN_TTL_SECONDS = 86_400;

const PUT_IF_CURRENT = `
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1`;

export function createRecsCache(redis: Redis): RecsCache {
  return {
    async get(userId, variant) {
      const p = redis.pipeline();
      p.hget(key(userId), variant);
      p.get(genKey(userId));
      const [v, gen] = await p.exec<[unknown, unknown]>();
      // The client would parse JSON it recognises: keep the text as stored.
      const json =
        v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
      return { json, generation: gen === null || gen === undefined ? '0' : String(gen) };
    },
    async put(userId, variant, json, ttlSeconds, generation) {
      const stored = await redis.eval(
        PUT_IF_CURRENT,
        [key(userId), genKey(userId)],
        [generation, variant, json, String(ttlSeconds)],
      );
      return Number(stored) === 1;
    },
    async forget(userId) {
      const tx = redis.multi();
      tx.incr(genKey(userId));
      tx.expire(genKey(userId), GEN_TTL_SECONDS);
      tx.del(key(userId));
      await tx.exec();
    },
  };
}

/** Without Redis: nothing is kept, every request computes. */
export const noRecsCache: RecsCache = {
  get: async () => ({ json: null, generation: '0' }),
  put: async () => false,
  forget: async () => {},
};
