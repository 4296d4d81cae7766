/** Recommendation lists per person in one Redis hash (one field per variant), so forgetting is one DEL. */
import type { Redis } from '@upstash/redis/cloudflare';
import type { RecsCache } from '../../services/recommendations/ports';

const key = (userId: string) => `recs:${userId}`;

export function createRecsCache(redis: Redis): RecsCache {
  return {
    async get(userId, variant) {
      // The client would parse JSON it recognises: keep the text as stored.
      const v = await redis.hget<unknown>(key(userId), variant);
      return v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);
    },
    async put(userId, variant, json, ttlSeconds) {
      const p = redis.pipeline();
      p.hset(key(userId), { [variant]: json });
      p.expire(key(userId), ttlSeconds);
      await p.exec();
    },
    async forget(userId) {
      await redis.del(key(userId));
    },
  };
}

/** Without Redis: nothing is kept, every request computes. */
export const noRecsCache: RecsCache = { get: async () => null, put: async () => {}, forget: async () => {} };
