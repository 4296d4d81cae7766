import { Hono, type Context } from 'hono';
import { requireJson, validate } from '../middleware/validate';
import { AppError } from '../lib/errors';
import { createSpanTracer } from '../lib/trace';
import { EMBEDDING_DIMENSIONS } from '../db/vector-schema';
import { SearchBodySchema, SearchQueryStringSchema, SemanticBodySchema, SuggestQuerySchema, type SearchResult } from '../schemas/search';
import { runSearch } from '../services/search/run-search';
import { emptyPlan, type SearchInput } from '../services/search/search';
import { normalizeQuery } from '../services/search/parse-query';
import { suggest } from '../services/search/suggest';
import type { AppEnv } from '../types';

async function respondSearch(c: Context<AppEnv>, input: Omit<SearchInput, 'user'>) {
  const deps = await c.var.services.searchRun();
  // Each pipeline stage logs its own span under this request's span.
  const out = await runSearch({ ...deps, search: { ...deps.search, tracer: createSpanTracer(c.var.log, c.var.trace.spanId) } }, input, c.var.user?.id);
  const { cache, ...rest } = out;
  c.header('X-Cache', cache.status.toUpperCase());
  return c.json({ ...rest, meta: { ...rest.meta, cache: cache.status, cacheLayer: cache.layer ?? null } });
}

export const search = new Hono<AppEnv>()
  .post('/', requireJson, validate('json', SearchBodySchema), (c) => respondSearch(c, c.req.valid('json')))
  .get('/', validate('query', SearchQueryStringSchema), (c) => {
    const q = c.req.valid('query');
    return respondSearch(c, { query: q.q, region: q.region, limit: q.limit, cursor: q.cursor });
  })
  .get('/suggestions', validate('query', SuggestQuerySchema), async (c) => {
    const { partial, limit } = c.req.valid('query');
    const s = c.var.services;
    const caches = s.searchCaches();
    // Keystrokes repeat across people: answers are kept in the isolate's memory, then in the
    // data centre's cache, keyed by the catalog version (read at most once a second here).
    const version = await (caches.recentCatalogVersion ?? caches.catalogVersion)();
    const key = `suggest:v${version}:${limit}:${normalizeQuery(partial)}`;
    c.header('Cache-Control', 'public, max-age=60');
    const remembered = caches.memo?.get(key);
    if (remembered) {
      c.header('X-Cache', 'HIT');
      return c.body(remembered, 200, { 'Content-Type': 'application/json' });
    }
    const hit = await caches.edge?.get(key).catch(() => null);
    if (hit) {
      caches.memo?.set(key, hit);
      c.header('X-Cache', 'HIT');
      return c.body(hit, 200, { 'Content-Type': 'application/json' });
    }
    const deps = await s.search();
    const body = JSON.stringify({ partial, suggestions: await suggest(deps.repo, await deps.gazetteer(), partial, limit) });
    caches.memo?.set(key, body);
    if (caches.edge) s.background(caches.edge.put(key, body, 300));
    c.header('X-Cache', 'MISS');
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  })
  .post('/semantic', requireJson, validate('json', SemanticBodySchema), async (c) => {
    const body = c.req.valid('json');
    if (body.embedding.length !== EMBEDDING_DIMENSIONS) {
      throw new AppError('VALIDATION_FAILED', `embedding must have ${EMBEDDING_DIMENSIONS} dimensions (got ${body.embedding.length})`);
    }
    const deps = await c.var.services.search();
    if (!deps.vector) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Vector search is not available on this deployment (no pgvector or Pinecone)');
    const started = Date.now();
    const f = body.filters ?? {};
    const matches = await deps.vector.query(body.embedding, body.topK, { yearMin: f.yearMin, yearMax: f.yearMax, genres: f.genres });
    const ids = matches.map((m) => m.id);
    const plan = {
      ...emptyPlan(body.region),
      ids,
      limit: ids.length,
      yearMin: f.yearMin,
      yearMax: f.yearMax,
      runtimeMin: f.runtimeMin,
      runtimeMax: f.runtimeMax,
      ratingMin: f.ratingMin,
      mpaaIn: f.mpaa ?? [],
      genresAny: f.genres ?? [],
      genresNone: f.excludeGenres ?? [],
      platforms: f.platforms ?? [],
      priceTiers: f.priceTiers ?? [],
      availableOnly: Boolean(f.availableOnly),
    };
    const rows = ids.length ? (await deps.repo.retrieve(plan)).rows : [];
    const score = new Map(matches.map((m) => [m.id, m.score]));
    rows.sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0));
    const offers = await deps.repo.offers(rows.map((r) => r.id), body.region);
    const results: SearchResult[] = rows.map((r) => ({
      id: r.id,
      title: r.title,
      releaseYear: r.releaseYear,
      type: r.type,
      genres: r.genres,
      director: r.director,
      runtimeMinutes: r.runtimeMinutes,
      mpaaRating: r.mpaaRating,
      rating: { imdb: r.imdbRating, rottenTomatoes: r.rottenTomatoes },
      availability: (offers.get(r.id) ?? []).slice(0, 6),
      score: Math.round((score.get(r.id) ?? 0) * 1000) / 1000,
      why: ['nearest neighbour of the given embedding'],
    }));
    return c.json({ results, meta: { total: results.length, took_ms: Date.now() - started, vector: deps.vector.backend } });
  });
