/**
 * What a request cost in round trips, reported in its `Server-Timing` header: database
 * statements and connections, Redis round trips, embedding calls, which cache answered and the
 * total time. The request's own counters travel with its async context (AsyncLocalStorage), so
 * clients shared by an isolate's requests (the Upstash client) count against the request that
 * used them; per-request clients (the database) count through the request scope.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type CacheLayer = 'edge' | 'kv' | 'memo' | 'redis' | 'miss';

export interface RequestTiming {
  /** Database statements sent. */
  queries: number;
  /** Database connections (or HTTP SQL requests) opened: each is a round trip or more before the first row. */
  connections: number;
  /**
   * Database round trips in turn: each HTTP SQL request is one more than the deepest that had
   * answered when it started (requests in flight together share a level), so this is the most
   * the answer waited on the database one after another (an upper bound: it reads order in time,
   * not which answer a request needed).
   */
  dbSequential: number;
  /** The deepest level of the database requests answered so far (see dbSequential). */
  dbAnswered: number;
  /** Redis (Upstash REST) round trips; a pipeline or MULTI is one. */
  redis: number;
  /** Embedding calls. */
  embed: number;
  /** Which cache answered, on routes with one. */
  cache?: CacheLayer;
  started: number;
}

export const newRequestTiming = (): RequestTiming => ({
  queries: 0,
  connections: 0,
  dbSequential: 0,
  dbAnswered: 0,
  redis: 0,
  embed: 0,
  started: Date.now(),
});

const current = new AsyncLocalStorage<RequestTiming>();

/** Runs `fn` with `timing` as the request's counters. */
export const withRequestTiming = <T>(timing: RequestTiming, fn: () => T): T =>
  current.run(timing, fn);

/** The counters of the request whose code is running, if any. */
export const requestTiming = (): RequestTiming | undefined => current.getStore();

/**
 * Runs `fn` outside the request's counters: work started for after the response (a deferred
 * rate-limit count, the search log) is not a round trip the answer waited for.
 */
export const offRequestPath = <T>(fn: () => T): T => current.exit(fn);

export function serverTiming(t: RequestTiming, now = Date.now()): string {
  const parts = [
    `db;desc="${t.queries} queries"`,
    `dbconn;desc="${t.connections} connections"`,
    `dbrt;desc="${t.dbSequential} in turn"`,
    `redis;desc="${t.redis} round trips"`,
    `embed;desc="${t.embed}"`,
  ];
  if (t.cache) parts.push(`cache;desc="${t.cache}"`);
  parts.push(`total;dur=${now - t.started}`);
  return parts.join(', ');
}

/**
 * Counts one database round trip from its start to its answer: an HTTP SQL request (which is a
 * connection of its own too), or with `opensConnection` false a query over an open connection.
 */
export function countDbRoundTrip<T>(
  t: RequestTiming | undefined,
  run: () => Promise<T>,
  opensConnection = true,
): Promise<T> {
  if (!t) return run();
  if (opensConnection) t.connections++;
  const level = t.dbAnswered + 1;
  if (level > t.dbSequential) t.dbSequential = level;
  return run().finally(() => {
    if (level > t.dbAnswered) t.dbAnswered = level;
  });
}

/** Reads a Server-Timing header back into counts (tests, the benchmark). */
export function parseServerTiming(header: string | null): {
  db?: number;
  dbconn?: number;
  dbrt?: number;
  redis?: number;
  embed?: number;
  cache?: string;
  total?: number;
} {
  const out: Record<string, number | string> = {};
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k === 'desc' && v) {
        const text = v.replace(/^"|"$/g, '');
        const n = /^(\d+)/.exec(text);
        out[name] = name === 'cache' ? text : n ? Number(n[1]) : text;
      } else if (k === 'dur' && v) out[name === 'total' ? 'total' : name] = Number(v);
    }
  }
  return out;
}
