import { Hono, type Context } from 'hono';
import { requestRegion } from '../middleware/request-region';
import { requireJson, validate } from '../middleware/validate';
import { createSpanTracer } from '../lib/trace';
import {
  SearchBodySchema,
  SearchQueryStringSchema,
  SemanticBodySchema,
  SuggestQuerySchema,
} from '../schemas/search';
import { runSearch } from '../services/search/run-search';
import type { SearchInput } from '../services/search/search';
import { semanticSearch } from '../services/search/semantic';
import { cachedSuggestions } from '../services/search/suggest';
import type { AppEnv } from '../types';

/** An anonymous caller, for counting distinct people: a hash of their address (the address itself is not kept). */
async function anonymousActor(c: Context<AppEnv>): Promise<string | undefined> {
  const ip = c.req.header('cf-connecting-ip')?.trim();
  if (!ip) return undefined;
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`marquee-trending:${ip}`)),
  );
  return `ip:${Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function respondSearch(
  c: Context<AppEnv>,
  given: Omit<SearchInput, 'user' | 'region'> & { region?: string },
) {
  const input = { ...given, region: await requestRegion(c, given.region) };
  const deps = await c.var.services.searchRun();
  // Each pipeline stage logs its own span under this request's span.
  const out = await runSearch(
    {
      ...deps,
      search: { ...deps.search, tracer: createSpanTracer(c.var.log, c.var.trace.spanId) },
    },
    input,
    c.var.user?.id,
    await anonymousActor(c),
  );
  const { cache, ...rest } = out;
  c.header('X-Cache', cache.status.toUpperCase());
  c.var.services.timing.cache = cache.layer ?? 'miss';
  return c.json({
    ...rest,
    meta: {
      region: input.region,
      ...rest.meta,
      cache: cache.status,
      cacheLayer: cache.layer ?? null,
    },
  });
}

export const search = new Hono<AppEnv>()
  .post('/', requireJson, validate('json', SearchBodySchema), (c) =>
    respondSearch(c, c.req.valid('json')),
  )
  .get('/', validate('query', SearchQueryStringSchema), (c) => {
    const q = c.req.valid('query');
    return respondSearch(c, { query: q.q, region: q.region, limit: q.limit, cursor: q.cursor });
  })
  .get('/suggestions', validate('query', SuggestQuerySchema), async (c) => {
    const { partial, limit } = c.req.valid('query');
    const out = await cachedSuggestions(c.var.services.suggestions(), partial, limit);
    c.header('Cache-Control', 'public, max-age=60');
    c.header('X-Cache', out.cached ? 'HIT' : 'MISS');
    return c.body(out.body, 200, { 'Content-Type': 'application/json' });
  })
  .post('/semantic', requireJson, validate('json', SemanticBodySchema), async (c) => {
    const body = c.req.valid('json');
    const region = await requestRegion(c, body.region);
    const out = await semanticSearch(await c.var.services.search(), { ...body, region });
    return c.json({ ...out, meta: { region, ...out.meta } });
  });
