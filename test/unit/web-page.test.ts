/** The web page's pure parts: understood-query chips, the query text without one, and constants kept equal to the API's. */
import { describe, expect, it } from 'vitest';
import { PRICE_TIERS, REGIONS } from '../../src/schemas/content';
import { ParsedQuerySchema } from '../../src/schemas/search';
import { parseQuery, type Gazetteer } from '../../src/services/search/parse-query';
import { chipsFor, queryWithout } from '../../src/web/client/chips';
import { REGIONS as PAGE_REGIONS, TIER_LABELS } from '../../src/web/client/constants';

describe('web page constants', () => {
  it('match the API contracts', () => {
    expect([...PAGE_REGIONS]).toEqual([...REGIONS]);
    expect(Object.keys(TIER_LABELS).sort()).toEqual([...PRICE_TIERS].sort());
  });
});

describe('chips', () => {
  const q = ParsedQuerySchema.parse({
    raw: 'x',
    normalized: 'x',
    intent: 'browse',
    text: 'war',
    parser: 'local',
    entities: {
      genres: ['comedy'],
      moods: ['feel-good'],
      people: ['Steven Spielberg'],
      years: { min: 1990, max: 1999 },
      runtime: { max: 120 },
      rating: { min: 7.01 },
      mpaa: ['PG-13'],
      platforms: ['disney-plus'],
      priceTiers: ['rent'],
      sort: 'newest',
      similarTo: 'alien',
      sources: ['Based on Book/Short Story'],
      creativeTypes: ['Science Fiction'],
    },
    negations: { genres: ['horror'], mpaa: ['R'], people: [], creativeTypes: [], sources: [] },
  });

  it('one chip per facet, negations marked', () => {
    const chips = chipsFor(q, new Map([['disney-plus', 'Disney+']]));
    expect(chips.map((c) => c.label)).toEqual([
      'Genre: comedy',
      'Kind: Science Fiction',
      'Source: Based on Book/Short Story',
      'Mood: feel-good',
      'Person: Steven Spielberg',
      'Years: 1990–1999',
      'Up to 120 min',
      'Rated 7+',
      'Rated PG-13',
      'On Disney+',
      'Price: rent',
      'Sort: newest',
      'Like: alien',
      'Not horror',
      'Not rated R',
      'Words: war',
    ]);
    expect(chips.filter((c) => c.negated).map((c) => c.key)).toEqual(['-genre:horror', '-mpaa:R']);
  });

  it('rebuilds the query without the removed facet, in words the parser reads back', () => {
    const text = queryWithout(q, 'years:');
    expect(text).not.toMatch(/199\d/);
    expect(text.endsWith('like alien')).toBe(true);
    expect(queryWithout(q, 'text:')).not.toMatch(/\bwar\b/);
    expect(queryWithout(q, '-genre:horror')).not.toContain('horror');
  });

  it('round-trips through the local parser', () => {
    const gaz: Gazetteer = {
      people: [{ name: 'Steven Spielberg', credits: 30 }],
      genres: ['comedy', 'horror', 'drama'],
      creativeTypes: ['Science Fiction'],
      sources: ['Based on Book/Short Story'],
      platforms: ['netflix', 'disney-plus'],
      latestYear: 2010,
    };
    const parse = (s: string) => parseQuery(s, gaz);
    const first = parse('feel-good 90s comedy on disney plus not horror');
    const without = parse(queryWithout(first, 'years:'));
    expect(without.entities.years).toBeUndefined();
    expect(without.entities.genres).toEqual(['comedy']);
    expect(without.entities.moods).toEqual(['feel-good']);
    expect(without.entities.platforms).toEqual(['disney-plus']);
    expect(without.negations.genres).toEqual(['horror']);
    const noGenre = parse(queryWithout(first, 'genre:comedy'));
    expect(noGenre.entities.genres).toEqual([]);
    expect(noGenre.entities.years).toEqual({ min: 1990, max: 1999 });
  });
});
