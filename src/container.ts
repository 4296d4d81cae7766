/**
 * The only place that picks concrete adapters. Per isolate: the parsed config and clients
 * without I/O state (Upstash is plain fetch). Per request: the database pool, because
 * Workers forbid sharing I/O objects across requests.
 */
import { Redis } from '@upstash/redis/cloudflare';
import { createPgVectorIndex } from './adapters/pgvector';
import { createPineconeIndex } from './adapters/pinecone';
import { openDatabase, type Database, type Db } from './db/client';
import { createCatalogRepository } from './db/repositories/catalog';
import { bumpCatalogVersion, readCatalogVersion } from './db/repositories/catalog-version';
import { createAvailabilityRepository } from './db/repositories/availability';
import { createNotificationRepository } from './db/repositories/notifications';
import type { AvailabilityRepository, LivePublisher, ReplayGuard } from './services/availability/ports';
import { createLivePublisher } from './adapters/cloudflare/live-publisher';
import { createLiveFeed } from './adapters/cloudflare/live-feed';
import type { VerifyDeps } from './services/availability/verify';
import { createGates } from './adapters/cloudflare/platform-gates';
import { createSimulatedPlatformClient } from './adapters/platforms/simulated';
import { createTmdbClients } from './adapters/tmdb';
import { createWatchmodeClients } from './adapters/watchmode';
import { createSearchRepository } from './db/repositories/search';
import { createSearchLog, SEARCH_LOG_BATCH, type SearchLog } from './adapters/upstash/search-log';
import { edgeTextCache, kvTextCache } from './adapters/cloudflare/text-caches';
import { localEmbedder } from './adapters/local/embedder';
import { createOpenAiAdapters } from './adapters/openai';
import type { CacheDeps } from './services/search/cached-search';
import type { Gazetteer } from './services/search/parse-query';
import type { SearchDeps } from './services/search/search';
import type { RunSearchDeps } from './services/search/run-search';
import { getUserPreferences } from './db/repositories/users';
import { parseConfig, type Config } from './env';
import { createRateLimiter, type RateLimiter } from './adapters/upstash/rate-limiter';
import { createTokenDenylist } from './adapters/upstash/token-denylist';
import { createRefreshTokenStore } from './db/repositories/refresh-tokens';
import { createActivityRepository } from './db/repositories/user-activity';
import { createPrivacyRepository } from './db/repositories/user-privacy';
import { createUserRepository } from './db/repositories/users';
import { createAccessTokens } from './services/accounts/access-tokens';
import type { AuthDeps } from './services/accounts/auth';
import { createPbkdf2Hasher } from './services/accounts/password';
import type { PersonalDataDeps } from './services/accounts/personal-data';
import type { AccessTokens } from './services/accounts/ports';
import { AppError } from './lib/errors';
import { createRecsRepository } from './db/repositories/recommendations';
import { createTrendingStore, redisMissingTrendingStore } from './adapters/upstash/trending';
import { createRecsCache, noRecsCache } from './adapters/upstash/recs-cache';
import type { RecsCache } from './services/recommendations/ports';
import type { RecsDeps } from './services/recommendations/recommend';
import { recommendationsFor } from './services/recommendations/for-person';
import { describingFromMemo, TitleMemo } from './services/recommendations/title-memo';
import { AnswerMemo } from './services/search/answer-memo';
import { lease, SettledMemo } from './lib/isolate-cache';
import { RecommendationsQuerySchema } from './schemas/recommendations';
import type { TrendingDeps } from './services/recommendations/trending';
import type { TrendingStore } from './services/recommendations/ports';
import { createLogger, type Logger } from './lib/logger';
import { M } from './lib/metrics/families';
import { MetricsFlusher, type MetricsStore } from './lib/metrics/flusher';
import { MetricsRecorder } from './lib/metrics/recorder';
import { createRedisMetricsStore } from './adapters/upstash/metrics-store';
import { enqueueChecks, REGIONS_POLLED, type Outbox } from './services/availability/polling';
import { contentSourcesFrom } from './adapters/content-sources';
import { createIngestRepository, embeddableTitles } from './db/repositories/ingest';
import { EMBEDDING_DIMENSIONS } from './db/vector-schema';
import { embedTitles } from './services/catalog/embed-titles';
import type { IngestDeps } from './services/catalog/ingest/run';
import { LOCAL_EMBEDDING_MODEL } from './services/embedding/local-embedder';
import type { CatalogRepository, HealthProbe, VectorIndex } from './services/ports';

export interface IsolateServices {
  config: Config;
  redis: Redis | undefined;
  env: Env;
  /** The gazetteer, the token keys and whether the vector leg exists, refreshed every few minutes. */
  memo: SettledMemo;
  metrics: IsolateMetrics;
}

/**
 * Metrics: each isolate adds up its figures in memory (no I/O on the request path) and flushes
 * them to Redis in one MULTI of HINCRBYs at most every METRICS_FLUSH_MS, through waitUntil;
 * a scrape reads the sum over all isolates from Redis. Chosen over a Durable Object because a
 * DO would be one more paid round trip per flush into a single global object, while Redis is
 * already a dependency and HINCRBY sums across isolates for free. Cost: figures an evicted
 * isolate had not flushed (at most a few seconds' worth) are lost, and a Redis outage only
 * delays them (they stay in memory, bounded by the few series, until a flush succeeds).
 */
export interface IsolateMetrics {
  recorder: MetricsRecorder;
  flusher: MetricsFlusher;
  /** Undefined without Redis: metrics then live only in each isolate's memory. */
  store: MetricsStore | undefined;
}

export const METRICS_FLUSH_MS = 5_000;
// Module scope, not per env: the recorder must outlive a rebuilt IsolateServices.
const metricsRecorder = new MetricsRecorder();
/** For isolate-level events outside any request (a request's own logger is preferred). */
const metricsLog = createLogger({ component: 'isolate' });
const metricsFlusher = new MetricsFlusher(metricsRecorder, { intervalMs: METRICS_FLUSH_MS, warn: (msg, fields) => metricsLog.warn(msg, fields) });
export const AVAILABILITY_QUEUE_NAME = 'availability-checks';
export const CATALOG_QUEUE_NAME = 'catalog-ingest';

const MEMO_TTL_MS = 5 * 60_000;

/** Export and erasure see every search: the pending ones are drained into Postgres first. */
function drainingSearchLogFirst<R extends { exportUser(...a: never[]): Promise<unknown>; eraseUser(...a: never[]): Promise<unknown> }>(repo: R, drain: () => Promise<unknown>): R {
  return {
    ...repo,
    exportUser: async (...a: Parameters<R['exportUser']>) => (await drain(), repo.exportUser(...a)),
    eraseUser: async (...a: Parameters<R['eraseUser']>) => (await drain(), repo.eraseUser(...a)),
  };
}

/** Described titles shared by this isolate's requests (see title-memo.ts). */
const titleMemo = new TitleMemo();
/** Autocomplete answers shared by this isolate's requests (see answer-memo.ts). */
const suggestionMemo = new AnswerMemo();
/** The catalog version for suggestions, read from Redis at most once a second per isolate. */
const recentVersion = lease<number>(1000);

let cached: { env: object; services: IsolateServices } | undefined;

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
          // The client is shared by the isolate's requests. Auto-pipelining (on by default since
          // @upstash/redis 1.3x) batches commands issued in the same tick into one fetch, and a
          // batch mixing two requests' commands reads one request's response body from the
          // other's handler, which workerd refuses ("Cannot perform I/O on behalf of a
          // different request"). Explicit pipelines (trending, recs cache) still batch.
          enableAutoPipelining: false,
        })
      : undefined;
  const metrics: IsolateMetrics = { recorder: metricsRecorder, flusher: metricsFlusher, store: redis ? createRedisMetricsStore(redis) : undefined };
  cached = { env, services: { config, redis, env: env as Env, memo: new SettledMemo(MEMO_TTL_MS), metrics } };
  return cached.services;
}

export interface RequestServices {
  config: Config;
  /** Opens the request's pool on first use. */
  db(): Db;
  catalog(): CatalogRepository;
  vector(): VectorIndex;
  redis(): Redis;
  probes(): HealthProbe[];
  search(): Promise<SearchDeps>;
  searchCaches(): CacheDeps;
  /** A search as the API serves it: pipeline, caches, the caller's tastes, history and popularity. */
  searchRun(): Promise<RunSearchDeps>;
  /** Accounts: repositories, token keys, denylist and hasher (the route adds its logger). */
  accounts(): Omit<AuthDeps & PersonalDataDeps, 'log'>;
  /** What checking a bearer token needs, without opening the database. */
  tokenGuard(): Pick<AuthDeps, 'accessTokens' | 'denylist'>;
  /** Availability: storage of offers and changes, and the webhook replay guard. */
  availability(): { repo: AvailabilityRepository; replay: ReplayGuard; bumpCatalogVersion: () => Promise<number>; live: LivePublisher };
  /** Live availability: subscribe to a title's or a person's hub (SSE through the LiveUpdateHub). */
  live(): ReturnType<typeof createLiveFeed>;
  /** Database statements run for this request so far (a drizzle logger counts them). */
  queryCount(): number;
  /** The caller's availability notifications. */
  notifications(): ReturnType<typeof createNotificationRepository>;
  /** What on-demand verification needs: storage, the platform gates and a client per platform. */
  verification(): VerifyDeps;
  /** Recommendations and similar titles: signals, neighbours, the vector leg when it is usable. */
  recommendations(): Promise<RecsDeps>;
  /** Trending counters (Redis) with the Postgres fallback. */
  trending(): TrendingDeps;
  /** This isolate's metrics recorder and its flush to the shared store. */
  metrics: IsolateMetrics;
  /** The availability queue, counting what is sent (queue depth metrics). */
  availabilityOutbox(): Outbox;
  /** Makes every cached search and suggestion answer unreachable; returns the new catalog version. */
  bumpCatalogVersion(): Promise<number>;
  /** Catalog ingestion: the configured content sources, storage, the catalog queue and what follows a page. */
  ingestion(): IngestDeps;
  /** Rate limits on Redis; throws when Redis is not configured (callers fail open). */
  rateLimiter(): RateLimiter;
  /** The search log (searches on their way to search_history); absent without Redis. */
  searchLog(): SearchLog | undefined;
  /** Moves pending searches into search_history; failures are logged, never thrown. */
  drainSearchLog(opts?: { maxBatches?: number }): Promise<number>;
  /** Work to finish after the response (search history, cache writes); dispose waits for it. */
  background(task: Promise<unknown>): void;
  /** Closes what this request opened; call through waitUntil. */
  dispose(): Promise<void>;
}

/** `log` (the request's or the batch's, with its trace ids) reports background failures. */
export function requestServices(iso: IsolateServices, log?: Logger): RequestServices {
  let database: Database | undefined;
  let queries = 0;
  const db = () => (database ??= openDatabase(iso.config.database, { logQuery: () => void queries++ })).db;
  const vector = (): VectorIndex =>
    iso.config.vector.kind === 'pinecone' ? createPineconeIndex(iso.config.vector) : createPgVectorIndex(db());
  const redis = () => {
    if (!iso.redis) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Redis is not configured (UPSTASH_REDIS_REST_URL / _TOKEN are unset)');
    return iso.redis;
  };
  const dbBackend = iso.config.database.wsProxy ? 'postgres via local ws pipe' : 'neon';
  const tasks: Promise<unknown>[] = [];
  const recsCache = iso.redis ? createRecsCache(iso.redis) : noRecsCache;
  const kv = iso.env.QUERY_CACHE ? kvTextCache(iso.env.QUERY_CACHE) : undefined;
  const ai = iso.config.ai.kind === 'openai' ? createOpenAiAdapters(iso.config.ai, kv) : undefined;
  const accessTokens = () => iso.memo.get<AccessTokens>('access-tokens', () => createAccessTokens(iso.config.auth));
  const vectorUsable = () =>
    iso.memo.get('vector-usable', async () => (await vector().status()).status === 'ok');
  /**
   * After a write to a person's taste, their default list (GET /recommendations with no
   * parameters) is computed again in the background, so the next visit reads it from the cache.
   * Nothing to do without a cache; a failure only leaves the next visit to compute.
   */
  const DEFAULT_RECS_QUERY = RecommendationsQuerySchema.parse({});
  const warmRecs = (userId: string) => {
    if (recsCache === noRecsCache) return;
    services.background(
      (async () => recommendationsFor(await services.recommendations(), userId, DEFAULT_RECS_QUERY))().catch(() => undefined),
    );
  };
  const services: RequestServices = {
    config: iso.config,
    db,
    catalog: () => createCatalogRepository(db()),
    vector,
    redis,
    probes: () => [
      {
        name: 'database',
        required: true,
        check: async () => {
          await db().execute('select 1');
          return { status: 'ok', backend: dbBackend };
        },
      },
      {
        name: 'redis',
        required: true,
        check: async () => {
          const pong = await redis().ping();
          return { status: pong === 'PONG' ? 'ok' : 'down', backend: 'upstash-rest' };
        },
      },
      { name: 'vector', required: true, check: () => vector().status() },
    ],
    search: async () => {
      const repo = createSearchRepository(db());
      return {
        repo,
        gazetteer: () => iso.memo.get<Gazetteer>('gazetteer', () => repo.gazetteer()),
        // Query vectors must come from the model that embedded the catalog: the catalog is
        // embedded locally (scripts/lib/embeddings.ts), so queries are too, with or without OpenAI.
        embedder: localEmbedder,
        vector: (await vectorUsable().catch(() => false)) ? vector() : undefined,
        understanding: ai?.understanding,
        understandingTimeoutMs: iso.config.ai.kind === 'openai' ? iso.config.ai.timeoutMs : undefined,
      };
    },
    searchCaches: () => ({
      edge: typeof caches !== 'undefined' ? edgeTextCache(caches.default) : undefined,
      kv,
      catalogVersion: () => readCatalogVersion(db, iso.redis),
      recentCatalogVersion: () => recentVersion(() => readCatalogVersion(db, iso.redis)),
      memo: suggestionMemo,
      observe: (layer, result) => iso.metrics.recorder.inc(M.searchCache, { layer, result }),
    }),
    metrics: iso.metrics,
    availabilityOutbox: () => countingOutbox(iso.env.AVAILABILITY_QUEUE, iso.metrics.recorder),
    bumpCatalogVersion: () => bumpCatalogVersion(db(), iso.redis),
    searchRun: async () => {
      return {
        search: await services.search(),
        caches: services.searchCaches(),
        preferences: (userId) => getUserPreferences(db(), userId),
        record: async (rec) => {
          const searchLog = services.searchLog();
          if (!searchLog) return createSearchRepository(db()).recordSearch(rec);
          // The search whose append fills a batch drains it, so the list stays short between
          // cron ticks however busy search is (one database round trip per 500 searches).
          const length = await searchLog.record(rec);
          if (length && length % SEARCH_LOG_BATCH === 0) await services.drainSearchLog({ maxBatches: 1 });
        },
        background: services.background,
        recommendations: services.recommendations,
        trending: services.trending().store,
      };
    },
    tokenGuard: () => ({ accessTokens, denylist: createTokenDenylist(redis) }),
    accounts: () => ({
      users: forgettingRecsOnWrite(createUserRepository(db()), recsCache, ['savePreferences'], warmRecs),
      activity: forgettingRecsOnWrite(createActivityRepository(db()), recsCache, ['addToWatchlist', 'removeFromWatchlist', 'rate', 'recordView'], warmRecs),
      // Pending searches reach Postgres first, so that an export holds them and an erasure removes them.
      privacy: drainingSearchLogFirst(forgettingRecsOnWrite(createPrivacyRepository(db()), recsCache, ['eraseUser']), services.drainSearchLog),
      refreshTokens: createRefreshTokenStore(db()),
      denylist: createTokenDenylist(redis),
      passwords: createPbkdf2Hasher({ iterations: iso.config.auth.pbkdf2Iterations }),
      accessTokens,
      accessTtlSec: iso.config.auth.accessTtlSec,
      refreshTtlSec: iso.config.auth.refreshTtlSec,
    }),
    recommendations: async () => ({
      repo: describingFromMemo(createRecsRepository(db()), titleMemo, () => readCatalogVersion(db, iso.redis)),
      vector: (await vectorUsable().catch(() => false)) ? vector() : null,
      config: iso.config.recs,
      cache: recsCache,
      background: services.background,
    }),
    trending: () => {
      // Without Redis the store refuses and the service answers from Postgres.
      const store: TrendingStore = iso.redis ? createTrendingStore(iso.redis) : redisMissingTrendingStore;
      return { store, repo: createRecsRepository(db()) };
    },
    rateLimiter: () => createRateLimiter(redis),
    searchLog: () => (iso.redis ? createSearchLog(iso.redis, (rec) => createSearchRepository(db()).recordSearch(rec)) : undefined),
    drainSearchLog: async (opts = {}) => {
      const searchLog = services.searchLog();
      if (!searchLog) return 0;
      const warn = (msg: string, fields?: Record<string, unknown>) => (log ?? metricsLog).warn(msg, fields);
      try {
        return await searchLog.drain((recs) => createSearchRepository(db()).recordSearches(recs), { warn, maxBatches: opts.maxBatches });
      } catch (err) {
        warn('search log not drained; the records wait for the next drain', { error: err instanceof Error ? err.message : String(err) });
        return 0;
      }
    },
    notifications: () => createNotificationRepository(db()),
    live: () => createLiveFeed(iso.env.LIVE_UPDATES),
    queryCount: () => queries,
    verification: () => {
      const repo = createAvailabilityRepository(db());
      const p = iso.config.platforms;
      const titleOf = (id: string) => repo.titleRef(id);
      // Watchmode (prices, formats) first, then TMDB, else the local simulated platforms.
      const clientFor = p.watchmodeApiKey
        ? createWatchmodeClients({ apiKey: p.watchmodeApiKey, titleOf })
        : p.tmdbApiKey
          ? createTmdbClients({ token: p.tmdbApiKey, titleOf })
          : p.simUrl
            ? (platformId: string) => createSimulatedPlatformClient(p.simUrl!, platformId)
            : () => undefined;
      return {
      repo,
      gates: createGates(iso.env.PLATFORM_GATE),
      clientFor,
      bumpCatalogVersion: () => bumpCatalogVersion(db(), iso.redis),
      live: createLivePublisher(iso.env.LIVE_UPDATES),
      timeoutMs: iso.config.platforms.timeoutMs,
      observeCall: (platformId, outcome, latencyMs) => {
        iso.metrics.recorder.inc(M.platformRequests, { platform: platformId, outcome });
        if (latencyMs !== undefined) iso.metrics.recorder.observe(M.platformDuration, { platform: platformId }, latencyMs / 1000);
      },
      };
    },
    ingestion: () => ({
      repo: createIngestRepository(db()),
      sources: contentSourcesFrom(iso.config.catalog),
      send: async (message) => {
        await iso.env.CATALOG_QUEUE.send(message);
        iso.metrics.recorder.inc(M.queueEnqueued, { queue: CATALOG_QUEUE_NAME });
      },
      pageSize: iso.config.catalog.pageSize,
      hooks: {
        reembed: async (ids) => {
          if (!(await vectorUsable().catch(() => false))) return;
          await embedTitles({ titles: await embeddableTitles(db(), ids, LOCAL_EMBEDDING_MODEL), vector: vector(), dimensions: EMBEDDING_DIMENSIONS });
        },
        // New titles: where they stream is checked like any title's (the simulated platforms locally).
        newTitles: async (ids) => void (await enqueueChecks(services.availabilityOutbox(), ids, REGIONS_POLLED)),
        invalidate: async () => void (await services.bumpCatalogVersion()),
      },
      warn: (msg, fields) => (log ?? metricsLog).warn(msg, fields),
    }),
    availability: () => ({
      repo: createAvailabilityRepository(db()),
      replay: {
        firstSeen: async (key, ttlSeconds) => (await redis().set(key, 1, { nx: true, ex: ttlSeconds })) === 'OK',
      },
      bumpCatalogVersion: () => bumpCatalogVersion(db(), iso.redis),
      live: createLivePublisher(iso.env.LIVE_UPDATES),
    }),
    background: (task) => {
      tasks.push(
        task.catch((err) => {
          // Nothing waits on these, so the failure is logged rather than lost.
          (log ?? metricsLog).error('background task failed', { error: err instanceof Error ? err.message : String(err) });
        }),
      );
    },
    dispose: async () => {
      // Background tasks may start more (a recomputed list then stores itself): wait for all.
      for (let done = 0; done < tasks.length; ) {
        const batch = tasks.slice(done);
        done = tasks.length;
        await Promise.all(batch);
      }
      await database?.close();
    },
  };
  return services;
}

/** Sends to the availability queue and counts each message as enqueued. */
export function countingOutbox(queue: Env['AVAILABILITY_QUEUE'], recorder: MetricsRecorder): Outbox {
  return {
    async send(messages) {
      // sendBatch takes at most 100 messages.
      for (let i = 0; i < messages.length; i += 100) {
        const chunk = messages.slice(i, i + 100);
        await queue.sendBatch(chunk);
        recorder.inc(M.queueEnqueued, { queue: AVAILABILITY_QUEUE_NAME }, chunk.length);
      }
    },
  };
}

/**
 * Wraps a repository so that each listed write, once it has run, forgets the person's cached
 * recommendations (the user id is every such method's first argument) and then calls `after`
 * (which recomputes the default list in the background). A failure to forget is left to the
 * cache's time limit.
 */
function forgettingRecsOnWrite<R extends object>(repo: R, cache: RecsCache, writes: (keyof R & string)[], after?: (userId: string) => void): R {
  const wrapped = { ...repo } as Record<string, unknown>;
  for (const name of writes) {
    const fn = (repo as Record<string, unknown>)[name] as (userId: string, ...rest: unknown[]) => Promise<unknown>;
    wrapped[name] = async (userId: string, ...rest: unknown[]) => {
      const result = await fn.call(repo, userId, ...rest);
      await cache.forget(userId).catch(() => {});
      after?.(userId);
      return result;
    };
  }
  return wrapped as R;
}
