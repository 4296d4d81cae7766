/**
 * A search as the API serves it (REST and GraphQL): the caller's tastes when signed in, the
 * cached pipeline, and, after the answer, the search recorded in history and in the day's
 * popular queries.
 */
import type { TrendingStore } from '../recommendations/ports';
import type { RecsDeps } from '../recommendations/recommend';
import { recommendForSearch, routesToRecommendations } from '../recommendations/search-intent';
import { EVENT_WEIGHTS } from '../recommendations/trending';
import { cachedSearch, type CacheDeps, type CachedSearchOutput } from './cached-search';
import type { SearchRecord } from './ports';
import type { SearchDeps, SearchInput, SearchUser } from './search';

export interface RunSearchDeps {
  search: SearchDeps;
  caches: CacheDeps;
  /** The signed-in caller's platforms and genres (null: no such active account). */
  preferences: (userId: string) => Promise<{ platforms: string[]; genres: string[]; personalisation: boolean } | null>;
  /**
   * Records the search in history and counts it among today's popular searches (the search
   * log: one Redis round trip, drained into Postgres later; straight to Postgres without Redis).
   */
  record: (rec: SearchRecord) => Promise<unknown>;
  background: (task: Promise<unknown>) => void;
  /** A signed-in person's "what should I watch" is answered from their recommendations. */
  recommendations?: () => Promise<RecsDeps>;
  /** Searches that name a title count toward trending in the asked region. */
  trending?: TrendingStore;
}

export async function runSearch(deps: RunSearchDeps, input: Omit<SearchInput, 'user'>, callerId?: string): Promise<CachedSearchOutput> {
  const prefs = callerId ? await deps.preferences(callerId) : null;
  // Anonymous callers (and accounts without preferences, or without consent to personalisation)
  // get the shared, cached answers, and their searches are kept without an account.
  const user: SearchUser | undefined = prefs?.personalisation && callerId ? { id: callerId, platforms: prefs.platforms, genres: prefs.genres } : undefined;
  let out = await cachedSearch(deps.search, deps.caches, { ...input, user }, deps.background);
  if (user && deps.recommendations && routesToRecommendations(out.query, true, Boolean(input.cursor))) {
    out = { ...(await recommendForSearch(await deps.recommendations(), out, { ...user, region: input.region }, input.limit)), cache: out.cache };
  }
  deps.background(
    deps.record({
      userId: user?.id,
      query: input.query,
      normalizedQuery: out.query.normalized,
      region: input.region,
      intent: out.query.intent,
      resultCount: out.meta.total,
      tookMs: out.meta.took_ms,
      at: new Date().toISOString(),
    }),
  );
  const named = out.query.intent === 'title_lookup' ? out.results[0] : undefined;
  if (named && deps.trending) deps.background(deps.trending.record([{ contentId: named.id, region: input.region, weight: EVENT_WEIGHTS.search, at: Date.now() }]));
  return out;
}
