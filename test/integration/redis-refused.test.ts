/**
 * Issue 17, item 2: revocations and guards used to vanish while Redis refused connections (a
 * logged-out token worked, a logout made during the outage was forgotten once Redis returned,
 * the sign-in guard and the webhook replay guard were off). Postgres now holds each of them,
 * with Redis as the fast path. Requests here carry an env whose Redis URL refuses connections.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { signWebhook } from '../../src/services/availability/webhook-signature';
import { PASSWORD, signUp } from './auth-helpers';
import { expectErrorShape } from './helpers';

const app = createApp();
// Port 1 on loopback: nothing listens, so every Redis command is refused at once.
const refused = { ...env, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1' };
const up = env;

async function req(target: object, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const res = await app.request(path, { method, headers, body }, target);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

describe('token revocation while Redis refuses connections', () => {
  it('a token logged out before the outage stays refused during it; a live one still works', async () => {
    const a = await signUp('refused-before');
    const b = await signUp('refused-live');
    expect((await req(up, 'POST', '/api/v1/auth/logout', { token: a.accessToken })).status).toBe(204);
    const me = await req(refused, 'GET', '/api/v1/me', { token: a.accessToken });
    expect(me.status).toBe(401);
    expectErrorShape(me.body, 'UNAUTHORIZED');
    expect((await req(refused, 'GET', '/api/v1/me', { token: b.accessToken })).status).toBe(200);
  });

  it('a logout made during the outage holds during it and after Redis returns', async () => {
    const a = await signUp('refused-logout');
    expect((await req(refused, 'POST', '/api/v1/auth/logout', { token: a.accessToken })).status).toBe(204);
    expect((await req(refused, 'GET', '/api/v1/me', { token: a.accessToken })).status).toBe(401);
    // Redis is back: its copy never heard of this logout, yet the token stays refused.
    expect((await req(up, 'GET', '/api/v1/me', { token: a.accessToken })).status).toBe(401);
    expect((await req(up, 'GET', '/api/v1/me', { token: a.accessToken })).status).toBe(401);
    expect((await req(up, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(401);
  });

  it('a refresh token reused during the outage ends the session for its access tokens too', async () => {
    const a = await signUp('refused-reuse');
    const rotated = await req(refused, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } });
    expect(rotated.status).toBe(200);
    const reused = await req(refused, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } });
    expect(reused.status).toBe(401);
    expect((await req(refused, 'GET', '/api/v1/me', { token: rotated.body.accessToken })).status).toBe(401);
    expect((await req(up, 'GET', '/api/v1/me', { token: rotated.body.accessToken })).status).toBe(401);
  });

  it('an account erased during the outage cannot use its tokens after Redis returns', async () => {
    const a = await signUp('refused-erase');
    const erased = await req(refused, 'DELETE', '/api/v1/me', { token: a.accessToken });
    expect(erased.status).toBeLessThan(300);
    expect((await req(up, 'GET', '/api/v1/me/watchlist', { token: a.accessToken })).status).toBe(401);
  });
});

describe('the sign-in guard while Redis refuses connections', () => {
  it('counts failed attempts in Postgres and answers 429 once they are spent', async () => {
    const a = await signUp('refused-brute');
    const target = { ...refused, RATE_LIMIT_LOGIN_ATTEMPTS: '3' };
    const client = { 'CF-Connecting-IP': `203.0.113.${Math.floor(Math.random() * 250) + 1}` };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await req(target, 'POST', '/api/v1/auth/login', { headers: client, body: { email: a.email, password: 'wrong password!' } })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The right password is refused too while the budget is spent: the guard is on.
    const last = await req(target, 'POST', '/api/v1/auth/login', { headers: client, body: { email: a.email, password: PASSWORD } });
    expect(last.status).toBe(429);
    expectErrorShape(last.body, 'RATE_LIMITED');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A successful sign-in is given back (only failures count).
    const other = await signUp('refused-ok');
    const ok = { 'CF-Connecting-IP': `203.0.113.${Math.floor(Math.random() * 250) + 1}` };
    for (let i = 0; i < 4; i++) expect((await req(target, 'POST', '/api/v1/auth/login', { headers: ok, body: { email: other.email, password: PASSWORD } })).status).toBe(200);
  });
});

describe('the webhook replay guard while Redis refuses connections', () => {
  async function deliver(target: object, eventId: string) {
    const raw = JSON.stringify({ eventId, type: 'availability.updated', occurredAt: new Date().toISOString(), contentId: 'the-godfather-1972', region: 'US', offers: [] });
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'content-type': 'application/json', 'x-marquee-timestamp': String(ts), 'x-marquee-signature': await signWebhook('dev-secret-netflix', ts, raw) };
    return req(target, 'POST', '/api/v1/webhooks/netflix', { headers, body: raw });
  }

  it('an event seen during the outage is a duplicate during it and after it', async () => {
    const id = `evt-refused-${crypto.randomUUID()}`;
    expect((await deliver(refused, id)).status).toBe(202);
    const again = await deliver(refused, id);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('duplicate');
    expect((await deliver(up, id)).body.status).toBe('duplicate');
  });

  it('an event seen before the outage is a duplicate during it', async () => {
    const id = `evt-before-${crypto.randomUUID()}`;
    expect((await deliver(up, id)).status).toBe(202);
    expect((await deliver(refused, id)).body.status).toBe('duplicate');
  });
});
