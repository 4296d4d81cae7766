/**
 * The search log: each search is appended to a Redis list in the same round trip that counts
 * it among the day's popular searches (searches that arrive in the same isolate while an append
 * is on its way share the next one), and the list is drained into Postgres
 * (search_history) in batches: by the search that fills a batch, by the cron, and before a
 * personal-data export or erasure (services/search/search-log.ts decides when). A cached
 * answer thus never opens a database connection.
 * If Redis refuses the append, the record goes straight to Postgres; if Postgres refuses a
 * batch, it goes back on the list.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { AppError } from '../../lib/errors';
import { SEARCH_LOG_BATCH, type SearchLog, type SearchRecord } from '../../services/search/ports';

export const SEARCH_LOG_KEY = 'search:log:pending';
const POPULAR_TTL_SEC = 8 * 86400;

export const popularKey = (at: Date) => `search:popular:${at.toISOString().slice(0, 10)}`;
/** How many days of popular-search counts are kept. */
export const POPULAR_DAYS = Math.ceil(POPULAR_TTL_SEC / 86400);

/**
 * Takes an erased person's searches out of the days' popular counts (a count reaching 0 goes).
 * Days past the keys' lifetime are skipped: those keys are gone, and a decrement would make a
 * key without expiry.
 */
export async function forgetPopularSearches(
  redis: Redis,
  searches: { normalizedQuery: string; day: string }[],
): Promise<void> {
  const p = redis.pipeline();
  const keys = new Set<string>();
  for (const s of searches) {
    const key = `search:popular:${s.day}`;
    keys.add(key);
    p.zincrby(key, -1, s.normalizedQuery);
  }
  for (const key of keys) p.zremrangebyscore(key, '-inf', 0);
  if (keys.size) await p.exec();
}

/** Takes up to ARGV[1] records off the head of the list, atomically (two drains never share one). */
const CLAIM = `local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #items > 0 then redis.call('LTRIM', KEYS[1], #items, -1) end
return items`;

const unavailable = (err: unknown) =>
  err instanceof AppError && err.code === 'DEPENDENCY_UNAVAILABLE';

export type { SearchLog };

/**
 * Per Redis client (one per isolate): the records waiting for the append on its way. They are
 * data handed over, not shared promises: each record's own call returns at once, and the call
 * whose append is on its way sends them in its own request's background (a request's I/O
 * cannot be used by another's). The search that fills a batch still drains it, and a record
 * waits one round trip at most, as when it made its own.
 */
const outboxes = new WeakMap<Redis, { open?: SearchRecord[] }>();
function outboxOf(redis: Redis) {
  let box = outboxes.get(redis);
  if (!box) outboxes.set(redis, (box = {}));
  return box;
}
/** How long one call goes on sending the records that arrive while its appends are on their way. */
const OUTBOX_LOOP_MS = 5_000;

export function createSearchLog(
  redis: Redis,
  direct: (rec: SearchRecord) => Promise<void>,
): SearchLog {
  const parse = (item: unknown): SearchRecord | null => {
    try {
      const v = typeof item === 'string' ? (JSON.parse(item) as unknown) : item;
      return v && typeof v === 'object' && typeof (v as SearchRecord).query === 'string'
        ? (v as SearchRecord)
        : null;
    } catch {
      return null;
    }
  };
  /** One round trip: the records on the list, each query counted among the day's popular ones. */
  const append = async (recs: SearchRecord[]): Promise<number> => {
    const p = redis.pipeline().rpush(SEARCH_LOG_KEY, ...recs.map((r) => JSON.stringify(r)));
    const perDay = new Map<string, Map<string, number>>();
    for (const r of recs) {
      const key = popularKey(new Date(r.at!));
      const counts = perDay.get(key) ?? new Map<string, number>();
      perDay.set(key, counts);
      counts.set(r.normalizedQuery, (counts.get(r.normalizedQuery) ?? 0) + 1);
    }
    for (const [key, counts] of perDay) {
      for (const [query, n] of counts) p.zincrby(key, n, query);
      p.expire(key, POPULAR_TTL_SEC);
    }
    const [length] = await p.exec();
    return Number(length);
  };
  return {
    async record(rec) {
      const entry = { ...rec, at: rec.at ?? new Date().toISOString() };
      const box = outboxOf(redis);
      if (box.open) {
        // An append is on its way: this record goes with the next one, which that call sends.
        box.open.push(entry);
        return null;
      }
      const open: SearchRecord[] = [];
      box.open = open;
      const started = Date.now();
      let batch: SearchRecord[] = [entry];
      let length = 0;
      let added = 0;
      let failed: unknown;
      try {
        while (batch.length) {
          // After a while the loop stops taking records, so its request's waitUntil ends: the
          // ones already waiting go in one last append, and the next record starts afresh.
          if (Date.now() - started >= OUTBOX_LOOP_MS && box.open === open) box.open = undefined;
          try {
            length = await append(batch);
            added += batch.length;
          } catch {
            // Redis is out of reach: the records are not lost, they are written directly. One
            // that Postgres refuses too does not keep the others (its error is thrown at the end).
            for (const r of batch) await direct(r).catch((err: unknown) => (failed ??= err));
          }
          batch = open.splice(0);
        }
      } finally {
        if (box.open === open) box.open = undefined;
      }
      if (failed !== undefined) throw failed;
      return added ? { length, added } : null;
    },

    async drain(store, opts = {}) {
      const batch = opts.batch ?? SEARCH_LOG_BATCH;
      const maxBatches = opts.maxBatches ?? 20;
      let moved = 0;
      for (let i = 0; i < maxBatches; i++) {
        const items =
          ((await redis.eval(CLAIM, [SEARCH_LOG_KEY], [String(batch)])) as unknown[] | null) ?? [];
        if (items.length === 0) break;
        const recs = items.map(parse).filter((r): r is SearchRecord => r !== null);
        try {
          await store(recs);
          moved += recs.length;
        } catch (err) {
          if (unavailable(err)) {
            if (recs.length)
              await redis.rpush(SEARCH_LOG_KEY, ...recs.map((r) => JSON.stringify(r)));
            throw err;
          }
          // PostgreSQL refused the batch itself: store one by one, so one bad record cannot
          // hold the others back forever; the ones refused on their own are logged and dropped.
          for (let j = 0; j < recs.length; j++) {
            try {
              await store([recs[j]!]);
              moved++;
            } catch (one) {
              if (unavailable(one)) {
                await redis.rpush(SEARCH_LOG_KEY, ...recs.slice(j).map((r) => JSON.stringify(r)));
                throw one;
              }
              opts.warn?.('search log: a record was refused by the database and dropped', {
                error: one instanceof Error ? one.message : String(one),
              });
            }
          }
        }
        if (items.length < batch) break;
      }
      return moved;
    },
  };
}
