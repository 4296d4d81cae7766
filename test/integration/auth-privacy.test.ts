/** Export everything held about a user; erase it all in one transaction, leaving an audit record without personal data. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createPrivacyRepository } from '../../src/db/repositories/user-privacy';
import { getUserPreferences } from '../../src/db/repositories/users';
import { countFor, logIn, rows, send, signUp, signUpAs, withDb, type Account } from './auth-helpers';

/** Erasure needs no cipher (it decrypts nothing). */
const noCipher = () => Promise.reject(new Error('erasure decrypts nothing'));

async function withData(tag: string): Promise<Account> {
  const a = await signUp(tag);
  const t = a.accessToken;
  await send('PATCH', '/api/v1/me', { token: t, body: { displayName: 'Grace Hopper' } });
  await send('POST', '/api/v1/me/watchlist', { token: t, body: { contentId: 'the-godfather-1972' } });
  await send('PUT', '/api/v1/me/ratings/the-godfather-1972', { token: t, body: { score: 8 } });
  await send('POST', '/api/v1/me/history', { token: t, body: { contentId: 'gone-with-the-wind-1939', progress: 1 } });
  await send('POST', '/api/v1/me/preferences', { token: t, body: { platforms: ['netflix'], languages: ['en'] } });
  await withDb((db) =>
    db.execute(sql`insert into search_history (user_id, query, normalized_query, region, result_count)
                   values (${a.id}::uuid, 'grace hopper documentary', 'grace hopper documentary', 'US', 3)`),
  );
  return a;
}

describe('export', () => {
  it('returns everything held about the user, and nothing secret', async () => {
    const a = await withData('export');
    const r = await send('GET', `/api/v1/users/${a.id}/export`, { token: a.accessToken });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    expect(r.body).toMatchObject({
      profile: { id: a.id, email: a.email, displayName: 'Grace Hopper', role: 'user' },
      preferences: { platforms: ['netflix'], languages: ['en'] },
      watchlist: [{ contentId: 'the-godfather-1972', title: 'The Godfather' }],
      ratings: [{ contentId: 'the-godfather-1972', score: 8 }],
      history: [{ contentId: 'gone-with-the-wind-1939', progress: 1 }],
      searchHistory: [{ query: 'grace hopper documentary', region: 'US', resultCount: 3 }],
      sessions: [{ revokedAt: null }],
    });
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('pbkdf2');
    expect(text).not.toContain(a.refreshToken);
  });
});

describe('erasure', () => {
  it('anonymises the profile, deletes activity, revokes sessions and tokens, and audits without personal data', async () => {
    const a = await withData('erase');
    const r = await send('DELETE', `/api/v1/users/${a.id}`, { token: a.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.removed).toEqual({ history: 1, ratings: 1, watchlist: 1, searchHistory: 1, sessionsRevoked: 1 });

    const [u] = await rows<any>(sql`select email, email_index, password_hash, display_name, deleted_at, email_verified from users where id = ${a.id}::uuid`);
    expect(u.email).toMatch(/^erased-[0-9a-f-]{36}@erased\.invalid$/);
    expect(u.email).not.toContain(a.email.split('@')[0]);
    expect(u.password_hash).not.toMatch(/pbkdf2/);
    expect(u.display_name).toBeNull();
    expect(u.deleted_at).not.toBeNull();
    for (const table of ['watchlist', 'ratings', 'user_history', 'search_history', 'user_preferences'] as const) {
      expect(await countFor(table, a.id), table).toBe(0);
    }
    // No session row keeps the person's id (issue 17: revoked rows used to stay).
    expect((await rows(sql`select 1 from refresh_tokens where user_id = ${a.id}::uuid`)).length).toBe(0);
    expect(u.email_index).toBeNull();

    const audit = await rows<any>(sql`select action, subject, details from audit_log where subject = ${`user:${a.id}`}`);
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe('user.erased');
    const auditText = JSON.stringify(audit[0]);
    expect(auditText).not.toContain(a.email);
    expect(auditText).not.toContain('Grace');
    expect(auditText).not.toContain('hopper');

    // Everything that could still act for the account is refused.
    expect((await send('GET', '/api/v1/me', { token: a.accessToken })).status).toBe(401);
    expect((await send('POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).status).toBe(401);
    expect((await logIn(a.email)).status).toBe(401);
    expect(await withDb((db) => getUserPreferences(db, a.id))).toBeNull();
    // The email is free again.
    expect((await send('POST', '/api/v1/auth/register', { body: { email: a.email, password: 'correct horse battery staple' } })).status).toBe(201);
  });

  it('an admin can erase another account; their own token keeps working', async () => {
    const admin = await signUpAs('admin', 'eraser');
    const a = await withData('erased-by-admin');
    const r = await send('DELETE', `/api/v1/users/${a.id}`, { token: admin.accessToken });
    expect(r.status).toBe(200);
    const audit = await rows<any>(sql`select details from audit_log where subject = ${`user:${a.id}`}`);
    expect(audit[0].details.requestedBy).toBe('admin');
    expect((await send('GET', '/api/v1/me', { token: admin.accessToken })).status).toBe(200);
    // The erased user's still-unexpired access token is refused everywhere.
    expect((await send('GET', '/api/v1/content/the-godfather-1972', { token: a.accessToken })).status).toBe(401);
    expect((await send('DELETE', `/api/v1/users/${a.id}`, { token: admin.accessToken })).status).toBe(404);
  });

  it('is all or nothing: a failure at the last step leaves every record in place', async () => {
    const a = await withData('atomic');
    const before = await rows(sql`select email, display_name, password_hash, deleted_at from users where id = ${a.id}::uuid`);
    // The audit insert is the transaction's last statement; a null action violates NOT NULL there.
    const attempt = withDb((db) => createPrivacyRepository(db, noCipher).eraseUser(a.id, { action: null as unknown as string, subject: `user:${a.id}`, details: {} }));
    await expect(attempt).rejects.toThrow();
    expect(await rows(sql`select email, display_name, password_hash, deleted_at from users where id = ${a.id}::uuid`)).toEqual(before);
    for (const table of ['watchlist', 'ratings', 'user_history', 'search_history', 'user_preferences', 'refresh_tokens'] as const) {
      expect(await countFor(table, a.id), table).toBe(1);
    }
    expect((await rows(sql`select 1 from refresh_tokens where user_id = ${a.id}::uuid and revoked_at is null`)).length).toBe(1);
    expect((await rows(sql`select 1 from audit_log where subject = ${`user:${a.id}`}`)).length).toBe(0);
    expect((await send('GET', '/api/v1/me', { token: a.accessToken })).status).toBe(200);
  });
});

describe('preferences port for search ranking', () => {
  it('gives platforms, region and tastes, with defaults for a user who saved none', async () => {
    const a = await withData('port');
    expect(await withDb((db) => getUserPreferences(db, a.id))).toMatchObject({ userId: a.id, role: 'user', region: 'US', platforms: ['netflix'], languages: ['en'] });
    const b = await signUp('port-empty');
    expect(await withDb((db) => getUserPreferences(db, b.id))).toMatchObject({ region: 'US', platforms: [], genres: [] });
    expect(await withDb((db) => getUserPreferences(db, crypto.randomUUID()))).toBeNull();
  });
});
