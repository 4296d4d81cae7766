/** Sliding-window rate limits on Redis through @upstash/ratelimit, one limiter per (bucket, limit, window). */
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis/cloudflare';
import type { RateLimiter } from '../../services/ports';

/** How long a request waits for Redis before it is let through. */
const REDIS_TIMEOUT_MS = 1000;
const byClient = new WeakMap<Redis, Map<string, Ratelimit>>();

function limiterFor(redis: Redis, bucket: string, max: number, windowSec: number): Ratelimit {
  let limiters = byClient.get(redis);
  if (!limiters) byClient.set(redis, (limiters = new Map()));
  const id = `${bucket}:${max}:${windowSec}`;
  let rl = limiters.get(id);
  if (!rl) {
    rl = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(max, `${windowSec} s`),
      // The limit is part of the prefix, so changing a limit starts a fresh count.
      prefix: `rl:${bucket}:${max}:${windowSec}`,
      analytics: false,
      timeout: REDIS_TIMEOUT_MS,
      // Identifiers already blocked are refused from isolate memory until their window resets.
      ephemeralCache: new Map(),
    });
    limiters.set(id, rl);
  }
  return rl;
}

export function createRateLimiter(redis: () => Redis): RateLimiter {
  return {
    async limit(bucket, identifier, max, windowSec, rate = 1) {
      const r = await limiterFor(redis(), bucket, max, windowSec).limit(identifier, rate === 1 ? undefined : { rate });
      return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset, timedOut: r.reason === 'timeout', pending: r.pending };
    },
    async refund(bucket, identifier, max, windowSec) {
      // A negative rate decrements the window's count. (resetUsedTokens would SCAN the keyspace.)
      await limiterFor(redis(), bucket, max, windowSec).limit(identifier, { rate: -1 });
    },
  };
}
