import { normalizeQuery, type Gazetteer } from './parse-query';
import type { SearchRepository, Suggestion } from './ports';

/** Autocomplete over titles and people (SQL prefix + trigram) and genres (from the gazetteer). */
export async function suggest(repo: SearchRepository, gaz: Gazetteer, partial: string, limit: number): Promise<Suggestion[]> {
  const p = normalizeQuery(partial);
  const genres: Suggestion[] = gaz.genres.filter((g) => g.startsWith(p)).map((g) => ({ kind: 'genre', text: g }));
  const rows = await repo.suggestions(p, limit);
  return [...genres, ...rows].slice(0, limit);
}
