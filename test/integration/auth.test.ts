import { sql } from 'drizzle-orm';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createPbkdf2Hasher } from '../../src/services/accounts/password';
import { sha256Hex } from '../../src/services/accounts/refresh-token';
import { PASSWORD, accountsWith, countFor, logIn, rows, send, signUp, uniqueEmail, withDb } from './auth-helpers';
import { call, expectErrorShape } from './helpers';

describe('a user’s whole journey', () => {
  it('register → login → me → watchlist → rate → export → delete → login fails', async () => {
    const email = uniqueEmail('journey');
    const reg = await send('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, displayName: 'Ada' } });
    expect(reg.status).toBe(201);
    expect(reg.headers.get('cache-control')).toBe('no-store');
    expect(reg.body.user).toMatchObject({ email, displayName: 'Ada', role: 'user', emailVerified: false });
    expect(reg.body.user).not.toHaveProperty('passwordHash');
    expect(reg.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const login = await logIn(email);
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const claims = decodeJwt(token);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(claims).toMatchObject({ sub: reg.body.user.id, role: 'user', aud: 'marquee-api' });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(typeof claims.jti).toBe('string');

    const me = await send('GET', '/api/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: reg.body.user.id, email });
    expect(me.headers.get('cache-control')).toBe('private, no-store');

    const add = await send('POST', '/api/v1/me/watchlist', { token, body: { contentId: 'the-godfather-1972' } });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ contentId: 'the-godfather-1972', title: 'The Godfather' });
    const again = await send('POST', '/api/v1/me/watchlist', { token, body: { contentId: 'the-godfather-1972' } });
    expect(again.status).toBe(200);
    const list = await send('GET', `/api/v1/users/${reg.body.user.id}/watchlist`, { token });
    expect(list.body.items.map((i: any) => i.contentId)).toEqual(['the-godfather-1972']);

    const rate = await send('PUT', '/api/v1/me/ratings/gone-with-the-wind-1939', { token, body: { score: 9 } });
    expect(rate.status).toBe(200);
    expect(rate.body).toMatchObject({ contentId: 'gone-with-the-wind-1939', score: 9 });
    const rerate = await send('PUT', '/api/v1/me/ratings/gone-with-the-wind-1939', { token, body: { score: 7 } });
    expect(rerate.body.score).toBe(7);

    const view = await send('POST', '/api/v1/me/history', { token, body: { contentId: 'the-godfather-1972', progress: 0.5 } });
    expect(view.status).toBe(201);
    expect(view.body).toMatchObject({ contentId: 'the-godfather-1972', kind: 'view', progress: 0.5 });

    const prefs = await send('POST', '/api/v1/me/preferences', { token, body: { platforms: ['netflix', 'hulu'], region: 'gb', genres: ['Drama'], maxRating: 'PG-13' } });
    expect(prefs.status).toBe(200);
    expect(prefs.body).toMatchObject({ platforms: ['netflix', 'hulu'], region: 'GB', genres: ['drama'], maxRating: 'PG-13', languages: [] });

    const exp = await send('GET', '/api/v1/me/export', { token });
    expect(exp.status).toBe(200);
    expect(exp.headers.get('content-disposition')).toMatch(/attachment/);
    expect(exp.body).toMatchObject({
      format: 'marquee-user-export/v1',
      profile: { id: reg.body.user.id, email, displayName: 'Ada' },
      preferences: { region: 'GB', platforms: ['netflix', 'hulu'] },
      watchlist: [{ contentId: 'the-godfather-1972' }],
      ratings: [{ contentId: 'gone-with-the-wind-1939', score: 7 }],
      history: [{ contentId: 'the-godfather-1972', progress: 0.5 }],
    });
    expect(exp.body.sessions.length).toBe(2);
    expect(JSON.stringify(exp.body)).not.toMatch(/pbkdf2|token_hash|tokenHash/);

    const del = await send('DELETE', '/api/v1/me', { token });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ erased: true, removed: { watchlist: 1, ratings: 1, history: 1, sessionsRevoked: 2 } });

    const after = await logIn(email);
    expect(after.status).toBe(401);
    expectErrorShape(after.body, 'UNAUTHORIZED');
    const reuse = await send('GET', '/api/v1/me', { token });
    expect(reuse.status).toBe(401);
  });
});

describe('registration', () => {
  it('refuses malformed emails and oversize or short fields with 400, creating nothing', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const bad = [
      { email: `not-an-email-${tag}`, password: PASSWORD },
      { email: `${tag}@`, password: PASSWORD },
      { email: `${'a'.repeat(250)}-${tag}@example.com`, password: PASSWORD },
      { email: `short-${tag}@example.com`, password: 'short' },
      { email: `long-${tag}@example.com`, password: 'x'.repeat(129) },
      { email: `name-${tag}@example.com`, password: PASSWORD, displayName: 'n'.repeat(81) },
      { email: `ctl-${tag}@example.com`, password: PASSWORD, displayName: 'bad\u0000name' },
    ];
    for (const body of bad) {
      const r = await send('POST', '/api/v1/auth/register', { body });
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expectErrorShape(r.body, 'VALIDATION_FAILED');
    }
    expect(await accountsWith(bad.map((b) => String(b.email).toLowerCase()))).toBe(0);
  });

  it('needs JSON, and a body under the size cap', async () => {
    const form = await send('POST', '/api/v1/auth/register', { body: 'email=a@b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const huge = await send('POST', '/api/v1/auth/register', { body: { email: uniqueEmail('huge'), password: PASSWORD, pad: 'x'.repeat(70_000) } });
    expect(huge.status).toBe(413);
  });

  it('is a 409 when the email is taken, whatever its case', async () => {
    const a = await signUp('dup');
    const r = await send('POST', '/api/v1/auth/register', { body: { email: a.email.toUpperCase(), password: PASSWORD } });
    expect(r.status).toBe(409);
    expectErrorShape(r.body, 'CONFLICT');
  });

  it('stores a PBKDF2 hash with its parameters, never the password', async () => {
    const a = await signUp('hash');
    const [u] = await rows<{ password_hash: string }>(sql`select password_hash from users where id = ${a.id}::uuid`);
    expect(u!.password_hash).toMatch(/^\$pbkdf2-sha256\$i=100000\$/);
    expect(u!.password_hash).not.toContain(PASSWORD);
  });
});

describe('login', () => {
  it('says the same thing for an unknown email and a wrong password', async () => {
    const a = await signUp('login');
    const unknown = await logIn(uniqueEmail('nobody'));
    const wrong = await logIn(a.email, 'wrong password!');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    expect(unknown.body.error.message).not.toMatch(/email not found|no such|unknown/i);
  });

  it('upgrades a weaker stored hash at the next login', async () => {
    const a = await signUp('rehash');
    const weak = await createPbkdf2Hasher({ iterations: 20_000 }).hash(PASSWORD);
    await withDb((db) => db.execute(sql`update users set password_hash = ${weak} where id = ${a.id}::uuid`));
    expect((await logIn(a.email)).status).toBe(200);
    const [u] = await rows<{ password_hash: string }>(sql`select password_hash from users where id = ${a.id}::uuid`);
    expect(u!.password_hash).toMatch(/^\$pbkdf2-sha256\$i=100000\$/);
    expect((await logIn(a.email)).status).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('are stored hashed, rotate on every use, and a reused one revokes the whole family', async () => {
    const a = await signUp('refresh');
    const stored = await rows<{ token_hash: string }>(sql`select token_hash from refresh_tokens where user_id = ${a.id}::uuid`);
    expect(stored.map((r) => r.token_hash)).toEqual([await sha256Hex(a.refreshToken)]);

    const first = await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(a.refreshToken);
    expect(decodeJwt(first.body.accessToken).sid).toBe(decodeJwt(a.accessToken).sid);
    const second = await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(second.status).toBe(200);

    // The first token comes back (stolen copy): refused, and the family is gone.
    const reuse = await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } });
    expect(reuse.status).toBe(401);
    expectErrorShape(reuse.body, 'UNAUTHORIZED');
    const latest = await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(latest.status).toBe(401);
    const live = await rows<{ n: number }>(sql`select count(*)::int as n from refresh_tokens where user_id = ${a.id}::uuid and revoked_at is null`);
    expect(live[0]!.n).toBe(0);
    // Access tokens of that session are refused too.
    expect((await send('GET', '/api/v1/me', { token: second.body.accessToken })).status).toBe(401);
  });

  it('refuses unknown, malformed and expired tokens', async () => {
    const a = await signUp('refresh-bad');
    expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'A'.repeat(43) } })).status).toBe(401);
    expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'not a token' } })).status).toBe(400);
    await withDb((db) => db.execute(sql`update refresh_tokens set expires_at = now() - interval '1 second' where user_id = ${a.id}::uuid`));
    expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(401);
  });
});

describe('logout', () => {
  it('denylists the access token until it expires and ends the refresh family', async () => {
    const a = await signUp('logout');
    expect((await send('GET', '/api/v1/me', { token: a.accessToken })).status).toBe(200);
    const out = await send('POST', '/api/v1/auth/logout', { token: a.accessToken });
    expect(out.status).toBe(204);
    const after = await send('GET', '/api/v1/me', { token: a.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/revoked/);
    expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(401);
    // Another session of the same user is untouched.
    const other = await logIn(a.email);
    expect((await send('GET', '/api/v1/me', { token: other.body.accessToken })).status).toBe(200);
  });

  it('needs a signed-in caller', async () => {
    const r = await send('POST', '/api/v1/auth/logout');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('public keys', () => {
  it('serves the JWKS without private members', async () => {
    const r = await call('/.well-known/jwks.json');
    expect(r.status).toBe(200);
    expect(r.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(r.body.keys[0]).not.toHaveProperty('d');
  });
});

describe('preferences and lists', () => {
  it('starts from defaults, merges partial updates, and refuses unknown platforms', async () => {
    const a = await signUp('prefs');
    const start = await send('GET', '/api/v1/me/preferences', { token: a.accessToken });
    expect(start.body).toMatchObject({ region: 'US', platforms: [], genres: [], languages: [], maxRating: null });
    await send('POST', '/api/v1/me/preferences', { token: a.accessToken, body: { languages: ['EN', 'fr'] } });
    const merged = await send('POST', '/api/v1/me/preferences', { token: a.accessToken, body: { platforms: ['netflix'] } });
    expect(merged.body).toMatchObject({ languages: ['en', 'fr'], platforms: ['netflix'] });
    const bad = await send('POST', '/api/v1/me/preferences', { token: a.accessToken, body: { platforms: ['netflix', 'no-such-platform'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/no-such-platform/);
    const region = await send('POST', '/api/v1/me/preferences', { token: a.accessToken, body: { region: 'XX' } });
    expect(region.status).toBe(400);
    expect((await send('GET', '/api/v1/me/preferences', { token: a.accessToken })).body.platforms).toEqual(['netflix']);
  });

  it('404s unknown titles and writes nothing', async () => {
    const a = await signUp('unknown-title');
    const t = a.accessToken;
    for (const r of [
      await send('POST', '/api/v1/me/watchlist', { token: t, body: { contentId: 'no-such-film-1901' } }),
      await send('DELETE', '/api/v1/me/watchlist/no-such-film-1901', { token: t }),
      await send('PUT', '/api/v1/me/ratings/no-such-film-1901', { token: t, body: { score: 5 } }),
      await send('POST', '/api/v1/me/history', { token: t, body: { contentId: 'no-such-film-1901' } }),
    ]) {
      expect(r.status).toBe(404);
      expectErrorShape(r.body, 'NOT_FOUND');
    }
    for (const table of ['watchlist', 'ratings', 'user_history'] as const) expect(await countFor(table, a.id)).toBe(0);
  });

  it('validates scores, progress and ids', async () => {
    const a = await signUp('validate');
    const t = a.accessToken;
    expect((await send('PUT', '/api/v1/me/ratings/the-godfather-1972', { token: t, body: { score: 11 } })).status).toBe(400);
    expect((await send('PUT', '/api/v1/me/ratings/the-godfather-1972', { token: t, body: { score: 7.5 } })).status).toBe(400);
    expect((await send('POST', '/api/v1/me/history', { token: t, body: { contentId: 'the-godfather-1972', progress: 2 } })).status).toBe(400);
    expect((await send('POST', '/api/v1/me/watchlist', { token: t, body: { contentId: "x'; drop table users;--" } })).status).toBe(400);
    expect((await send('GET', '/api/v1/users/not-a-uuid', { token: t })).status).toBe(400);
    expect(await countFor('ratings', a.id)).toBe(0);
  });

  it('removes from the watchlist and pages history newest first', async () => {
    const a = await signUp('lists');
    const t = a.accessToken;
    await send('POST', '/api/v1/me/watchlist', { token: t, body: { contentId: 'the-godfather-1972' } });
    expect((await send('DELETE', '/api/v1/me/watchlist/the-godfather-1972', { token: t })).status).toBe(204);
    expect((await send('GET', '/api/v1/me/watchlist', { token: t })).body.items).toEqual([]);
    for (const id of ['the-godfather-1972', 'gone-with-the-wind-1939', 'the-godfather-1972']) {
      await send('POST', '/api/v1/me/history', { token: t, body: { contentId: id } });
    }
    const p1 = await send('GET', '/api/v1/me/history?limit=2', { token: t });
    expect(p1.body.entries.map((e: any) => e.contentId)).toEqual(['the-godfather-1972', 'gone-with-the-wind-1939']);
    const p2 = await send('GET', `/api/v1/me/history?limit=2&cursor=${p1.body.nextCursor}`, { token: t });
    expect(p2.body.entries.map((e: any) => e.contentId)).toEqual(['the-godfather-1972']);
    expect(p2.body.nextCursor).toBeNull();
  });
});
