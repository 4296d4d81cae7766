/** One mapper from a title to a search result (pipeline, semantic search, the recommend intent). */
import { describe, expect, it } from 'vitest';
import { SearchResultSchema, type ParsedQuery } from '../../src/schemas/search';
import type { Recommendation } from '../../src/services/recommendations/recommend';
import { acceptsFacets, recommendationResult } from '../../src/services/recommendations/search-intent';
import { toSearchResult } from '../../src/services/search/result';

const rec: Recommendation = {
  id: 'jaws-1975',
  title: 'Jaws',
  releaseYear: 1975,
  type: 'film',
  genres: ['thriller'],
  director: 'Steven Spielberg',
  runtimeMinutes: 124,
  mpaaRating: null,
  rating: 8.1,
  quality: 0.8,
  popularity: 90,
  availability: [{ platformId: 'netflix', platformName: 'Netflix', priceTier: 'subscription' }],
  score: 0.123456,
  why: ['because you rated Alien'],
  signals: { cf: 0.5, content: 0.5 },
};

describe('search results', () => {
  it('maps a retrieved title and what the search adds to the response contract', () => {
    const r = toSearchResult(
      { id: 'alien-1979', title: 'Alien', releaseYear: 1979, type: 'movie', genres: ['horror'], director: 'Ridley Scott', runtimeMinutes: 117, mpaaRating: 'R', imdbRating: 8.5, rottenTomatoes: 98 },
      { availability: [], score: 0.5, why: ['title match'] },
    );
    expect(SearchResultSchema.parse(r)).toEqual(r);
    expect(r.rating).toEqual({ imdb: 8.5, rottenTomatoes: 98 });
  });

  it('shows a recommendation as a search result: movie unless a series, no prices, score to 4 places', () => {
    const r = recommendationResult(rec);
    expect(SearchResultSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({ type: 'movie', rating: { imdb: 8.1, rottenTomatoes: null }, score: 0.1235 });
    expect(r.availability).toEqual([{ platformId: 'netflix', platformName: 'Netflix', priceTier: 'subscription', amount: null, currency: null }]);
  });

  it('filters recommendations by the facets a query named; an unrated title never matches an MPAA facet', () => {
    const q = (entities: Partial<ParsedQuery['entities']>, negations: Partial<ParsedQuery['negations']> = {}) =>
      ({
        entities: { genres: [], moods: [], people: [], mpaa: [], platforms: [], myPlatforms: false, priceTiers: [], sources: [], creativeTypes: [], sort: 'relevance', ...entities },
        negations: { genres: [], mpaa: [], people: [], creativeTypes: [], sources: [], ...negations },
      }) as ParsedQuery;
    expect(acceptsFacets(q({ mpaa: ['R'] }))(rec)).toBe(false);
    expect(acceptsFacets(q({}, { mpaa: ['R'] }))(rec)).toBe(true);
    expect(acceptsFacets(q({ mpaa: ['R'] }))({ ...rec, mpaaRating: 'R' })).toBe(true);
    expect(acceptsFacets(q({ priceTiers: ['subscription'] }))(rec)).toBe(true);
    expect(acceptsFacets(q({ priceTiers: ['rent'] }))(rec)).toBe(false);
  });
});
