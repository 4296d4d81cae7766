/** Search: the pipeline's ports, its caches, the search log, and a search as the API serves it. */
import { edgeTextCache, kvTextCache } from '../adapters/cloudflare/text-caches';
import { createOpenAiAdapters } from '../adapters/openai';
import { createSearchLog } from '../adapters/upstash/search-log';
import { createRecsRepository } from '../db/repositories/recommendations';
import { createSearchRepository } from '../db/repositories/search';
import { lease } from '../lib/isolate-cache';
import { offRequestPath } from '../lib/request-timing';
import { piiCipher } from './isolate';
import { M } from '../lib/metrics/families';
import { AnswerMemo } from '../services/search/answer-memo';
import type { CacheDeps } from '../services/search/cached-search';
import type { Gazetteer } from '../services/search/parse-query';
import type { Embedder } from '../services/search/ports';
import { seriesOf } from '../services/recommendations/franchise';
import type { TrendingStore } from '../services/recommendations/ports';
import type { RunSearchDeps } from '../services/search/run-search';
import type { SearchDeps } from '../services/search/search';
import { drainSearchLog, recordSearch, type SearchLogDeps } from '../services/search/search-log';
import type { SuggestionDeps } from '../services/search/suggest';
import { catalogVersion, embedder, usableVector } from './catalog';
import type { RecommendationServices } from './recommendations';
import type { RequestScope } from './request-scope';

/** Autocomplete answers shared by this isolate's requests (see answer-memo.ts). */
const suggestionMemo = new AnswerMemo();
/**
 * The isolate's recent search answers, before the edge cache: up to 500 answers and 2 million
 * characters of answer text (a 20-result answer is 10 to 20 thousand; 2 to 4 MB in V8's strings),
 * for the 60 s the edge cache keeps one (EDGE_TTL_SECONDS,
 * not imported: this module is read before the search service's at start).
 */
const searchAnswerMemo = new AnswerMemo(500, 60_000, undefined, 2_000_000);
/** The catalog version for suggestions, read from Redis at most once a second per isolate. */
const recentVersion = lease<number>(1000);

export interface SearchServices {
  search(): Promise<SearchDeps>;
  searchCaches(): CacheDeps;
  /** A search as the API serves it: pipeline, caches, the caller's tastes, history and popularity. */
  searchRun(): Promise<RunSearchDeps>;
  /** Autocomplete: its caches and, on a miss, the pipeline's repository and gazetteer. */
  suggestions(): SuggestionDeps;
  /** The search log (searches on their way to search_history; absent without Redis) and where it drains. */
  searchLog(): SearchLogDeps;
  /** Moves pending searches into search_history; failures are logged, never thrown. */
  drainSearchLog(opts?: { maxBatches?: number }): Promise<number>;
}

/** Counts the request's embedding calls (Server-Timing). */
const countedEmbedder = (embedder: Embedder, scope: RequestScope): Embedder => ({
  model: embedder.model,
  dimensions: embedder.dimensions,
  embed: (text) => {
    scope.timing.embed++;
    return embedder.embed(text);
  },
});

/** Trending counts a search makes are written after the answer. */
const offPathTrending = (store: TrendingStore | undefined): TrendingStore | undefined =>
  store && { ...store, record: (events) => offRequestPath(() => store.record(events)) };

export function searchServices(scope: RequestScope, recs: RecommendationServices): SearchServices {
  const { iso, db } = scope;
  const kv = iso.env.QUERY_CACHE ? kvTextCache(iso.env.QUERY_CACHE) : undefined;
  const ai =
    iso.config.ai.kind === 'openai'
      ? createOpenAiAdapters(iso.config.ai, kv, undefined, scope.log.warn)
      : undefined;
  const search = async (): Promise<SearchDeps> => {
    const repo = createSearchRepository(db());
    return {
      repo,
      gazetteer: () => iso.memo.get<Gazetteer>('gazetteer', () => repo.gazetteer()),
      // Query vectors come from the model that embedded the catalog (the configured one).
      embedder: countedEmbedder(embedder(scope), scope),
      embedTimeoutMs: iso.config.embeddings.timeoutMs,
      vector: await usableVector(scope),
      understanding: ai?.understanding,
      understandingTimeoutMs: iso.config.ai.kind === 'openai' ? iso.config.ai.timeoutMs : undefined,
      franchise: async (anchor) => {
        const recsRepo = createRecsRepository(db());
        const lookUp = recsRepo.titlesByPrefix?.bind(recsRepo);
        return lookUp ? (await seriesOf(anchor, lookUp)).map((f) => f.id) : [];
      },
    };
  };
  const searchCaches = (): CacheDeps => ({
    edge: typeof caches !== 'undefined' ? edgeTextCache(caches.default) : undefined,
    kv,
    catalogVersion: catalogVersion(scope),
    recentCatalogVersion: () => recentVersion(catalogVersion(scope)),
    memo: suggestionMemo,
    answers: searchAnswerMemo,
    observe: (layer, result) => iso.metrics.recorder.inc(M.searchCache, { layer, result }),
    warn: scope.log.warn,
  });
  const searchLog = (): SearchLogDeps => {
    // Search texts are encrypted as they reach search_history (a drain), not while a search is answered.
    const history = () => createSearchRepository(db(), () => piiCipher(iso));
    return {
      log: iso.redis ? createSearchLog(iso.redis, (rec) => history().recordSearch(rec)) : undefined,
      history: {
        recordSearch: (rec) => history().recordSearch(rec),
        recordSearches: (recs) => history().recordSearches(recs),
      },
      warn: scope.log.warn,
    };
  };
  return {
    search,
    searchCaches,
    searchLog,
    drainSearchLog: (opts) => drainSearchLog(searchLog(), opts),
    suggestions: () => ({ caches: searchCaches(), search, background: scope.background }),
    searchRun: async () => ({
      search: await search(),
      caches: searchCaches(),
      preferences: (userId) => scope.userPreferences(userId),
      // After the answer: not a round trip the caller waits for (Server-Timing leaves it out).
      record: (rec) => offRequestPath(() => recordSearch(searchLog(), rec)),
      background: scope.background,
      recommendations: recs.recommendations,
      trending: offPathTrending(recs.trending().store),
    }),
  };
}
