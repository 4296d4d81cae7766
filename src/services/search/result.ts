/** A title as a search result shows it: one mapper for the pipeline, semantic search and the recommend intent. */
import type { SearchResult } from '../../schemas/search';
import type { Candidate, OfferSummary } from './ports';

type ResultTitle = Pick<
  Candidate,
  'id' | 'title' | 'releaseYear' | 'type' | 'genres' | 'director' | 'runtimeMinutes' | 'mpaaRating' | 'imdbRating' | 'rottenTomatoes'
>;

export function toSearchResult(t: ResultTitle, shown: { availability: OfferSummary[]; score: number; why: string[] }): SearchResult {
  return {
    id: t.id,
    title: t.title,
    releaseYear: t.releaseYear,
    type: t.type,
    genres: t.genres,
    director: t.director,
    runtimeMinutes: t.runtimeMinutes,
    mpaaRating: t.mpaaRating,
    rating: { imdb: t.imdbRating, rottenTomatoes: t.rottenTomatoes },
    availability: shown.availability,
    score: shown.score,
    why: shown.why,
  };
}
