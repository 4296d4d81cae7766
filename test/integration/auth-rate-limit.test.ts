/**
 * Rate limits against the real Redis (through the Upstash bridge). Small limits are passed per
 * request as env overrides (the container caches config per env object, so each env copy is
 * its own configuration).
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { logIn, send, signUp } from './auth-helpers';
import { expectErrorShape } from './helpers';

const app = createApp();
const ip = () =>
  `198.51.100.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 6)}`;

async function get(
  path: string,
  vars: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await app.request(path, { headers }, { ...env, ...vars });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

describe('tiered rate limits', () => {
  it('anonymous reads are limited by client IP, counted after the response: the request over the budget is answered, the next refused with a 429 + Retry-After', async () => {
    const vars = { RATE_LIMIT_ANON_PER_MIN: '3' };
    const client = { 'CF-Connecting-IP': ip() };
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await get('/api/v1/genres', vars, client));
    expect(seen.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(seen[0]!.headers.get('ratelimit-limit')).toBe('3');
    // From the second on, the headers carry what the previous request's count said.
    expect(seen[1]!.headers.get('ratelimit-remaining')).toBe('1');
    expect(seen.slice(4).map((r) => r.status)).toEqual([429, 429]);
    const limited = seen[4]!;
    expectErrorShape(limited.body, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Another address has its own budget.
    expect((await get('/api/v1/genres', vars, { 'CF-Connecting-IP': ip() })).status).toBe(200);
  });

  it('anonymous writes are decided before they run', async () => {
    const vars = { RATE_LIMIT_ANON_PER_MIN: '2' };
    const client = { 'CF-Connecting-IP': ip(), 'content-type': 'application/json' };
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const r = await app.request(
        '/api/v1/search',
        { method: 'POST', headers: client, body: JSON.stringify({ query: 'alien' }) },
        { ...env, ...vars },
      );
      await r.text();
      statuses.push(r.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('signed-in users are limited by user id on their own tier, not by the shared address', async () => {
    const a = await signUp('limited');
    const shared = { 'CF-Connecting-IP': ip() };
    const vars = { RATE_LIMIT_ANON_PER_MIN: '1', RATE_LIMIT_USER_PER_MIN: '4' };
    expect((await get('/api/v1/genres', vars, shared)).status).toBe(200);
    expect((await get('/api/v1/genres', vars, shared)).status).toBe(200); // counted after: over by one
    expect((await get('/api/v1/genres', vars, shared)).status).toBe(429);
    const auth = { ...shared, authorization: `Bearer ${a.accessToken}` };
    const first = await get('/api/v1/me', vars, auth);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('4');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get('/api/v1/me', vars, auth)).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[4]).toBe(429);
  });

  it('autocomplete has its own, larger budget', async () => {
    const client = { 'CF-Connecting-IP': ip() };
    const vars = { RATE_LIMIT_ANON_PER_MIN: '1', RATE_LIMIT_AUTOCOMPLETE_PER_MIN: '5' };
    expect((await get('/api/v1/genres', vars, client)).status).toBe(200);
    expect((await get('/api/v1/genres', vars, client)).status).toBe(200);
    expect((await get('/api/v1/genres', vars, client)).status).toBe(429);
    const s = await get('/api/v1/search/suggestions?partial=god', vars, client);
    expect(s.headers.get('ratelimit-limit')).toBe('5');
    expect(s.status).not.toBe(429);
  });

  it('autocomplete is counted after the response: a spent budget refuses the next keystrokes, in the error shape', async () => {
    const client = { 'CF-Connecting-IP': ip() };
    const vars = { RATE_LIMIT_ANON_PER_MIN: '1', RATE_LIMIT_AUTOCOMPLETE_PER_MIN: '3' };
    const seen = [];
    for (let i = 0; i < 6; i++)
      seen.push(
        await get(
          `/api/v1/search/suggestions?partial=${['god', 'sta', 'jur'][i % 3]}`,
          vars,
          client,
        ),
      );
    // The first three are within the budget; the fourth is answered, then counted over it.
    expect(seen.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(seen[0]!.headers.get('ratelimit-limit')).toBe('3');
    // From the second on, the headers carry what the previous keystroke's count said.
    expect(seen[1]!.headers.get('ratelimit-remaining')).toBe('1');
    const refused = seen.slice(4);
    expect(refused.map((r) => r.status)).toEqual([429, 429]);
    expectErrorShape(refused[0]!.body, 'RATE_LIMITED');
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.headers.get('ratelimit-remaining')).toBe('0');
    // Another client types on.
    expect(
      (await get('/api/v1/search/suggestions?partial=god', vars, { 'CF-Connecting-IP': ip() }))
        .status,
    ).toBe(200);
  });

  it('0 means unlimited (admins by configuration): no Redis call, no headers', async () => {
    const r = await get(
      '/api/v1/genres',
      { RATE_LIMIT_ANON_PER_MIN: '0' },
      { 'CF-Connecting-IP': ip() },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit-limit')).toBeNull();
  });

  it('health and key endpoints are outside /api and not limited', async () => {
    const vars = { RATE_LIMIT_ANON_PER_MIN: '1' };
    const client = { 'CF-Connecting-IP': ip() };
    for (let i = 0; i < 3; i++) expect((await get('/health', vars, client)).status).toBe(200);
  });
});

describe('a Redis outage does not take the API down', () => {
  it("fails open: requests are served without a decision's headers, signed-in ones too", async () => {
    const a = await signUp('outage');
    const down = { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', RATE_LIMIT_ANON_PER_MIN: '1' };
    const client = { 'CF-Connecting-IP': ip() };
    for (let i = 0; i < 3; i++) {
      const r = await get('/api/v1/content/the-godfather-1972', down, client);
      expect(r.status).toBe(200);
      // Anonymous reads are counted after the response: no count came back, so no remaining figure.
      expect(r.headers.get('ratelimit-remaining')).toBeNull();
    }
    const me = await get('/api/v1/me', down, {
      ...client,
      authorization: `Bearer ${a.accessToken}`,
    });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(a.id);
  });
});

describe('login brute-force guard (per client IP + email)', () => {
  it('refuses further attempts, even with the right password, once the attempts are spent', async () => {
    const a = await signUp('brute');
    const attempts = [];
    for (let i = 0; i < 5; i++) attempts.push((await logIn(a.email, `wrong-${i}-password`)).status);
    expect(attempts).toEqual([401, 401, 401, 401, 401]);
    const blocked = await logIn(a.email);
    expect(blocked.status).toBe(429);
    expectErrorShape(blocked.body, 'RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same address can still sign in to another account, and the account from elsewhere.
    const other = await signUp('bystander');
    expect((await logIn(other.email)).status).toBe(200);
    const elsewhere = await send('POST', '/api/v1/auth/login', {
      body: { email: a.email, password: 'correct horse battery staple' },
      headers: { 'CF-Connecting-IP': ip() },
    });
    expect(elsewhere.status).toBe(200);
  });

  it('only failures count: a successful sign-in gives its own attempt back', async () => {
    const a = await signUp('forgetful');
    for (let i = 0; i < 4; i++) expect((await logIn(a.email, 'nope-nope-nope')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await logIn(a.email)).status).toBe(200);
    expect((await logIn(a.email, 'nope-nope-nope')).status).toBe(401);
    // Five failures are spent now, so even the right password waits.
    expect((await logIn(a.email)).status).toBe(429);
  });
});
