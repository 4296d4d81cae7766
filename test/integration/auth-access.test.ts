/** Who reaches whose data: every personal route, for anonymous, another user, premium and admin callers. */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { countFor, rows, send, signUp, signUpAs, testCipher, uniqueEmail, type Account } from './auth-helpers';
import { expectErrorShape } from './helpers';

let owner: Account;

interface Route {
  method: string;
  path: (id: string) => string;
  body?: unknown;
}

const ROUTES: Route[] = [
  { method: 'GET', path: (id) => `/api/v1/users/${id}` },
  { method: 'PATCH', path: (id) => `/api/v1/users/${id}`, body: { displayName: 'Hijacked' } },
  { method: 'DELETE', path: (id) => `/api/v1/users/${id}` },
  { method: 'GET', path: (id) => `/api/v1/users/${id}/export` },
  { method: 'GET', path: (id) => `/api/v1/users/${id}/preferences` },
  { method: 'POST', path: (id) => `/api/v1/users/${id}/preferences`, body: { platforms: [], region: 'JP' } },
  { method: 'GET', path: (id) => `/api/v1/users/${id}/watchlist` },
  { method: 'POST', path: (id) => `/api/v1/users/${id}/watchlist`, body: { contentId: 'gone-with-the-wind-1939' } },
  { method: 'DELETE', path: (id) => `/api/v1/users/${id}/watchlist/the-godfather-1972` },
  { method: 'GET', path: (id) => `/api/v1/users/${id}/ratings` },
  { method: 'PUT', path: (id) => `/api/v1/users/${id}/ratings/the-godfather-1972`, body: { score: 0 } },
  { method: 'GET', path: (id) => `/api/v1/users/${id}/history` },
  { method: 'POST', path: (id) => `/api/v1/users/${id}/history`, body: { contentId: 'gone-with-the-wind-1939' } },
];

async function snapshot(userId: string) {
  const [u] = await rows(sql`select email, display_name, role, deleted_at from users where id = ${userId}::uuid`);
  const prefs = await rows(sql`select region, platforms from user_preferences where user_id = ${userId}::uuid`);
  const data = await rows(sql`
    select (select json_agg(content_id order by content_id) from watchlist where user_id = ${userId}::uuid) as watchlist,
           (select json_agg(json_build_object('c', content_id, 's', score)) from ratings where user_id = ${userId}::uuid) as ratings,
           (select count(*)::int from user_history where user_id = ${userId}::uuid) as history`);
  return { user: u, prefs, data: data[0] };
}

beforeAll(async () => {
  owner = await signUp('owner');
  const t = owner.accessToken;
  await send('PATCH', '/api/v1/me', { token: t, body: { displayName: 'Owner' } });
  await send('POST', '/api/v1/me/watchlist', { token: t, body: { contentId: 'the-godfather-1972' } });
  await send('PUT', '/api/v1/me/ratings/the-godfather-1972', { token: t, body: { score: 10 } });
  await send('POST', '/api/v1/me/history', { token: t, body: { contentId: 'the-godfather-1972' } });
  await send('POST', '/api/v1/me/preferences', { token: t, body: { region: 'GB', platforms: ['netflix'] } });
});

describe("another user's id is refused on every personal route", () => {
  it('403 for a signed-in user and for premium, with nothing changed', async () => {
    const before = await snapshot(owner.id);
    for (const caller of [await signUp('intruder'), await signUpAs('premium')]) {
      for (const route of ROUTES) {
        const r = await send(route.method, route.path(owner.id), { token: caller.accessToken, body: route.body });
        expect(r.status, `${route.method} ${route.path(':id')}`).toBe(403);
        expectErrorShape(r.body, 'FORBIDDEN');
      }
      // And the caller's own records did not receive the writes either.
      expect(await countFor('watchlist', caller.id)).toBe(0);
      expect(await countFor('user_history', caller.id)).toBe(0);
    }
    expect(await snapshot(owner.id)).toEqual(before);
  });

  it('401 for anonymous callers, also under /me', async () => {
    for (const route of ROUTES) {
      const r = await send(route.method, route.path(owner.id), { body: route.body });
      expect(r.status, `${route.method} ${route.path(':id')}`).toBe(401);
      expectErrorShape(r.body, 'UNAUTHORIZED');
      const me = await send(route.method, route.path('x').replace('/users/x', '/me'), { body: route.body });
      expect(me.status).toBe(401);
    }
  });

  it('the owner reaches every route with their own id', async () => {
    const self = await signUp('self');
    for (const route of ROUTES.filter((r) => r.method !== 'DELETE')) {
      const r = await send(route.method, route.path(self.id), { token: self.accessToken, body: route.body });
      expect(r.status, `${route.method} ${route.path(':id')}`).toBeLessThan(300);
    }
  });

  it('admins reach any account; a super_admin account is out of an admin’s reach for changes', async () => {
    const admin = await signUpAs('admin');
    const target = await signUp('managed');
    for (const route of ROUTES.filter((r) => r.method !== 'DELETE')) {
      const r = await send(route.method, route.path(target.id), { token: admin.accessToken, body: route.body });
      expect(r.status, `${route.method} ${route.path(':id')}`).toBeLessThan(300);
    }
    expect(await countFor('user_history', target.id)).toBe(1);
    const boss = await signUpAs('super_admin', 'boss');
    const patch = await send('PATCH', `/api/v1/users/${boss.id}`, { token: admin.accessToken, body: { displayName: 'x' } });
    expect(patch.status).toBe(403);
    const erase = await send('DELETE', `/api/v1/users/${boss.id}`, { token: admin.accessToken });
    expect(erase.status).toBe(403);
    expect((await rows(sql`select deleted_at from users where id = ${boss.id}::uuid`))[0]).toEqual({ deleted_at: null });
  });

  it('an unknown user id is a 404 for admins', async () => {
    const admin = await signUpAs('admin');
    const r = await send('GET', `/api/v1/users/${crypto.randomUUID()}/watchlist`, { token: admin.accessToken });
    expect(r.status).toBe(404);
    const w = await send('POST', `/api/v1/users/${crypto.randomUUID()}/watchlist`, { token: admin.accessToken, body: { contentId: 'the-godfather-1972' } });
    expect(w.status).toBe(404);
  });

  it('the account list is for admins only', async () => {
    const user = await signUp('lister');
    expect((await send('GET', '/api/v1/users', { token: user.accessToken })).status).toBe(403);
    expect((await send('GET', '/api/v1/users')).status).toBe(401);
    const admin = await signUpAs('admin');
    const r = await send('GET', '/api/v1/users?limit=5', { token: admin.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.users.length).toBeLessThanOrEqual(5);
    expect(r.body.users[0]).not.toHaveProperty('passwordHash');
  });
});

describe('mass assignment', () => {
  it('PATCH ignores role, email_verified, email and ids; only displayName changes', async () => {
    const a = await signUp('mass');
    const other = crypto.randomUUID();
    const r = await send('PATCH', '/api/v1/me', {
      token: a.accessToken,
      body: { displayName: 'Renamed', role: 'super_admin', email_verified: true, emailVerified: true, id: other, email: 'taken@example.com', deletedAt: null },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: a.id, email: a.email, displayName: 'Renamed', role: 'user', emailVerified: false });
    const [u] = await rows<any>(sql`select id, email, role, email_verified, display_name from users where id = ${a.id}::uuid`);
    // Email and display name are stored encrypted.
    const pii = await testCipher();
    u.email = await pii.decrypt(u.email, 'users.email');
    u.display_name = await pii.decrypt(u.display_name, 'users.display_name');
    expect(u).toEqual({ id: a.id, email: a.email, role: 'user', email_verified: false, display_name: 'Renamed' });
    expect(await rows(sql`select id from users where id = ${other}::uuid`)).toEqual([]);
  });

  it('a body with only forbidden fields changes nothing', async () => {
    const a = await signUp('mass2');
    const r = await send('PATCH', `/api/v1/users/${a.id}`, { token: a.accessToken, body: { role: 'admin' } });
    expect(r.status).toBe(200);
    expect(r.body.role).toBe('user');
    // The token still carries the old role: a new login reads the database.
    const me = await send('GET', '/api/v1/users?limit=1', { token: a.accessToken });
    expect(me.status).toBe(403);
  });

  it('register ignores a role in the body', async () => {
    const email = uniqueEmail('mass3');
    const r = await send('POST', '/api/v1/auth/register', { body: { email, password: 'correct horse battery staple', role: 'admin', emailVerified: true } });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ role: 'user', emailVerified: false });
  });
});
