/**
 * Pinecone configured (PINECONE_API_KEY, PINECONE_INDEX, PINECONE_HOST), against a local HTTP
 * server that speaks the data-plane REST API the `@pinecone-database/pinecone` client uses
 * (/vectors/upsert, /query, /vectors/fetch, /describe_index_stats): the ingestion pipeline
 * upserts the vectors of the titles a page adds or changes, under the embedder's model; search
 * queries Pinecone for its vector leg; a slow or failing Pinecone, or a failing embedding
 * service, never fails a search (the lexical legs answer and meta.fallbacks says so).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPineconeIndex } from '../../src/adapters/pinecone/index.ts';
import { localEmbedder } from '../../src/adapters/local/embedder.ts';
import type { Db } from '../../src/db/client.ts';
import { createIngestRepository, embeddableTitles } from '../../src/db/repositories/ingest.ts';
import { createSearchRepository } from '../../src/db/repositories/search.ts';
import { parseConfig } from '../../src/env.ts';
import { embedTitles } from '../../src/services/catalog/embed-titles.ts';
import { syncInline } from '../../src/services/catalog/ingest/run.ts';
import type { ContentSource } from '../../src/services/catalog/ports.ts';
import type { Embedder } from '../../src/services/search/ports.ts';
import { searchCatalog, type SearchDeps } from '../../src/services/search/search.ts';
import type { VectorIndex } from '../../src/services/ports.ts';
import { startMigratedDatabase } from './migrated-database.ts';

type StoredVector = { id: string; values: number[]; metadata: Record<string, unknown> };

/** The slice of Pinecone's data plane the client calls, over an in-memory namespace map. */
function fakePinecone() {
  const namespaces = new Map<string, Map<string, StoredVector>>();
  const calls: { path: string; namespace?: string; body: any }[] = [];
  const state = { delayMs: 0, status: 200 };
  const ns = (name = '') => {
    let m = namespaces.get(name);
    if (!m) namespaces.set(name, (m = new Map()));
    return m;
  };
  const readBody = async (req: IncomingMessage) => {
    let s = '';
    for await (const chunk of req) s += chunk;
    return s ? JSON.parse(s) : {};
  };
  const cosine = (a: number[], b: number[]) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i]! * (b[i] ?? 0);
      na += a[i]! ** 2;
      nb += (b[i] ?? 0) ** 2;
    }
    return na && nb ? dot / Math.sqrt(na * nb) : 0;
  };
  // Pinecone's metadata filter language, as much of it as the adapter writes.
  const matches = (meta: Record<string, unknown>, f: any): boolean => {
    if (!f) return true;
    if (f.$and) return f.$and.every((x: unknown) => matches(meta, x));
    return Object.entries(f).every(([key, cond]: [string, any]) => {
      const v = meta[key];
      if ('$eq' in cond) return v === cond.$eq;
      if ('$gte' in cond) return typeof v === 'number' && v >= cond.$gte;
      if ('$lte' in cond) return typeof v === 'number' && v <= cond.$lte;
      if ('$in' in cond)
        return Array.isArray(v) ? v.some((x) => cond.$in.includes(x)) : cond.$in.includes(v);
      return false;
    });
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = req.method === 'POST' ? await readBody(req) : {};
    const namespace = body.namespace ?? url.searchParams.get('namespace') ?? undefined;
    calls.push({ path: url.pathname, namespace, body });
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (state.status !== 200) return send(state.status, { code: 14, message: 'unavailable' });
    if (!req.headers['api-key']) return send(401, { message: 'missing api key' });
    switch (url.pathname) {
      case '/vectors/upsert':
        for (const v of body.vectors ?? []) ns(namespace).set(v.id, v);
        return send(200, { upsertedCount: body.vectors?.length ?? 0 });
      case '/vectors/delete':
        for (const id of body.ids ?? []) ns(namespace).delete(id);
        return send(200, {});
      case '/query': {
        const scored = [...ns(namespace).values()]
          .filter((v) => matches(v.metadata, body.filter))
          .map((v) => ({ id: v.id, score: cosine(body.vector, v.values) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, body.topK);
        return send(200, { matches: scored, namespace: namespace ?? '' });
      }
      case '/vectors/fetch': {
        const vectors: Record<string, StoredVector> = {};
        for (const id of url.searchParams.getAll('ids')) {
          const v = ns(namespace).get(id);
          if (v) vectors[id] = v;
        }
        return send(200, { vectors, namespace: namespace ?? '' });
      }
      case '/describe_index_stats': {
        const total = [...namespaces.values()].reduce((n, m) => n + m.size, 0);
        return send(200, { dimension: 512, totalVectorCount: total, namespaces: {} });
      }
      default:
        return send(404, { message: `no route ${url.pathname}` });
    }
  });
  return { server, calls, state, ns };
}

const FILMS = [
  {
    sourceKey: 'wiki:Jaws',
    title: 'Jaws',
    releaseYear: 1975,
    synopsis: 'A great white shark attacks beachgoers at a summer resort town.',
    cast: ['Roy Scheider'],
    genres: ['thriller'],
    externalIds: { wikipedia: 'Jaws' },
    modifiedAt: '2026-11-01T00:00:00Z',
  },
  {
    sourceKey: 'wiki:Alien',
    title: 'Alien',
    releaseYear: 1979,
    synopsis: 'The crew of a commercial space tug is hunted by a deadly creature aboard the ship.',
    cast: ['Sigourney Weaver'],
    genres: ['horror'],
    externalIds: { wikipedia: 'Alien' },
    modifiedAt: '2026-11-01T00:00:00Z',
  },
  {
    sourceKey: 'wiki:Up',
    title: 'Up',
    releaseYear: 2009,
    synopsis: 'A widower ties thousands of balloons to his house and flies it to South America.',
    cast: ['Ed Asner'],
    genres: ['animation'],
    externalIds: { wikipedia: 'Up' },
    modifiedAt: '2026-11-01T00:00:00Z',
  },
];

/** Other films, so that the words of the three above are rare (the keyword leg drops common ones). */
const OTHERS = Array.from({ length: 30 }, (_, i) => ({
  sourceKey: `wiki:Other_${i}`,
  title: `Another Picture ${i}`,
  releaseYear: 1950 + i,
  synopsis: `A quiet drama about family number ${i} and their neighbours.`,
  cast: [`Player ${i}`],
  genres: ['drama'],
  externalIds: { wikipedia: `Other_${i}` },
  modifiedAt: '2026-11-01T00:00:00Z',
}));

const source = (records: unknown[]): ContentSource => ({
  name: 'bundled',
  upstream: 'wikipedia',
  async page() {
    return { records, nextCursor: null, total: records.length };
  },
});

describe('Pinecone as the vector index (a local stand-in for its data plane)', () => {
  let d: Awaited<ReturnType<typeof startMigratedDatabase>>;
  let pine: ReturnType<typeof fakePinecone>;
  let index: VectorIndex;
  let search: (q: string, over?: Partial<SearchDeps>) => ReturnType<typeof searchCatalog>;
  const embedder: Embedder = localEmbedder;
  /** A sync with what the container wires for a page's changed titles (container/catalog-ingestion.ts). */
  const syncThroughPinecone = (db: Db, records: unknown[], mode: 'full' | 'incremental') =>
    syncInline(
      {
        repo: createIngestRepository(db),
        sources: { bundled: source(records) },
        pageSize: 50,
        hooks: {
          reembed: async (ids) =>
            void (await embedTitles({
              titles: await embeddableTitles(db, ids, embedder.model),
              vector: index,
              embedder,
            })),
        },
      },
      { source: 'bundled', mode, trigger: 'test' },
    );

  beforeAll(async () => {
    pine = fakePinecone();
    await new Promise<void>((r) => pine.server.listen(0, '127.0.0.1', r));
    const host = `http://127.0.0.1:${(pine.server.address() as AddressInfo).port}`;
    // The configuration the Worker reads: Pinecone is chosen when its key and index are set.
    const config = parseConfig({
      PINECONE_API_KEY: 'pc-test-key',
      PINECONE_INDEX: 'marquee',
      PINECONE_HOST: host,
    });
    if (config.vector.kind !== 'pinecone') throw new Error('Pinecone not configured');
    index = createPineconeIndex(config.vector);
    d = await startMigratedDatabase('pinecone');
    const db = d.conn.db as unknown as Db;
    const run = await syncThroughPinecone(db, [...FILMS, ...OTHERS], 'full');
    expect(run.status).toBe('completed');
    const repo = createSearchRepository(db);
    const gaz = await repo.gazetteer();
    search = (q, over = {}) =>
      searchCatalog(
        { repo, gazetteer: async () => gaz, embedder, vector: index, ...over },
        { query: q, region: 'US', limit: 10 },
      );
  }, 120_000);
  afterAll(async () => {
    await d?.close();
    await new Promise((r) => pine?.server.close(r));
  });
  beforeEach(() => {
    pine.state.delayMs = 0;
    pine.state.status = 200;
  });

  it('the ingestion pipeline upserts each added title with its model, in the namespace', async () => {
    const upserts = pine.calls.filter((c) => c.path === '/vectors/upsert');
    expect(upserts.length).toBeGreaterThan(0);
    const stored = pine.ns('content');
    expect(stored.size).toBe(FILMS.length + OTHERS.length);
    expect(stored.has('jaws-1975') && stored.has('alien-1979') && stored.has('up-2009')).toBe(true);
    const jaws = stored.get('jaws-1975')!;
    expect(jaws.values).toHaveLength(embedder.dimensions);
    expect(jaws.metadata).toMatchObject({ model: embedder.model, year: 1975 });
    expect(await index.status()).toMatchObject({ status: 'ok', message: '33 vectors' });
  });

  it('a changed synopsis is re-embedded: the vector is replaced, not added', async () => {
    const before = pine.ns('content').get('up-2009')!.values;
    const db = d.conn.db as unknown as Db;
    const changed = [
      { ...FILMS[2]!, synopsis: 'An old man and a boy scout float away in a flying house.' },
    ];
    await syncThroughPinecone(db, changed, 'incremental');
    expect(pine.ns('content').size).toBe(FILMS.length + OTHERS.length);
    expect(pine.ns('content').get('up-2009')!.values).not.toEqual(before);
  });

  it('search asks Pinecone for its vector leg, filtered to the model', async () => {
    const queriesBefore = pine.calls.filter((c) => c.path === '/query').length;
    const out = await search('a shark attacks a resort town');
    const queries = pine.calls.filter((c) => c.path === '/query');
    expect(queries.length).toBe(queriesBefore + 1);
    expect(queries.at(-1)!.body).toMatchObject({
      namespace: 'content',
      filter: { model: { $eq: embedder.model } },
    });
    expect(out.meta.legs.vector).toBe('used');
    expect(out.meta.fallbacks).toEqual([]);
    expect(out.results[0]?.id).toBe('jaws-1975');
  });

  it('"like Alien" reads the stored vector from Pinecone', async () => {
    const out = await search('something like alien');
    expect(pine.calls.some((c) => c.path === '/vectors/fetch')).toBe(true);
    expect(out.meta.legs.vector).toBe('used');
  });

  it('a slow Pinecone is given up after the deadline: the lexical legs answer', async () => {
    pine.state.delayMs = 3000;
    const t = performance.now();
    const out = await search('a shark attacks a resort town', { vectorTimeoutMs: 300 });
    expect(performance.now() - t).toBeLessThan(2500);
    expect(out.meta.legs.vector).toBe('unavailable');
    expect(out.meta.fallbacks.join(' ')).toMatch(/vector search failed .*longer than 300 ms/);
    expect(out.results[0]?.id).toBe('jaws-1975');
  });

  it('a failing Pinecone (503) does not fail the search', async () => {
    pine.state.status = 503;
    const out = await search('a shark attacks a resort town');
    expect(out.meta.legs.vector).toBe('unavailable');
    expect(out.meta.fallbacks.join(' ')).toMatch(/vector search failed/);
    expect(out.results[0]?.id).toBe('jaws-1975');
  });

  it('a failing embedding service does not fail the search either', async () => {
    const down: Embedder = {
      ...embedder,
      embed: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    };
    const out = await search('a shark attacks a resort town', { embedder: down });
    expect(out.meta.legs.vector).toBe('unavailable');
    expect(out.meta.fallbacks.join(' ')).toMatch(/ECONNREFUSED/);
    expect(out.results[0]?.id).toBe('jaws-1975');
  });
});
