import { describe, expect, it } from 'vitest';
import { countFor, PASSWORD, send, signUp, signUpAs, uniqueEmail } from './auth-helpers';
import { gql } from './graphql-helpers';

const USER_FIELDS = 'id email displayName role emailVerified createdAt updatedAt';

describe('GraphQL accounts: the REST services behind mutations', () => {
  it('register and login return the same session as REST, and the token works on both APIs', async () => {
    const email = uniqueEmail('gql-reg');
    const reg = await gql(
      `mutation($e: String!, $p: String!) { register(email: $e, password: $p, displayName: "Reg") { user { ${USER_FIELDS} } tokenType accessToken expiresIn refreshToken refreshTokenExpiresAt } }`,
      { e: email, p: PASSWORD },
    );
    expect(reg.body.errors).toBeUndefined();
    const session = reg.body.data.register;
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      user: { email, displayName: 'Reg', role: 'user', emailVerified: false },
    });
    expect(session.expiresIn).toBeGreaterThan(0);
    const restMe = await send('GET', '/api/v1/me', { token: session.accessToken });
    expect(restMe.status).toBe(200);
    expect(restMe.body.id).toBe(session.user.id);

    const login = await gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } accessToken } }',
      { e: email.toUpperCase(), p: PASSWORD },
    );
    expect(login.body.errors).toBeUndefined();
    expect(login.body.data.login.user.id).toBe(session.user.id);
    const me = await gql('{ me { id email } }', undefined, login.body.data.login.accessToken);
    expect(me.body.data.me).toEqual({ id: session.user.id, email });
  });

  it('maps service errors to their codes: a taken email is CONFLICT, a wrong password UNAUTHORIZED', async () => {
    const acct = await signUp('gql-err');
    const taken = await gql(
      'mutation($e: String!) { register(email: $e, password: "another long password") { accessToken } }',
      { e: acct.email },
    );
    expect(taken.status).toBeLessThan(500);
    expect(taken.body.errors[0].extensions.code).toBe('CONFLICT');
    expect(taken.body.data).toBeNull();
    const wrong = await gql(
      'mutation($e: String!) { login(email: $e, password: "not the password") { accessToken } }',
      { e: acct.email },
    );
    expect(wrong.body.errors[0]).toMatchObject({
      message: 'Email or password is incorrect',
      extensions: { code: 'UNAUTHORIZED' },
    });
    expect(JSON.stringify(wrong.body)).not.toMatch(/at .+\.(ts|js):\d+|stack/);
  });

  it('login has the same brute-force limit as REST (per client address and email)', async () => {
    const acct = await signUp('gql-brute');
    const attempt = () =>
      gql(
        'mutation($e: String!) { login(email: $e, password: "wrong password") { accessToken } }',
        { e: acct.email },
      );
    for (let i = 0; i < 5; i++)
      expect((await attempt()).body.errors[0].extensions.code).toBe('UNAUTHORIZED');
    const limited = await attempt();
    expect(limited.status).toBeLessThan(500);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(limited.body.errors[0].extensions.retryAfterSec).toBeGreaterThan(0);
    // The budget is shared with REST sign-in.
    expect(
      (
        await send('POST', '/api/v1/auth/login', {
          body: { email: acct.email, password: PASSWORD },
        })
      ).status,
    ).toBe(429);
  });

  it('validates inputs with the REST zod schemas (VALIDATION_FAILED with the same messages)', async () => {
    const bad = await gql(
      'mutation { register(email: "not-an-email", password: "short") { accessToken } }',
    );
    expect(bad.status).toBeLessThan(500);
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors[0].message).toMatch(/^Invalid input: email must be an email address/);
    expect(bad.body.errors[0].extensions.details.map((d: { path: string }) => d.path)).toEqual([
      'email',
      'password',
    ]);
    const acct = await signUp('gql-val');
    const score = await gql(
      'mutation { rateContent(contentId: "jaws-1975", score: 11) { score } }',
      undefined,
      acct.accessToken,
    );
    expect(score.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const id = await gql(
      'mutation { addToWatchlist(contentId: "Not An Id!") { added } }',
      undefined,
      acct.accessToken,
    );
    expect(id.body.errors[0].message).toMatch(/contentId must be a content id/);
  });

  it('updateProfile, recordView, rateContent, addToWatchlist and removeFromWatchlist change the same rows as REST', async () => {
    const acct = await signUp('gql-mut');
    const t = acct.accessToken;
    const profile = await gql(
      'mutation { updateProfile(displayName: "Graph Q. L.") { id displayName } }',
      undefined,
      t,
    );
    expect(profile.body.data.updateProfile).toEqual({ id: acct.id, displayName: 'Graph Q. L.' });
    expect((await send('GET', '/api/v1/me', { token: t })).body.displayName).toBe('Graph Q. L.');

    const view = await gql(
      'mutation { recordView(contentId: "jaws-1975", progress: 0.5) { contentId title kind progress occurredAt } }',
      undefined,
      t,
    );
    expect(view.body.data.recordView).toMatchObject({
      contentId: 'jaws-1975',
      title: 'Jaws',
      progress: 0.5,
    });
    expect(await countFor('user_history', acct.id)).toBe(1);

    const rated = await gql(
      'mutation { rateContent(contentId: "jaws-1975", score: 9) { contentId score ratedAt } }',
      undefined,
      t,
    );
    expect(rated.body.data.rateContent).toMatchObject({ contentId: 'jaws-1975', score: 9 });
    expect((await send('GET', '/api/v1/me/ratings', { token: t })).body.ratings).toMatchObject([
      { contentId: 'jaws-1975', score: 9 },
    ]);

    const first = await gql(
      'mutation { addToWatchlist(contentId: "jaws-1975") { added item { contentId title content { id releaseYear } } } }',
      undefined,
      t,
    );
    expect(first.body.data.addToWatchlist).toMatchObject({
      added: true,
      item: { contentId: 'jaws-1975', content: { id: 'jaws-1975', releaseYear: 1975 } },
    });
    const again = await gql(
      'mutation { addToWatchlist(contentId: "jaws-1975") { added } }',
      undefined,
      t,
    );
    expect(again.body.data.addToWatchlist.added).toBe(false);
    const list = await gql('{ me { watchlist { contentId } } }', undefined, t);
    expect(list.body.data.me.watchlist).toEqual([{ contentId: 'jaws-1975' }]);
    const removed = await gql(
      'mutation { removeFromWatchlist(contentId: "jaws-1975") }',
      undefined,
      t,
    );
    expect(removed.body.data.removeFromWatchlist).toBe(true);
    expect(await countFor('watchlist', acct.id)).toBe(0);

    const missing = await gql(
      'mutation { rateContent(contentId: "no-such-film-1901", score: 5) { score } }',
      undefined,
      t,
    );
    expect(missing.body.errors[0]).toMatchObject({
      message: 'No title with id "no-such-film-1901"',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('mutations on personal data need a signed-in caller (UNAUTHENTICATED)', async () => {
    for (const m of [
      'updateProfile(displayName: "x") { id }',
      'recordView(contentId: "jaws-1975") { id }',
      'rateContent(contentId: "jaws-1975", score: 5) { score }',
      'addToWatchlist(contentId: "jaws-1975") { added }',
      'removeFromWatchlist(contentId: "jaws-1975")',
    ]) {
      const r = await gql(`mutation { ${m} }`);
      expect(r.status).toBeLessThan(500);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('user(id): only yourself unless admin, as REST /api/v1/users/:id', async () => {
    const alice = await signUp('gql-alice');
    const bob = await signUp('gql-bob');
    const admin = await signUpAs('admin', 'gql-admin');
    const q = 'query($id: ID!) { user(id: $id) { id email } }';
    expect((await gql(q, { id: alice.id }, alice.accessToken)).body.data.user).toEqual({
      id: alice.id,
      email: alice.email,
    });
    const denied = await gql(q, { id: alice.id }, bob.accessToken);
    expect(denied.body.data.user).toBeNull();
    expect(denied.body.errors[0]).toMatchObject({
      message: "You may only reach your own account's data",
      extensions: { code: 'FORBIDDEN' },
    });
    expect(
      (await send('GET', `/api/v1/users/${alice.id}`, { token: bob.accessToken })).status,
    ).toBe(403);
    expect((await gql(q, { id: alice.id }, admin.accessToken)).body.data.user.id).toBe(alice.id);
    expect((await gql(q, { id: alice.id })).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(
      (await gql(q, { id: 'not-a-uuid' }, admin.accessToken)).body.errors[0].extensions.code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await gql(q, { id: crypto.randomUUID() }, admin.accessToken)).body.errors[0].extensions.code,
    ).toBe('NOT_FOUND');
  });
});
