/**
 * What an isolate keeps between requests: the parsed config, the Redis client (plain fetch, no
 * I/O state), metrics, and a few settled values (see lib/isolate-cache.ts). Rebuilt only when
 * the env object changes.
 */
import { Redis } from '@upstash/redis/cloudflare';
import { parseConfig, type Config } from '../env';
import { AppError } from '../lib/errors';
import { SettledMemo } from '../lib/isolate-cache';
import { createPiiCipher, parsePiiKeyring, type PiiCipher } from '../lib/pii-cipher';
import { requestTiming } from '../lib/request-timing';
import { isolateMetrics, type IsolateMetrics } from './metrics';

export interface IsolateServices {
  config: Config;
  redis: Redis | undefined;
  env: Env;
  /** The gazetteer, the token keys and whether the vector leg exists, refreshed every few minutes. */
  memo: SettledMemo;
  metrics: IsolateMetrics;
  /** The embedder, made on first use (its query-vector memo lives as long as the isolate). */
  embedder?: unknown;
}

const MEMO_TTL_MS = 5 * 60_000;

let cached: { env: object; services: IsolateServices } | undefined;

/** How long one Redis command may take (Upstash answers in a few ms from a nearby region). */
export const REDIS_DEADLINE_MS = 1000;

/** Builds the per-isolate services once (the env object is stable for an isolate). */
export function isolateServices(env: object): IsolateServices {
  if (cached?.env === env) return cached.services;
  const config = parseConfig(env as Record<string, unknown>);
  const redis =
    config.redis.url && config.redis.token
      ? new Redis({
          url: config.redis.url,
          token: config.redis.token,
          enableTelemetry: false,
          retry: { retries: 1, backoff: () => 50 },
          // Every command has a deadline: a Redis that hangs (rather than refusing) must not
          // hang the request. An aborted command throws like a refused one, so each caller's
          // policy applies (stated where it calls): counters, caches, trending, metrics and the
          // search log fail open or fall back to Postgres; the rate limiter and the sign-in
          // guard let the request through (logged). Not retried after a deadline.
          signal: () => AbortSignal.timeout(REDIS_DEADLINE_MS),
          // The client is shared by the isolate's requests. Auto-pipelining (on by default since
          // @upstash/redis 1.3x) batches commands issued in the same tick into one fetch, and a
          // batch mixing two requests' commands reads one request's response body from the
          // other's handler, which workerd refuses ("Cannot perform I/O on behalf of a
          // different request"). Explicit pipelines (trending, recs cache) still batch.
          enableAutoPipelining: false,
        })
      : undefined;
  if (redis) countRoundTrips(redis);
  cached = {
    env,
    services: {
      config,
      redis,
      env: env as Env,
      memo: new SettledMemo(MEMO_TTL_MS),
      metrics: isolateMetrics(redis),
    },
  };
  return cached.services;
}

/**
 * Counts each HTTP request the Upstash client sends (a command, a pipeline, a MULTI: one round
 * trip each) against the request whose code sent it (Server-Timing). The client's requester is
 * the one place every command and pipeline goes through.
 */
function countRoundTrips(redis: Redis): void {
  const client = (redis as unknown as { client: { request: (req: unknown) => Promise<unknown> } })
    .client;
  const send = client.request.bind(client);
  client.request = (req) => {
    const t = requestTiming();
    if (t) t.redis++;
    return send(req);
  };
}

/**
 * The isolate's cipher for personal data at rest (PII_KEYS), imported once. Without keys,
 * writing or reading personal data is a 503 (as sign-in is without JWT keys); search and the
 * catalog do not need them.
 */
export function piiCipher(iso: IsolateServices): Promise<PiiCipher> {
  return iso.memo.get<PiiCipher>('pii-cipher', async () => {
    const keys = iso.config.auth.piiKeys;
    if (!keys)
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        'Personal data cannot be stored on this deployment (PII_KEYS is unset)',
      );
    try {
      return await createPiiCipher(parsePiiKeyring(keys));
    } catch (err) {
      throw new AppError('INTERNAL', err instanceof Error ? err.message : 'PII_KEYS is malformed');
    }
  });
}
