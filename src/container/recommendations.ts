/** Recommendations, similar titles and trending: signals in Postgres, lists cached in Redis, described titles in the isolate. */
import { createRecsCache, noRecsCache } from '../adapters/upstash/recs-cache';
import { createTrendingStore, redisMissingTrendingStore } from '../adapters/upstash/trending';
import { createRecsRepository } from '../db/repositories/recommendations';
import type { recommendationsFor } from '../services/recommendations/for-person';
import type { RecsCache, TrendingStore } from '../services/recommendations/ports';
import type { TasteChangeDeps } from '../services/recommendations/taste-changed';
import { describingFromMemo, TitleMemo } from '../services/recommendations/title-memo';
import type { EngagementDeps, TrendingDeps } from '../services/recommendations/trending';
import { catalogVersion, usableVector } from './catalog';
import type { RequestScope } from './request-scope';

/** Described titles shared by this isolate's requests (see title-memo.ts). */
const titleMemo = new TitleMemo();

export type PersonRecsDeps = Parameters<typeof recommendationsFor>[0];

export interface RecommendationServices {
  /** Recommendations and similar titles: signals, neighbours, the vector leg when it is usable, the lists' cache. */
  recommendations(): Promise<PersonRecsDeps>;
  /** Trending counters (Redis) with the Postgres fallback. */
  trending(): TrendingDeps;
  /** Where a person's view or watchlist add counts toward trending. */
  engagement(): EngagementDeps;
}

export function recommendationServices(
  scope: RequestScope,
): RecommendationServices & { tasteChange: () => TasteChangeDeps } {
  const { iso, db } = scope;
  const cache: RecsCache = iso.redis ? createRecsCache(iso.redis) : noRecsCache;
  // Without Redis the store refuses and the service answers from Postgres.
  const trendingStore = (): TrendingStore =>
    iso.redis ? createTrendingStore(iso.redis) : redisMissingTrendingStore;
  const recommendations = async (): Promise<PersonRecsDeps> => ({
    repo: describingFromMemo(createRecsRepository(db()), titleMemo, catalogVersion(scope)),
    vector: (await usableVector(scope)) ?? null,
    config: iso.config.recs,
    cache,
    background: scope.background,
    warn: scope.log.warn,
  });
  return {
    recommendations,
    trending: () => ({ store: trendingStore(), repo: createRecsRepository(db()) }),
    engagement: () => ({
      store: trendingStore(),
      regionOf: async (userId) => (await scope.userPreferences(userId))?.region,
    }),
    /** For the accounts' taste hook: without a cache there is nothing to recompute into. */
    tasteChange: () => ({
      cache,
      recommendations: cache === noRecsCache ? undefined : recommendations,
      background: scope.background,
      warn: scope.log.warn,
    }),
  };
}
