/**
 * The webhook replay guard: an event id is processed once. Postgres holds the claim (so a
 * Redis outage, refused or hung, neither lets a replay through nor forgets an id seen during
 * it); Redis answers repeats without touching the database. Policy: fail closed: when Postgres
 * cannot answer the delivery is refused with a 503, and the partner retries it.
 */
import type { ReplayCache, ReplayGuard, ReplayRecord } from './ports';

export function createReplayGuard(deps: {
  /** Throws when Redis is not configured (then Postgres alone decides). */
  cache: () => ReplayCache;
  record: () => ReplayRecord;
  log: { warn(msg: string, fields?: Record<string, unknown>): void };
}): ReplayGuard {
  const cached = async <T>(what: string, fn: (c: ReplayCache) => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn(deps.cache());
    } catch (err) {
      deps.log.warn(`webhook replay cache: ${what} failed; Postgres decides`, { error: err });
      return undefined;
    }
  };
  return {
    async firstSeen(key, ttlSeconds) {
      if (await cached('look-up', (c) => c.seen(key))) return false;
      if (!(await deps.record().claim(key))) return false;
      await cached('remember', (c) => c.remember(key, ttlSeconds));
      return true;
    },
    async release(key) {
      await cached('forget', (c) => c.forget(key));
      await deps.record().release(key);
    },
  };
}
