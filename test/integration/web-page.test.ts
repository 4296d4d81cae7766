/** The web page's routes inside workerd: shell, assets, headers, and the API's JSON 404s untouched. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectErrorShape } from './helpers';

describe('web page routes', () => {
  // The first request of a file loads the Worker's modules; on a busy machine that alone can take many seconds.
  beforeAll(() => call('/health'), 120_000);

  it('serves the HTML shell at / and /title/:id with the page CSP and ETag revalidation', async () => {
    const root = await call('/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(root.headers.get('cache-control')).toBe('no-cache');
    const csp = root.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(root.headers.get('x-content-type-options')).toBe('nosniff');
    const title = await call('/title/alien-1979');
    expect(title.body).toBe(root.body);
    const etag = root.headers.get('etag')!;
    const again = await call('/', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
  });

  it('serves hashed assets as immutable, and 404s unknown ones in the error shape', async () => {
    const html = (await call('/')).body as string;
    for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const r = await call(m[1]!);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(r.headers.get('content-type')).toMatch(/^text\/(javascript|css)/);
    }
    const missing = await call('/assets/app.0000.js');
    expect(missing.status).toBe(404);
    expectErrorShape(missing.body, 'NOT_FOUND');
  });

  it('leaves API 404s as JSON and does not answer other paths with the page', async () => {
    const api = await call('/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expectErrorShape(api.body, 'NOT_FOUND');
    expect((await call('/title/Not_An_Id')).status).toBe(404);
    expect((await call('/somewhere-else')).status).toBe(404);
  });
});
