import type { CacheDeps } from './cached-search';
import { normalizeQuery, type Gazetteer } from './parse-query';
import type { SearchRepository, Suggestion, SuggestionCandidate } from './ports';

/** Credits at which a person counts as fully established (the ranking's weight saturates). */
const CREDITS_FULL_WEIGHT = 50;

/**
 * How good a suggestion is: how well the text matches (a prefix is 1), plus half its weight,
 * popularity for a title and credits (log-scaled) for a person. So "tom han" puts Tom Hanks
 * (0.875 + his credits) above a weak title match, and "godf" keeps The Godfather above a
 * Godfrey with three credits.
 */
export function suggestionScore(c: SuggestionCandidate): number {
  const weight = c.kind === 'person' ? Math.min(1, Math.log1p(c.weight) / Math.log1p(CREDITS_FULL_WEIGHT)) : c.weight;
  return c.match + 0.5 * weight;
}

/** Best first, each title or person once, without the ranking's internals. */
export function rankSuggestions(candidates: SuggestionCandidate[]): Suggestion[] {
  const best = new Map<string, { c: SuggestionCandidate; score: number }>();
  for (const c of candidates) {
    const key = `${c.kind}:${c.id}`;
    const score = suggestionScore(c) || 0; // a candidate without figures still counts, last
    const held = best.get(key);
    if (!held || score > held.score) best.set(key, { c, score });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ c: { match: _m, weight: _w, ...s } }) => s);
}

/** Autocomplete over genres (from the gazetteer), then titles and people (actors and directors) ranked together. */
export async function suggest(repo: SearchRepository, gaz: Gazetteer, partial: string, limit: number): Promise<Suggestion[]> {
  const p = normalizeQuery(partial);
  const genres: Suggestion[] = gaz.genres.filter((g) => g.startsWith(p)).map((g) => ({ kind: 'genre', text: g }));
  const rows = rankSuggestions(await repo.suggestions(p, limit));
  return [...genres, ...rows].slice(0, limit);
}

export interface SuggestionDeps {
  caches: Pick<CacheDeps, 'edge' | 'memo' | 'catalogVersion' | 'recentCatalogVersion' | 'warn'>;
  /** The repository and gazetteer, asked for only when no cache answers. */
  search: () => Promise<{ repo: SearchRepository; gazetteer: () => Promise<Gazetteer> }>;
  background: (task: Promise<unknown>) => void;
}

/** Seconds the data centre's cache keeps an answer (the isolate memo keeps it for its own 60 s). */
export const SUGGESTION_EDGE_TTL_SECONDS = 300;

/**
 * Autocomplete as the API serves it, as a ready JSON body. Keystrokes repeat across people:
 * answers are kept in the isolate's memory, then in the data centre's cache, keyed by the
 * catalog version (read at most once a second per isolate).
 */
export async function cachedSuggestions(deps: SuggestionDeps, partial: string, limit: number): Promise<{ body: string; cached: boolean }> {
  const { caches } = deps;
  const version = await (caches.recentCatalogVersion ?? caches.catalogVersion)();
  const key = `suggest:v${version}:${limit}:${normalizeQuery(partial)}`;
  const remembered = caches.memo?.get(key);
  if (remembered) return { body: remembered, cached: true };
  // An unreadable edge cache is a miss: the answer is computed.
  const hit = await caches.edge?.get(key).catch((err: unknown) => {
    caches.warn?.('suggestion cache not read; treated as a miss', { layer: 'edge', error: err });
    return null;
  });
  if (hit) {
    caches.memo?.set(key, hit);
    return { body: hit, cached: true };
  }
  const search = await deps.search();
  const body = JSON.stringify({ partial, suggestions: await suggest(search.repo, await search.gazetteer(), partial, limit) });
  caches.memo?.set(key, body);
  if (caches.edge) deps.background(caches.edge.put(key, body, SUGGESTION_EDGE_TTL_SECONDS));
  return { body, cached: false };
}
