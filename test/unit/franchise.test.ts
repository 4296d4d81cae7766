import { describe, expect, it } from 'vitest';
import {
  franchiseLink,
  franchiseOf,
  stemPrefixes,
  titleStem,
  type FranchiseCandidate,
} from '../../src/services/recommendations/franchise';
import type { RecTitle, RecsRepository } from '../../src/services/recommendations/ports';
import { DEFAULT_RECS_CONFIG } from '../../src/services/recommendations/recommend';
import { similarTitles } from '../../src/services/recommendations/similar';

const c = (
  title: string,
  releaseYear: number,
  sharesPeople = false,
  id = title,
): FranchiseCandidate => ({ id, title, releaseYear, sharesPeople });

describe('franchise links from titles', () => {
  it.each([
    ['Alien', 'alien'],
    ['Alien 3', 'alien'],
    ['Alien: Covenant', 'alien'],
    ['Alien Resurrection', 'alien'],
    ['Aliens', 'aliens'],
    ['Toy Story 2', 'toy story'],
    ['The Godfather Part II', 'godfather'],
    ['The Dark Knight Rises', 'dark knight'],
    ['Rocky IV', 'rocky'],
    ['Batman Returns', 'batman'],
    ['Se7en', 'se7en'],
    ['2001: A Space Odyssey', '2001'],
  ])('stem of %s is %s', (title, stem) => expect(titleStem(title)).toBe(stem));

  it('Alien: the sequels in order, Aliens by its shared cast; namesakes without shared people are not kin', () => {
    const candidates = [
      c('Alien Nation', 1988),
      c('Aliens in the Attic', 2009),
      c('Alien vs. Predator', 2004),
      c('Alien Hunter', 2003),
      c('Alien Resurrection', 1997, true),
      c('Alien 3', 1992, true),
      c('Aliens', 1986, true),
      c('Alien: Covenant', 2017, true),
    ];
    expect(
      franchiseOf({ title: 'Alien', releaseYear: 1979 }, candidates).map((x) => x.title),
    ).toEqual(['Aliens', 'Alien 3', 'Alien Resurrection', 'Alien: Covenant']);
  });

  it('Toy Story 2: the next one first, then the one before; The Godfather → Part II, Part III', () => {
    const toys = [
      c('Toy Story', 1995, true),
      c('Toy Story 3', 2010, true),
      c('Toy Soldiers', 1991),
      c('Toy Story 4', 2019),
    ];
    expect(
      franchiseOf({ title: 'Toy Story 2', releaseYear: 1999 }, toys).map((x) => x.title),
    ).toEqual(['Toy Story 3', 'Toy Story 4', 'Toy Story']);
    const godfather = [
      c('The Godfather Part III', 1990, true),
      c('The Godfather Part II', 1974, true),
      c('Godfather of Harlem', 2019),
    ];
    expect(
      franchiseOf({ title: 'The Godfather', releaseYear: 1972 }, godfather).map((x) => x.title),
    ).toEqual(['The Godfather Part II', 'The Godfather Part III']);
  });

  it('a longer title is kin only with shared people; the same title (a remake) too', () => {
    expect(franchiseLink('Die Hard', c('Die Hard with a Vengeance', 1995, true))).toBe('kin');
    expect(franchiseLink('Die Hard', c('Die Hard with a Vengeance', 1995, false))).toBeUndefined();
    expect(franchiseLink('Heat', c('Heat', 1972, false))).toBeUndefined();
    expect(franchiseLink('It', c('It Follows', 2014, true))).toBeUndefined();
  });

  it('searches both with and without "the", singular for a plural stem', () => {
    expect(stemPrefixes('The Godfather')).toEqual(['godfather', 'the godfather']);
    expect(stemPrefixes('Aliens')).toEqual(['alien', 'the alien']);
    expect(stemPrefixes('Up')).toEqual([]);
  });
});

describe('similar titles', () => {
  const t = (
    id: string,
    title: string,
    releaseYear: number,
    extra: Partial<RecTitle> = {},
  ): RecTitle => ({
    id,
    title,
    releaseYear,
    type: 'movie',
    genres: ['horror', 'sci-fi'],
    director: null,
    runtimeMinutes: 110,
    mpaaRating: 'R',
    rating: 7,
    quality: 0.7,
    popularity: 0.5,
    availability: [],
    ...extra,
  });
  const catalog = [
    t('alien', 'Alien', 1979, { director: 'Ridley Scott' }),
    t('aliens', 'Aliens', 1986, { quality: 0.6 }),
    t('alien3', 'Alien 3', 1992, { quality: 0.3 }),
    t('pandorum', 'Pandorum', 2009, { quality: 0.9 }),
    t('slither', 'Slither', 2006, { quality: 0.95 }),
    t('alien-nation', 'Alien Nation', 1988),
  ];
  const repo = (withPrefix: boolean): RecsRepository => ({
    signals: async () => [],
    person: async () => null,
    neighbors: async () => [],
    describe: async (ids) => catalog.filter((x) => ids.includes(x.id)),
    popular: async ({ exclude, limit }) =>
      catalog.filter((x) => !exclude.includes(x.id)).slice(0, limit),
    refreshNeighbors: async () => ({ full: true, titles: 0, pairs: 0, watermark: '', tookMs: 0 }),
    interactionCounts: async () => [],
    ...(withPrefix
      ? {
          titlesByPrefix: async (anchorId: string, prefixes: string[]) =>
            catalog
              .filter(
                (x) =>
                  x.id !== anchorId && prefixes.some((p) => x.title.toLowerCase().startsWith(p)),
              )
              .map((x) => ({
                id: x.id,
                title: x.title,
                releaseYear: x.releaseYear,
                sharesPeople: x.id !== 'alien-nation',
              })),
        }
      : {}),
  });

  it('Alien → Aliens first, then Alien 3, then the closest in theme', async () => {
    const out = await similarTitles(
      { repo: repo(true), vector: null, config: DEFAULT_RECS_CONFIG },
      { contentId: 'alien', region: 'US', limit: 5 },
    );
    expect(out.items.slice(0, 2).map((i) => i.title)).toEqual(['Aliens', 'Alien 3']);
    expect(out.items[0]!.why[0]).toBe('from the same series as Alien');
    expect(out.items.map((i) => i.title)).not.toContain('Alien');
    expect(out.legs.franchise).toBe(2);
  });

  it('a repository without prefix look-ups gives the blend alone', async () => {
    const out = await similarTitles(
      { repo: repo(false), vector: null, config: DEFAULT_RECS_CONFIG },
      { contentId: 'alien', region: 'US', limit: 5 },
    );
    expect(out.legs.franchise).toBe(0);
    expect(out.items.flatMap((i) => i.why).some((w) => w.startsWith('from the same series'))).toBe(
      false,
    );
  });
});

describe('personal recommendations', () => {
  it('"you rated Alien 9/10": the next film of its series is recommended, with the reason', async () => {
    const { recommend } = await import('../../src/services/recommendations/recommend');
    const t = (id: string, title: string, releaseYear: number, quality = 0.5): RecTitle => ({
      id,
      title,
      releaseYear,
      type: 'movie',
      genres: ['drama'],
      director: null,
      runtimeMinutes: 100,
      mpaaRating: 'PG',
      rating: 7,
      quality,
      popularity: 0.5,
      availability: [{ platformId: 'netflix', platformName: 'Netflix', priceTier: 'subscription' }],
    });
    const catalog = [
      t('alien', 'Alien', 1979),
      t('aliens', 'Aliens', 1986),
      ...Array.from({ length: 40 }, (_, i) => t(`d${i}`, `Drama ${i}`, 2000, 1 - i / 100)),
    ];
    const repo: RecsRepository = {
      signals: async () => [
        {
          contentId: 'alien',
          title: 'Alien',
          kind: 'rating',
          rating: 9,
          weight: 0.83,
          genres: ['drama'],
          at: new Date().toISOString(),
        },
      ],
      person: async () => null,
      neighbors: async () => [],
      describe: async (ids) => catalog.filter((x) => ids.includes(x.id)),
      popular: async ({ exclude, limit }) =>
        catalog.filter((x) => !exclude.includes(x.id)).slice(0, limit),
      refreshNeighbors: async () => ({ full: true, titles: 0, pairs: 0, watermark: '', tookMs: 0 }),
      interactionCounts: async () => [],
      titlesByPrefix: async (anchorId, prefixes) =>
        catalog
          .filter(
            (x) => x.id !== anchorId && prefixes.some((p) => x.title.toLowerCase().startsWith(p)),
          )
          .map((x) => ({
            id: x.id,
            title: x.title,
            releaseYear: x.releaseYear,
            sharesPeople: true,
          })),
    };
    const out = await recommend(
      { repo, vector: null, config: DEFAULT_RECS_CONFIG },
      { userId: 'u', region: 'US', platforms: [], genres: [], limit: 5 },
    );
    expect(out.items[0]!.id).toBe('aliens');
    expect(out.items[0]!.why.slice(0, 2)).toEqual([
      'from the same series as Alien',
      'because you rated Alien 9/10',
    ]);
  });
});
