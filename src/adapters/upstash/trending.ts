/**
 * Trending counters in Redis: one sorted set per region and hour (kept 2 days) and per region
 * and day (kept 9 days). Writes are one pipeline of ZINCRBY + EXPIRE; a read fetches the top
 * of each bucket in the window in one pipeline and applies the decay here.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type {
  TrendingEvent,
  TrendingStore,
  TrendingWindow,
} from '../../services/recommendations/ports';
import { decay } from '../../services/recommendations/trending';

const HOUR = 3600_000;
const DAY = 86_400_000;

const bucketKeys = (
  window: TrendingWindow,
  region: string,
  now: number,
): { key: string; mid: number }[] => {
  if (window === 'day') {
    const h = Math.floor(now / HOUR);
    return Array.from({ length: 25 }, (_, i) => ({
      key: `trend:h:${region}:${h - i}`,
      mid: (h - i) * HOUR + HOUR / 2,
    }));
  }
  const d = Math.floor(now / DAY);
  return Array.from({ length: 8 }, (_, i) => ({
    key: `trend:d:${region}:${d - i}`,
    mid: (d - i) * DAY + DAY / 2,
  }));
};

/**
 * Of events with an actor, those that actor has not caused yet today (for that title, region and
 * weight): one SET NX per event marks it, in one pipeline; the marks expire after a day.
 */
async function firstTimeOnly(redis: Redis, events: TrendingEvent[]): Promise<TrendingEvent[]> {
  const withActor = events.filter((e) => e.actor);
  if (!withActor.length) return events;
  const p = redis.pipeline();
  for (const e of withActor)
    p.set(
      `trend:seen:${e.region}:${Math.floor(e.at / DAY)}:${e.contentId}:${e.weight}:${e.actor}`,
      1,
      { nx: true, ex: DAY / 1000 },
    );
  const firsts = (await p.exec()) as (string | null)[];
  const fresh = new Set(withActor.filter((_, i) => firsts[i] === 'OK'));
  return events.filter((e) => !e.actor || fresh.has(e));
}

export function createTrendingStore(redis: Redis): TrendingStore {
  return {
    async record(all: TrendingEvent[]) {
      const events = await firstTimeOnly(redis, all);
      if (!events.length) return;
      const p = redis.pipeline();
      const touched = new Map<string, number>();
      for (const e of events) {
        const hourKey = `trend:h:${e.region}:${Math.floor(e.at / HOUR)}`;
        const dayKey = `trend:d:${e.region}:${Math.floor(e.at / DAY)}`;
        p.zincrby(hourKey, e.weight, e.contentId);
        p.zincrby(dayKey, e.weight, e.contentId);
        touched.set(hourKey, (2 * DAY) / 1000);
        touched.set(dayKey, (9 * DAY) / 1000);
      }
      for (const [key, ttl] of touched) p.expire(key, ttl);
      await p.exec();
    },

    async top(window, region, limit, now) {
      const buckets = bucketKeys(window, region, now);
      const p = redis.pipeline();
      for (const b of buckets) p.zrange(b.key, 0, limit * 3 - 1, { rev: true, withScores: true });
      const replies = (await p.exec()) as (string | number)[][];
      const scores = new Map<string, number>();
      replies.forEach((flat, i) => {
        const w = decay(window, now - buckets[i]!.mid);
        for (let j = 0; j + 1 < (flat?.length ?? 0); j += 2) {
          const id = String(flat[j]);
          scores.set(id, (scores.get(id) ?? 0) + Number(flat[j + 1]) * w);
        }
      });
      return [...scores]
        .map(([contentId, score]) => ({ contentId, score }))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },

    async isEmpty(window, region, now) {
      const keys = bucketKeys(window, region, now).map((b) => b.key);
      return (await redis.exists(...keys)) === 0;
    },
  };
}

/** Without Redis: every call refuses, and the trending service answers from Postgres instead. */
export const redisMissingTrendingStore: TrendingStore = {
  record: async () => {}, // nothing to count into; trending is rebuilt from Postgres once Redis is back
  top: async () => {
    throw new Error('Redis is not configured');
  },
  isEmpty: async () => {
    throw new Error('Redis is not configured');
  },
};
