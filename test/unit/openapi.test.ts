import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { API_OPERATIONS, toOpenApiPath } from '../../src/openapi/registry';
import { fakeServices } from './fakes/services';

const app = createApp({ services: fakeServices({}) });

async function fetchDocument() {
  const res = await app.request('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
}

/** Every method + path the app serves under /api/v1 (hono's route table; middleware entries are ALL). */
function registeredApiRoutes(): string[] {
  const keys = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/v1')) continue;
    keys.add(`${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`);
  }
  return [...keys].sort();
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const res = await validator.validate(doc as never);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every /api/v1 route the app registers, and nothing it does not', async () => {
    const doc = await fetchDocument();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .filter((k) => k.split(' ')[1]!.startsWith('/api/v1'))
      .sort();
    const registered = registeredApiRoutes();
    expect(registered.length).toBeGreaterThan(40);
    expect(registered.filter((r) => !documented.includes(r))).toEqual([]);
    expect(documented.filter((d) => !registered.includes(d))).toEqual([]);
  });

  it('describes requests from the route schemas: query parameters, path parameters, JSON bodies', async () => {
    const doc = await fetchDocument();
    const search = doc.paths['/api/v1/search'] as Record<
      string,
      { parameters?: { name: string; in: string; required: boolean }[]; requestBody?: unknown }
    >;
    expect(search.get!.parameters!.map((p) => p.name)).toEqual(['q', 'region', 'limit', 'cursor']);
    expect(search.get!.parameters!.find((p) => p.name === 'q')!.required).toBe(true);
    expect(search.post!.requestBody).toBeDefined();
    const content = doc.paths['/api/v1/content/{id}'] as Record<
      string,
      { parameters: { name: string; in: string }[] }
    >;
    expect(content.get!.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path' }),
    );
    // Signed-in routes say so.
    const me = doc.paths['/api/v1/me/watchlist'] as Record<string, { security?: unknown }>;
    expect(me.get!.security).toEqual([{ bearerAuth: [] }]);
  });

  it('keeps one operation per method and path in the table', () => {
    const keys = API_OPERATIONS.map((o) => `${o.method} ${o.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('GET /docs', () => {
  it('serves the API reference page from this origin under a nonce CSP', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const html = await res.text();
    expect(html).toContain('src="/vendor/scalar/standalone.js"');
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg|fonts\.scalar/);
    // Every inline script carries this response's nonce.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
      if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
    }
  });
});

describe('GET /graphql from a browser', () => {
  it('answers GraphiQL (not 406) under a nonce CSP, bundle and workers from this origin', async () => {
    const res = await app.request('/graphql', {
      headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("worker-src 'self'");
    expect(csp).not.toMatch(/https?:|blob:/);
    const html = await res.text();
    expect(html).toContain('src="/vendor/graphiql/graphiql.js"');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
      if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
    }
  });
});
