/**
 * Issue 17: a consent record for personalisation (GET/PUT /api/v1/me/consent), honoured by
 * recommendations (no activity read without it) and the search log (searches kept without the
 * account), written to the audit log on every change; and an erasure takes the person's searches
 * out of the popular-search counts.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isolateServices } from '../../src/container';
import { rows, send, signUp } from './auth-helpers';
import { expectErrorShape } from './helpers';

describe('consent to personalisation', () => {
  it('defaults to given, is withdrawn and given again through the API, each change audited', async () => {
    const a = await signUp('consent');
    const t = a.accessToken;
    expect((await send('GET', '/api/v1/me/consent', { token: t })).body).toEqual({ personalisation: true, updatedAt: null });
    const off = await send('PUT', '/api/v1/me/consent', { token: t, body: { personalisation: false } });
    expect(off.status).toBe(200);
    expect(off.body.personalisation).toBe(false);
    expect(Date.parse(off.body.updatedAt)).not.toBeNaN();
    expect((await send('GET', `/api/v1/users/${a.id}/consent`, { token: t })).body.personalisation).toBe(false);
    const audit = await rows<{ action: string }>(sql`select action from audit_log where subject = ${`user:${a.id}`} order by id`);
    expect(audit.map((r) => r.action)).toEqual(['consent.personalisation.withdrawn']);

    const bad = await send('PUT', '/api/v1/me/consent', { token: t, body: { personalisation: 'no' } });
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body, 'VALIDATION_FAILED');
    expect((await send('PUT', '/api/v1/me/consent', { token: t, body: 'personalisation=true', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await send('PUT', '/api/v1/me/consent', { body: { personalisation: true } })).status).toBe(401);

    expect((await send('PUT', '/api/v1/me/consent', { token: t, body: { personalisation: true } })).body.personalisation).toBe(true);
    const export_ = await send('GET', '/api/v1/me/export', { token: t });
    expect(export_.body.consent.personalisation).toBe(true);
  });

  it('withdrawn: recommendations read no activity and searches are kept without the account', async () => {
    const a = await signUp('consent-off');
    const t = a.accessToken;
    await send('PUT', '/api/v1/me/ratings/the-godfather-1972', { token: t, body: { score: 10 } });
    await send('PUT', '/api/v1/me/consent', { token: t, body: { personalisation: false } });
    const recs = await send('GET', '/api/v1/recommendations', { token: t });
    expect(recs.status).toBe(200);
    expect(recs.body.meta.notes.join(' ')).toContain('personalisation is off');

    const q = `consentless westerns ${crypto.randomUUID().slice(0, 6)}`;
    expect((await send('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token: t })).status).toBe(200);
    const exp = await send('GET', '/api/v1/me/export', { token: t });
    expect(exp.body.searchHistory.map((s: { query: string }) => s.query)).not.toContain(q);

    await send('PUT', '/api/v1/me/consent', { token: t, body: { personalisation: true } });
    const back = await send('GET', '/api/v1/recommendations', { token: t });
    expect((back.body.meta.notes ?? []).join(' ')).not.toContain('personalisation is off');
  });
});

describe('erasure and the popular-search counts', () => {
  it("takes the person's searches out of the day's popular counts", async () => {
    const a = await signUp('popular-erase');
    const q = `erasable musicals ${crypto.randomUUID().slice(0, 6)}`;
    expect((await send('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token: a.accessToken })).status).toBe(200);
    const redis = isolateServices(env).redis!;
    const key = `search:popular:${new Date().toISOString().slice(0, 10)}`;
    // The search is recorded after the answer: wait for its count.
    for (let i = 0; i < 50 && !(await redis.zscore(key, q)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(Number(await redis.zscore(key, q))).toBe(1);
    expect((await send('DELETE', '/api/v1/me', { token: a.accessToken })).status).toBe(200);
    expect(await redis.zscore(key, q)).toBeNull();
  });
});
