/**
 * Emulated distance: on loopback every backend answers in microseconds, which hides what decides
 * the product's latency when deployed (how many sequential round trips a request makes to Neon,
 * Upstash and the embedding service). `STACK_RTT_MS` delays each round trip on every backend
 * path of the local stack; `STACK_RTT_DB_MS`, `STACK_RTT_REDIS_MS`, `STACK_RTT_EMBED_MS`
 * override it per backend.
 */
export interface Distance {
  /** The database paths: the WebSocket pipe (per exchange, and 3 x on connect) and the HTTP SQL endpoint. */
  db: number;
  /** The Upstash REST bridge, per HTTP request. */
  redis: number;
  /** The local embedding service (OpenAI wire format), per HTTP request. */
  embed: number;
}

export const NO_DISTANCE: Distance = { db: 0, redis: 0, embed: 0 };

function ms(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 10_000)
    throw new Error(`${name} must be a number of milliseconds between 0 and 10000, not "${raw}"`);
  return n;
}

export function distanceFromEnv(env: Record<string, string | undefined> = process.env): Distance {
  const all = ms('STACK_RTT_MS', env.STACK_RTT_MS, 0);
  return {
    db: ms('STACK_RTT_DB_MS', env.STACK_RTT_DB_MS, all),
    redis: ms('STACK_RTT_REDIS_MS', env.STACK_RTT_REDIS_MS, all),
    embed: ms('STACK_RTT_EMBED_MS', env.STACK_RTT_EMBED_MS, all),
  };
}

export const describeDistance = (d: Distance) =>
  d.db || d.redis || d.embed
    ? `emulated round trip: database ${d.db} ms, redis ${d.redis} ms, embeddings ${d.embed} ms`
    : 'no emulated distance';

/** Resolves after `ms` (at once for 0). Timers of one duration fire in the order they were set. */
export const after = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
