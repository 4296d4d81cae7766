/**
 * Which cache an answer goes to: a miss writes the edge cache only; the query asked again (an edge
 * hit) copies the answer to KV, once per isolate; a KV hit fills the edge; without an edge cache
 * a miss writes KV at once.
 */
import { describe, expect, it } from 'vitest';
import { cachedSearch, type CacheDeps } from '../../src/services/search/cached-search';
import type { Gazetteer } from '../../src/services/search/parse-query';
import type { Candidate, SearchRepository, TextCache } from '../../src/services/search/ports';
import { localEmbedder } from '../../src/adapters/local/embedder';
import type { SearchDeps } from '../../src/services/search/search';

const gaz: Gazetteer = {
  genres: ['comedy', 'western'],
  creativeTypes: [],
  sources: [],
  people: [],
  platforms: [],
  latestYear: 2023,
};

const film: Candidate = {
  id: 'rio-bravo-1959',
  title: 'Rio Bravo',
  releaseYear: 1959,
  type: 'movie',
  genres: ['western'],
  creativeType: null,
  source: null,
  director: null,
  runtimeMinutes: 141,
  mpaaRating: null,
  imdbRating: 8,
  imdbVotes: 60_000,
  rottenTomatoes: null,
  popularity: 0.5,
  worldwideGross: null,
  textRank: 0,
  titleSimilarity: 0,
  regionPlatforms: [],
  offers: [],
};

const repo: SearchRepository = {
  gazetteer: async () => gaz,
  titleMatches: async () => [],
  retrieve: async () => ({ rows: [film], total: 1 }),
  keywordMatches: async () => [],
  offers: async () => new Map(),
  suggestions: async () => [],
  recordSearch: async () => {},
  recordSearches: async () => 0,
};

const deps: SearchDeps = { repo, gazetteer: async () => gaz, embedder: localEmbedder };

function memoryCache() {
  const store = new Map<string, string>();
  const puts: string[] = [];
  const cache: TextCache = {
    get: async (k) => store.get(k) ?? null,
    put: async (k, v) => {
      puts.push(k);
      store.set(k, v);
    },
  };
  return { cache, store, puts };
}

async function ask(caches: CacheDeps, query: string) {
  const pending: Promise<unknown>[] = [];
  const out = await cachedSearch(deps, caches, { query, region: 'US', limit: 5 }, (p) =>
    pending.push(p),
  );
  await Promise.all(pending);
  return out.cache;
}

describe('search cache admission', () => {
  it('a miss writes the edge only; asked again, the answer goes to KV once', async () => {
    const edge = memoryCache();
    const kv = memoryCache();
    const caches: CacheDeps = { edge: edge.cache, kv: kv.cache, catalogVersion: async () => 7 };
    const query = `westerns admission ${Math.random()}`;
    expect(await ask(caches, query)).toMatchObject({ status: 'miss' });
    expect(edge.puts).toHaveLength(1);
    expect(kv.puts).toHaveLength(0);
    expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'edge' });
    expect(kv.puts).toHaveLength(1);
    expect(kv.store.get(kv.puts[0]!)).toBe(edge.store.get(edge.puts[0]!));
    expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'edge' });
    expect(kv.puts).toHaveLength(1);
  });

  it('a KV hit fills the edge and is not written back to KV', async () => {
    const edge = memoryCache();
    const kv = memoryCache();
    const query = `westerns shared ${Math.random()}`;
    // Another data centre answered and shared it.
    const elsewhere = memoryCache();
    await ask({ edge: elsewhere.cache, kv: kv.cache, catalogVersion: async () => 7 }, query);
    await ask({ edge: elsewhere.cache, kv: kv.cache, catalogVersion: async () => 7 }, query);
    expect(kv.puts).toHaveLength(1);
    const caches: CacheDeps = { edge: edge.cache, kv: kv.cache, catalogVersion: async () => 7 };
    expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'kv' });
    expect(edge.puts).toHaveLength(1);
    expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'edge' });
    expect(kv.puts).toHaveLength(1);
  });

  it('without an edge cache, a miss writes KV at once', async () => {
    const kv = memoryCache();
    const caches: CacheDeps = { kv: kv.cache, catalogVersion: async () => 7 };
    const query = `westerns kv only ${Math.random()}`;
    expect(await ask(caches, query)).toMatchObject({ status: 'miss' });
    expect(kv.puts).toHaveLength(1);
    expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'kv' });
  });
});
