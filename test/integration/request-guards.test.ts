/**
 * Issue 17, items 3 and 6: GraphQL work is budgeted by what it does, a cross-site form cannot
 * reach a state-changing route, and the lower findings (webhook URLs, /ready's wording, the
 * login 429's headers).
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { signWebhook } from '../../src/services/availability/webhook-signature';
import { accountsWith, logIn, signUp } from './auth-helpers';
import { call, expectErrorShape } from './helpers';

const app = createApp();
const ip = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 6)}`;
const PASSWORD = 'correct horse battery staple';

async function viaApp(path: string, init: RequestInit, vars: Record<string, string>) {
  const res = await app.request(path, init, { ...env, ...vars });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

// Emails are stored encrypted: the accounts are found by the blind index of each address tried.
const usersWith = (prefix: string) => accountsWith([...'abcde'].map((x) => `${prefix}-${x}@example.com`).concat(Array.from({ length: 145 }, (_, i) => `${prefix}-${i}@example.com`)));

describe('GraphQL and state-changing routes take JSON only (no cross-site forms)', () => {
  const mutation = (email: string) => `mutation { register(email: "${email}", password: "${PASSWORD}") { accessToken } }`;

  it('form-urlencoded, multipart and text/plain POSTs to /graphql are 415 in the error shape and run nothing', async () => {
    const prefix = `form-${crypto.randomUUID().slice(0, 8)}`;
    const form = new URLSearchParams({ query: mutation(`${prefix}-a@example.com`) });
    const multipart = new FormData();
    multipart.set('query', mutation(`${prefix}-b@example.com`));
    const bodies: [string, RequestInit][] = [
      ['urlencoded', { method: 'POST', body: form }],
      ['multipart', { method: 'POST', body: multipart }],
      ['text/plain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: mutation(`${prefix}-c@example.com`) }) }],
      ['typeless blob', { method: 'POST', body: new Blob([JSON.stringify({ query: mutation(`${prefix}-d@example.com`) })]) }],
    ];
    for (const [what, init] of bodies) {
      const r = await call('/graphql', init);
      expect(r.status, what).toBe(415);
      expectErrorShape(r.body, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await usersWith(prefix)).toBe(0);
    // The same mutation as JSON works.
    const ok = await call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: mutation(`${prefix}-e@example.com`) }) });
    expect(ok.status).toBe(200);
    expect(ok.body.data.register.accessToken).toBeTruthy();
    expect(await usersWith(prefix)).toBe(1);
  });

  it('every state-changing REST route refuses a non-JSON body with 415, bodiless DELETE and logout still work', async () => {
    const a = await signUp('forms');
    const bearer = { authorization: `Bearer ${a.accessToken}` };
    const cases: [string, string][] = [
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/me/watchlist'],
      ['PATCH', '/api/v1/me'],
      ['PUT', '/api/v1/me/ratings/alien-1979'],
      ['DELETE', '/api/v1/me/watchlist/alien-1979'],
      ['POST', '/api/v1/auth/logout'],
      ['POST', '/api/v1/webhooks/netflix'],
      ['POST', '/api/v1/search'],
    ];
    for (const [method, path] of cases) {
      const r = await call(path, { method, headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
      expect(r.status, `${method} ${path}`).toBe(415);
      expectErrorShape(r.body, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect((await call('/api/v1/me/watchlist/alien-1979', { method: 'DELETE', headers: bearer })).status).toBeLessThan(300);
    expect((await call('/api/v1/auth/logout', { method: 'POST', headers: bearer })).status).toBe(204);
  });
});

describe('GraphQL work is budgeted by what it does', () => {
  const gql = (query: string, vars: Record<string, string>, client: string) =>
    viaApp('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'CF-Connecting-IP': client }, body: JSON.stringify({ query }) }, vars);

  it('145 aliased registrations are refused before any runs (one password check per document)', async () => {
    const prefix = `alias-${crypto.randomUUID().slice(0, 8)}`;
    const fields = Array.from({ length: 145 }, (_, i) => `r${i}: register(email: "${prefix}-${i}@example.com", password: "${PASSWORD}") { accessToken }`);
    const r = await gql(`mutation { ${fields.join(' ')} }`, {}, ip());
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/register or sign in at most 1/);
    expect(await usersWith(prefix)).toBe(0);
    const two = await gql(`mutation { a: login(email: "x@example.com", password: "${PASSWORD}") { accessToken } b: login(email: "y@example.com", password: "${PASSWORD}") { accessToken } }`, {}, ip());
    expect(two.status).toBe(400);
  });

  it('100 aliased searches, or fragments that repeat them, are refused by the per-document cap', async () => {
    const fields = Array.from({ length: 100 }, (_, i) => `s${i}: search(query: "comedy ${i}", limit: 1) { total }`);
    const r = await gql(`{ ${fields.join(' ')} }`, {}, ip());
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(/at most 5/);
    const viaFragments = await gql(`{ ...A ...B } fragment A on Query { a: search(query: "a") { total } b: search(query: "b") { total } c: trending { window } } fragment B on Query { d: similar(contentId: "alien-1979") { items { id } } e: search(query: "e") { total } f: search(query: "f") { total } }`, {}, ip());
    expect(viaFragments.status).toBe(400);
  });

  it('each costly field spends a unit of the caller\'s rate limit: the budget runs out by work, not by requests', async () => {
    const vars = { RATE_LIMIT_ANON_PER_MIN: '6' };
    const client = ip();
    const five = `{ a: trending { window } b: trending(window: week) { window } c: trending(region: "GB") { window } d: trending(region: "DE") { window } e: trending(region: "FR") { window } }`;
    const first = await gql(five, vars, client);
    expect(first.status).toBe(200);
    expect(first.body.data.e.window).toBe('day');
    // 5 of 6 spent: another five-field document is refused in the REST shape with consistent headers.
    const second = await gql(five, vars, client);
    expect(second.status).toBe(429);
    expectErrorShape(second.body, 'RATE_LIMITED');
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    expect(second.headers.get('retry-after')).toBe(String(Math.max(1, Number(second.headers.get('ratelimit-reset')))));
    // Cheap fields cost only the request's own unit.
    const cheap = await gql('{ platforms { id } }', vars, ip());
    expect(cheap.status).toBe(200);
  });
});

describe('lower findings', () => {
  it('a signed webhook cannot store a javascript: or data: offer URL (http(s) only)', async () => {
    for (const url of ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'JAVASCRIPT:alert(1)', 'ftp://example.com/x']) {
      const raw = JSON.stringify({
        eventId: `evt-js-${crypto.randomUUID()}`, type: 'availability.updated', occurredAt: new Date().toISOString(),
        contentId: 'the-godfather-1972', region: 'US', offers: [{ priceTier: 'subscription', url }],
      });
      const ts = Math.floor(Date.now() / 1000);
      const res = await exports.default.fetch(
        new Request('http://marquee.test/api/v1/webhooks/netflix', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-marquee-timestamp': String(ts), 'x-marquee-signature': await signWebhook('dev-secret-netflix', ts, raw) },
          body: raw,
        }),
      );
      const body = (await res.json()) as any;
      expect(res.status, url).toBe(400);
      expectErrorShape(body, 'VALIDATION_FAILED');
      expect(body.error.details[0].path).toBe('offers.0.url');
    }
  });

  it('/ready names a down dependency in its own words, never the driver\'s ("Failed query: select 1")', async () => {
    const down = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' };
    const r = await viaApp('/ready', {}, down);
    expect(r.status).toBe(503);
    expect(r.body.checks.database.message).toMatch(/^The database is unavailable: /);
    expect(JSON.stringify(r.body)).not.toMatch(/Failed query|select 1|127\.0\.0\.1|params:/);
  });

  it('the login 429\'s RateLimit-* headers are the sign-in limit\'s and agree with its Retry-After', async () => {
    const a = await signUp('headers');
    for (let i = 0; i < 5; i++) expect((await logIn(a.email, `wrong-${i}-password`)).status).toBe(401);
    const blocked = await logIn(a.email);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('ratelimit-limit')).toBe('5');
    expect(blocked.headers.get('ratelimit-remaining')).toBe('0');
    expect(blocked.headers.get('retry-after')).toBe(String(Math.max(1, Number(blocked.headers.get('ratelimit-reset')))));
  });
});
