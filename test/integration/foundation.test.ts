import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { call, expectErrorShape } from './helpers';

describe('liveness and readiness', () => {
  it('GET /health is 200 with a request id and secure headers', async () => {
    const r = await call('/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const kept = await call('/health', { headers: { 'X-Request-Id': 'trace-abc-12345' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc-12345');
    const replaced = await call('/health', { headers: { 'X-Request-Id': 'bad id<script>' } });
    expect(replaced.headers.get('x-request-id')).not.toContain('<');
  });

  it('GET /ready reports each dependency with status and latency', async () => {
    const r = await call('/ready');
    expect(r.status).toBe(200);
    expect(r.body.ready).toBe(true);
    expect(r.body.checks.database).toMatchObject({ status: 'ok' });
    expect(r.body.checks.redis).toMatchObject({ status: 'ok' });
    expect(['ok', 'unavailable']).toContain(r.body.checks.vector.status);
    for (const check of Object.values<any>(r.body.checks))
      expect(typeof check.latencyMs).toBe('number');
  });

  it('GET /ready is 503 and names the dependency when the database is down', async () => {
    const app = createApp();
    const down = { ...env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' };
    const res = await app.request('/ready', {}, down);
    const body = (await res.json()) as any;
    expect(res.status).toBe(503);
    expect(body.checks.database.status).toBe('down');
  });
});

describe('catalog reads', () => {
  it('returns a real film with its cleaned year, director and availability by region', async () => {
    const r = await call('/api/v1/content/gone-with-the-wind-1939');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: 'gone-with-the-wind-1939',
      title: 'Gone with the Wind',
      releaseYear: 1939,
      director: 'George Cukor',
    });
    expect(r.body.genres).toContain('drama');
    expect(typeof r.body.availability).toBe('object');
    for (const [region, offers] of Object.entries<any[]>(r.body.availability)) {
      expect(region).toMatch(/^[A-Z]{2}$/);
      for (const o of offers) expect(o.source).toBe('simulated');
    }
  });

  it('filters availability to one region when asked', async () => {
    const r = await call('/api/v1/content/gone-with-the-wind-1939?region=gb');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.availability).every((k) => k === 'GB')).toBe(true);
  });

  it('lists platforms and genres', async () => {
    const p = await call('/api/v1/platforms');
    expect(p.status).toBe(200);
    expect(p.body.platforms.map((x: any) => x.id)).toEqual(
      expect.arrayContaining(['netflix', 'hulu', 'disney-plus']),
    );
    const g = await call('/api/v1/genres');
    expect(g.status).toBe(200);
    expect(g.body.genres.find((x: any) => x.name === 'comedy')?.titles).toBeGreaterThan(100);
  });
});

describe('bad input gets a 4xx in the one error shape', () => {
  it('unknown title: 404', async () => {
    const r = await call('/api/v1/content/no-such-film-1901');
    expect(r.status).toBe(404);
    expectErrorShape(r.body, 'NOT_FOUND');
  });

  it('malformed id: 400 that says what to fix', async () => {
    const r = await call('/api/v1/content/Robert%27);DROP%20TABLE--');
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/content id/);
  });

  it('unknown region: 400', async () => {
    const r = await call('/api/v1/content/gone-with-the-wind-1939?region=XX');
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
  });

  it('unknown route: 404; wrong method: 405 with Allow', async () => {
    const nf = await call('/api/v1/nothing-here');
    expect(nf.status).toBe(404);
    expectErrorShape(nf.body, 'NOT_FOUND');
    const na = await call('/api/v1/platforms', { method: 'DELETE' });
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toContain('GET');
    expectErrorShape(na.body, 'METHOD_NOT_ALLOWED');
  });

  it('a database that is down gives 503 with a clear message and no internals', async () => {
    const app = createApp();
    const down = { ...env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' };
    const res = await app.request('/api/v1/content/gone-with-the-wind-1939', {}, down);
    const body = (await res.json()) as any;
    expect(res.status).toBe(503);
    expectErrorShape(body, 'DEPENDENCY_UNAVAILABLE');
    expect(body.error.message).toMatch(/database/i);
  });
});
