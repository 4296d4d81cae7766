/**
 * The red-team's inputs that reached SQL or a decoder and answered 500 (issue 17, item 4): each
 * is now a 4xx in the one error shape, refused where the input is validated.
 */
import { describe, expect, it } from 'vitest';
import { signUp } from './auth-helpers';
import { call, expectErrorShape } from './helpers';

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('no 5xx from input: the red-team cases', () => {
  it('a runtime past the column ("over 99999 minutes") is a 400 that names the bound, not a smallint overflow', async () => {
    const r = await call('/api/v1/search?q=over%2099999%20minutes');
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/runtime must be between 0 and 1000/);
    // A sensible one still searches.
    expect((await call('/api/v1/search?q=comedy%20over%2090%20minutes')).status).toBe(200);
  });

  it('a cursor that decodes to JSON null (bnVsbA) or another non-object is a 400', async () => {
    for (const cursor of ['bnVsbA', btoa('[]'), btoa('"x"'), btoa('{"o":1e400,"q":"x"}'), '%%%']) {
      const r = await call(`/api/v1/search?q=comedy&cursor=${encodeURIComponent(cursor)}`);
      expect(r.status, cursor).toBe(400);
      expectErrorShape(r.body, 'VALIDATION_FAILED');
    }
  });

  it('a NUL byte in suggestions?partial is a 400', async () => {
    const r = await call('/api/v1/search/suggestions?partial=ab%00cd');
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.details[0]).toMatchObject({ path: 'partial' });
  });

  it('a NUL byte in filters.genres (and anywhere else in a body) is a 400 naming where', async () => {
    const r = await call(
      '/api/v1/search',
      json({ query: 'comedy', filters: { genres: ['dra\u0000ma'] } }),
    );
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.details[0]).toMatchObject({ path: 'filters.genres.0' });
    const q = await call('/api/v1/search?q=come%00dy');
    expect(q.status).toBe(400);
    const reg = await call(
      '/api/v1/auth/register',
      json({
        email: 'nul@example.com',
        password: 'correct horse battery staple',
        displayName: 'a\u0000b',
      }),
    );
    expect(reg.status).toBe(400);
  });

  it('/search/semantic with 1e308 values is a 400 (pgvector stores float4)', async () => {
    const r = await call('/api/v1/search/semantic', json({ embedding: Array(512).fill(1e308) }));
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/between/);
    // At the bound it searches (503 where the database has no pgvector, as documented).
    const big = await call('/api/v1/search/semantic', json({ embedding: Array(512).fill(1e6) }));
    expect([200, 503]).toContain(big.status);
    if (big.status === 503)
      expect(big.body.error.message).toMatch(/Vector search is not available/);
  });

  it('found by the fuzz: a viewing progress of 1e-150 (float4 underflow) is stored as 0, and a rating filter of 1e-300 searches', async () => {
    const a = await signUp('underflow');
    const r = await call('/api/v1/me/history', {
      ...json({ contentId: 'alien-1979', progress: 2.5e-150 }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.accessToken}` },
    });
    expect(r.status).toBeLessThan(300);
    const s = await call(
      '/api/v1/search',
      json({ query: 'comedy', filters: { ratingMin: 1e-300 } }),
    );
    expect(s.status).toBe(200);
  });

  it('GraphQL: 2,000 nested ofType (and deep list literals) are refused before parsing, as a 400 in the error shape', async () => {
    const deep = `{ __type(name: "Query") { ${'ofType { '.repeat(2000)}name${' }'.repeat(2000)} } }`;
    const r = await call('/graphql', json({ query: deep }));
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/nests 2002 levels deep; the limit is 40/);
    const list = `{ contentByIds(ids: ${'['.repeat(3000)}"x"${']'.repeat(3000)}) { id } }`;
    const l = await call(`/graphql?query=${encodeURIComponent(list)}`);
    expect(l.status).toBe(400);
    expectErrorShape(l.body, 'VALIDATION_FAILED');
    // Braces inside strings and comments do not count.
    const ok = await call(
      '/graphql',
      json({
        query: `# {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n{ search(query: "${'{'.repeat(60)}") { total } }`,
      }),
    );
    expect(ok.status).toBe(200);
  });

  it('an unrouted method gets 405 in the error shape with Allow; on an unknown path, 404', async () => {
    // workerd itself answers methods outside its list (FOO) with a plain 501 before any Worker
    // code runs (cloudflare/workerd#6877), and its Request refuses to build one: see the README.
    expect(() => new Request('http://marquee.test/', { method: 'FOO' })).toThrow(/method/i);
    for (const method of ['PROPFIND', 'MKCOL', 'PURGE', 'TRACE', 'PATCH', 'PUT', 'DELETE']) {
      const r = await call('/api/v1/platforms', { method });
      expect(r.status, method).toBe(405);
      expectErrorShape(r.body, 'METHOD_NOT_ALLOWED');
      expect(r.headers.get('allow')).toContain('GET');
    }
    const g = await call('/graphql', { method: 'PROPFIND' });
    expect(g.status).toBe(405);
    expectErrorShape(g.body, 'METHOD_NOT_ALLOWED');
  });
});
