import { describe, expect, it } from 'vitest';
import type { RecTitle, RecsRepository, Signal, TrendingStore } from '../../src/services/recommendations/ports';
import { DEFAULT_RECS_CONFIG, diversify, recommend } from '../../src/services/recommendations/recommend';
import { decay, scoreEvents, trending } from '../../src/services/recommendations/trending';
import { describingFromMemo, TitleMemo } from '../../src/services/recommendations/title-memo';

const title = (id: string, extra: Partial<RecTitle> = {}): RecTitle => ({
  id, title: id, releaseYear: 2000, type: 'movie', genres: ['drama'], director: null, runtimeMinutes: 100, mpaaRating: 'PG',
  rating: 7, quality: 0.7, popularity: 0.5, availability: [{ platformId: 'netflix', platformName: 'Netflix', priceTier: 'subscription' }], ...extra,
});

function fakeRepo(over: Partial<RecsRepository> = {}): RecsRepository {
  const catalog = Array.from({ length: 60 }, (_, i) => title(`t${i}`, { director: `d${i % 20}`, genres: [i % 2 ? 'comedy' : 'drama'], quality: 1 - i / 100 }));
  return {
    signals: async () => [],
    person: async () => ({ preferences: { region: 'US', platforms: [], genres: [] }, signals: [], personalisation: true }),
    neighbors: async () => [],
    describe: async (ids) => catalog.filter((t) => ids.includes(t.id)),
    popular: async ({ genres, exclude, limit }) => catalog.filter((t) => !exclude.includes(t.id) && (!genres.length || t.genres.some((g) => genres.includes(g)))).slice(0, limit),
    refreshNeighbors: async () => ({ full: true, titles: 0, pairs: 0, watermark: '', tookMs: 0 }),
    interactionCounts: async () => [],
    ...over,
  };
}

describe('recommend', () => {
  it('never answers a newcomer with an empty list', async () => {
    const out = await recommend({ repo: fakeRepo(), vector: null, config: DEFAULT_RECS_CONFIG }, { userId: 'u', region: 'US', platforms: [], genres: [], limit: 10 });
    expect(out.strategy).toBe('cold_start');
    expect(out.items).toHaveLength(10);
  });

  it('blends both halves and explains the collaborative one with the seed', async () => {
    const signal: Signal = { contentId: 't0', title: 'Alien', kind: 'rating', rating: 9, weight: 0.83, genres: ['drama'], at: new Date().toISOString() };
    const repo = fakeRepo({
      signals: async () => [signal],
      neighbors: async () => [{ contentId: 't0', neighborId: 't7', score: 0.9 }, { contentId: 't0', neighborId: 't9', score: 0.4 }],
    });
    const out = await recommend({ repo, vector: null, config: DEFAULT_RECS_CONFIG }, { userId: 'u', region: 'US', platforms: [], genres: [], limit: 5 });
    expect(out.legs).toEqual({ collaborative: 'used', content: 'features' });
    expect(out.items[0]!.id).toBe('t7');
    expect(out.items[0]!.why[0]).toBe('because you rated Alien 9/10');
    expect(out.items.map((i) => i.id)).not.toContain('t0');
  });
});

describe('diversify', () => {
  it('keeps at most two titles by one director', () => {
    const ranked = Array.from({ length: 10 }, (_, i) => ({ score: 1 - i / 20, director: i < 8 ? 'Same' : `Other${i}`, genres: ['drama'] }));
    const picked = diversify(ranked, 5, 2);
    expect(picked.filter((p) => p.director === 'Same')).toHaveLength(2);
    expect(picked).toHaveLength(4);
  });
});

describe('trending', () => {
  it('decays: a view 6 hours old counts half in the day window', () => {
    expect(decay('day', 6 * 3600_000)).toBeCloseTo(0.5);
    const now = Date.now();
    const s = scoreEvents([{ contentId: 'a', region: 'US', weight: 3, at: now }, { contentId: 'b', region: 'US', weight: 3, at: now - 12 * 3600_000 }, { contentId: 'c', region: 'GB', weight: 9, at: now }], 'day', 'US', now);
    expect(s.get('a')).toBeCloseTo(3);
    expect(s.get('b')).toBeCloseTo(0.75);
    expect(s.has('c')).toBe(false);
  });

  it('answers from Postgres when Redis holds nothing or is down', async () => {
    const now = Date.now();
    const down: TrendingStore = { record: async () => {}, top: async () => { throw new Error('down'); }, isEmpty: async () => true };
    const repo = fakeRepo({ interactionCounts: async () => [{ contentId: 't3', region: 'US', weight: 3, at: now - 1000 }] });
    const out = await trending({ store: down, repo, now: () => now }, { window: 'day', region: 'US', limit: 5 });
    expect(out.source).toBe('database');
    expect(out.items.map((i) => i.id)).toEqual(['t3']);
  });
});

describe('describingFromMemo', () => {
  it('describes each title once per catalog version and region, and forgets everything when the version moves', async () => {
    const described: string[][] = [];
    let version = 1;
    const base = fakeRepo();
    const repo = { ...base, describe: async (ids: string[], region: string) => (described.push([region, ...ids]), base.describe(ids, region)) };
    const memo = new TitleMemo();
    const request = () => describingFromMemo(repo, memo, async () => version);
    expect((await request().describe(['t1', 't2', 'nope'], 'US')).map((t) => t.id)).toEqual(['t1', 't2']);
    expect((await request().describe(['t2', 't1', 't3'], 'US')).map((t) => t.id)).toEqual(['t2', 't1', 't3']);
    expect(described).toEqual([['US', 't1', 't2', 'nope'], ['US', 't3']]);
    await request().describe(['t1'], 'GB');
    expect(described.at(-1)).toEqual(['GB', 't1']);
    version = 2; // an offer changed somewhere
    await request().describe(['t1'], 'US');
    expect(described.at(-1)).toEqual(['US', 't1']);
    expect(memo.size).toBe(1);
  });

  it('falls back to the database when the version cannot be read, and keeps at most its size', async () => {
    const memo = new TitleMemo(2);
    const broken = describingFromMemo(fakeRepo(), memo, async () => { throw new Error('redis down'); });
    expect((await broken.describe(['t1'], 'US')).map((t) => t.id)).toEqual(['t1']);
    expect(memo.size).toBe(0);
    await describingFromMemo(fakeRepo(), memo, async () => 1).describe(['t1', 't2', 't3'], 'US');
    expect(memo.size).toBe(2);
  });
});
