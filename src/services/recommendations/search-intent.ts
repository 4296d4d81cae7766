/**
 * Search's "recommend" intent ("what should I watch tonight", "a comedy I would like") for a
 * signed-in person: the answer comes from their recommendations, constrained by the facets the
 * query named (genres, years, runtime, rating, MPAA, negations).
 */
import type { ParsedQuery, SearchResult } from '../../schemas/search';
import { toSearchResult } from '../search/result';
import { GENERIC_RECOMMEND_NOTE, type SearchOutput } from '../search/search';
import type { RecTitle } from './ports';
import { recommend, type Recommendation, type RecsDeps } from './recommend';

/** Whether a stored value (any string) is one of a query's enum values. */
const isOneOf = (values: readonly string[], v: string | null) => v !== null && values.includes(v);

export function acceptsFacets(q: ParsedQuery): (t: RecTitle) => boolean {
  const e = q.entities;
  const n = q.negations;
  return (t) => {
    if (e.genres.length && !t.genres.some((g) => e.genres.includes(g))) return false;
    if (t.genres.some((g) => n.genres.includes(g))) return false;
    if (e.years?.min !== undefined && (t.releaseYear ?? 0) < e.years.min) return false;
    if (e.years?.max !== undefined && (t.releaseYear ?? 9999) > e.years.max) return false;
    if (e.runtime?.min !== undefined && (t.runtimeMinutes ?? 0) < e.runtime.min) return false;
    if (e.runtime?.max !== undefined && (t.runtimeMinutes ?? 9999) > e.runtime.max) return false;
    if (e.rating?.min !== undefined && (t.rating ?? 0) < e.rating.min) return false;
    if (e.mpaa.length && !isOneOf(e.mpaa, t.mpaaRating)) return false;
    if (n.mpaa.length && isOneOf(n.mpaa, t.mpaaRating)) return false;
    if (e.priceTiers.length && !t.availability.some((o) => e.priceTiers.includes(o.priceTier))) return false;
    return true;
  };
}

/** A recommendation as a search result: recommendations know no Rotten Tomatoes score nor prices. */
export function recommendationResult(r: Recommendation): SearchResult {
  return toSearchResult(
    { ...r, type: r.type === 'series' ? 'series' : 'movie', imdbRating: r.rating, rottenTomatoes: null },
    { availability: r.availability.map((o) => ({ ...o, amount: null, currency: null })), score: Number(r.score.toFixed(4)), why: r.why },
  );
}

/** Whether a search should be answered from the person's recommendations. */
export const routesToRecommendations = (q: ParsedQuery, signedIn: boolean, paging: boolean) =>
  signedIn && !paging && q.intent === 'recommend' && !q.entities.similarTo;

export async function recommendForSearch(
  deps: RecsDeps,
  out: SearchOutput,
  user: { id: string; region: string; platforms: string[]; genres: string[] },
  limit: number,
): Promise<SearchOutput> {
  const e = out.query.entities;
  const recs = await recommend(deps, {
    userId: user.id,
    region: user.region,
    platforms: e.platforms.length ? e.platforms : user.platforms,
    genres: e.genres.length ? e.genres : user.genres,
    limit,
    accept: acceptsFacets(out.query),
  });
  return {
    ...out,
    results: recs.items.map(recommendationResult),
    meta: {
      ...out.meta,
      total: recs.items.length,
      totalCapped: false,
      nextCursor: null,
      notes: [...out.meta.notes.filter((n) => n !== GENERIC_RECOMMEND_NOTE), `from your recommendations (${recs.strategy})`, ...recs.notes],
    },
  };
}
