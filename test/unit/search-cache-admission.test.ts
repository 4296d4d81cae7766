/**
 * Which cache an answer goes to: a miss writes the edge cache only; the query asked again (an edge
 * hit) copies the answer to KV, once per isolate; a KV hit fills the edge; without an edge cache
 * a miss writes KV at once.
 */
import { describe, expect, it } from 'vitest';
import {
  cachedSearch,
  KV_HEAD_START_MS,
  type CacheDeps,
} from '../../src/services/search/cached-search';
import { AnswerMemo } from '../../src/services/search/answer-memo';
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

  describe("the isolate's memory in front of the edge", () => {
    it('answers again without reading the edge; asked again, the answer goes to KV once', async () => {
      const edge = memoryCache();
      const kv = memoryCache();
      const edgeReads: string[] = [];
      const answers = new AnswerMemo(10, 60_000);
      const layers: string[] = [];
      const caches: CacheDeps = {
        edge: { ...edge.cache, get: (k) => (edgeReads.push(k), edge.cache.get(k)) },
        kv: kv.cache,
        answers,
        catalogVersion: async () => 7,
        observe: (layer, result) => layers.push(`${layer} ${result}`),
      };
      const query = `westerns memo ${Math.random()}`;
      expect(await ask(caches, query)).toMatchObject({ status: 'miss' });
      expect(edge.puts).toHaveLength(1);
      expect(answers.size).toBe(1);
      expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'memo' });
      expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'memo' });
      expect(edgeReads).toHaveLength(1); // the first ask's miss only
      expect(kv.puts).toHaveLength(1);
      expect(kv.store.get(kv.puts[0]!)).toBe(edge.store.get(edge.puts[0]!));
      expect(layers).toEqual(['memo miss', 'edge miss', 'kv miss', 'memo hit', 'memo hit']);
    });

    it("an edge hit (another isolate's answer) is kept for the next ask", async () => {
      const edge = memoryCache();
      const query = `westerns other isolate ${Math.random()}`;
      await ask({ edge: edge.cache, catalogVersion: async () => 7 }, query);
      const answers = new AnswerMemo(10, 60_000);
      const caches: CacheDeps = { edge: edge.cache, answers, catalogVersion: async () => 7 };
      expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'edge' });
      expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'memo' });
    });

    it('without an edge cache, a miss written to KV is not written again when asked again', async () => {
      const kv = memoryCache();
      const answers = new AnswerMemo(10, 60_000);
      const caches: CacheDeps = { kv: kv.cache, answers, catalogVersion: async () => 7 };
      const query = `westerns memo kv only ${Math.random()}`;
      await ask(caches, query);
      expect(await ask(caches, query)).toMatchObject({ status: 'hit', layer: 'memo' });
      expect(kv.puts).toHaveLength(1);
    });

    it('a new catalog version is a new key: the remembered answer is not given', async () => {
      let version = 7;
      const answers = new AnswerMemo(10, 60_000);
      const caches: CacheDeps = { answers, catalogVersion: async () => version };
      const query = `westerns versioned ${Math.random()}`;
      await ask(caches, query);
      version = 8;
      expect(await ask(caches, query)).toMatchObject({ status: 'miss' });
    });
  });

  describe('a slow KV read behind an edge miss', () => {
    /** A KV whose reads answer after `kvMs`, and a search that reads the catalog for `searchMs`. */
    function slow(kvMs: number, answer: string | null, searchMs = 0) {
      const events: string[] = [];
      const searched = () => {
        if (!events.includes('search read the catalog')) events.push('search read the catalog');
      };
      const kv: TextCache = {
        get: async () => {
          await new Promise((r) => setTimeout(r, kvMs));
          events.push('kv answered');
          return answer;
        },
        put: async () => {},
      };
      const counting: SearchDeps = {
        ...deps,
        repo: {
          ...repo,
          retrieve: async (...args) => {
            searched();
            await new Promise((r) => setTimeout(r, searchMs));
            return repo.retrieve(...args);
          },
          keywordMatches: async (...args) => {
            searched();
            await new Promise((r) => setTimeout(r, searchMs));
            return repo.keywordMatches(...args);
          },
        },
      };
      const caches: CacheDeps = { edge: memoryCache().cache, kv, catalogVersion: async () => 7 };
      return { caches, events, deps: counting };
    }
    const askWith = async (d: SearchDeps, caches: CacheDeps, query: string) =>
      cachedSearch(d, caches, { query, region: 'US', limit: 5 }, () => {});
    const shared = JSON.stringify({
      results: [],
      query: {},
      meta: { took_ms: 1, fallbacks: [], notes: [] },
    });

    it('a miss: the search runs beside the read, and answers without waiting for it', async () => {
      const { caches, events, deps: d } = slow(150, null);
      const out = await askWith(d, caches, `westerns slow kv ${Math.random()}`);
      expect(out.cache.status).toBe('miss');
      expect(out.results[0]?.id).toBe('rio-bravo-1959');
      expect(events).toEqual(['search read the catalog']);
      await new Promise((r) => setTimeout(r, 200));
      expect(events).toEqual(['search read the catalog', 'kv answered']);
    });

    it('a hit before the search answers: the KV answer is served, the search dropped', async () => {
      const { caches, events, deps: d } = slow(30, shared, 200);
      const out = await askWith(d, caches, `westerns slow kv hit ${Math.random()}`);
      expect(out.cache).toMatchObject({ status: 'hit', layer: 'kv' });
      expect(out.results).toEqual([]);
      expect(events).toEqual(['search read the catalog', 'kv answered']);
    });

    it('a read within the head start: a miss searches after it, a hit never searches', async () => {
      expect(KV_HEAD_START_MS).toBeGreaterThan(0);
      const miss = slow(0, null);
      await askWith(miss.deps, miss.caches, `westerns fast kv ${Math.random()}`);
      expect(miss.events).toEqual(['kv answered', 'search read the catalog']);
      const hit = slow(0, shared);
      await askWith(hit.deps, hit.caches, `westerns fast kv hit ${Math.random()}`);
      expect(hit.events).toEqual(['kv answered']);
    });
  });
});
