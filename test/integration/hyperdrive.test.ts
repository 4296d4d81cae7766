/**
 * The Hyperdrive switch (src/db/client.ts): with a HYPERDRIVE binding the Worker's database is
 * node-postgres over TCP through the binding (here miniflare's Hyperdrive over the local stack's
 * TCP pipe); without it, Neon's HTTP endpoint as before. Both answer a search and a title page,
 * and Server-Timing tells which path served them.
 */
import { env } from 'cloudflare:workers';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { parseServerTiming } from '../../src/lib/request-timing';

const bindings = env as unknown as Record<string, unknown>;
// A copy of the env object: the isolate's services are rebuilt for it, so the default path's
// isolate state is left as it was.
const withHyperdrive = { ...bindings, HYPERDRIVE: bindings.TEST_HYPERDRIVE } as unknown as Env;
const without = { ...bindings, TEST_HYPERDRIVE: undefined } as unknown as Env;

const PASSWORD = 'correct horse battery staple 14';

async function run(req: Request, e: Env) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, e, ctx);
  const body = (await res.json()) as any;
  await waitOnExecutionContext(ctx);
  return { status: res.status, body, t: parseServerTiming(res.headers.get('server-timing')) };
}

const get = (path: string, e: Env, bearer?: string) =>
  run(
    new Request(`http://marquee.test${path}`, {
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    }),
    e,
  );

const send = (path: string, body: unknown) =>
  run(
    new Request(`http://marquee.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    withHyperdrive,
  );

// The stack pipes local servers only: with TEST_DATABASE_URL off this machine there is no binding.
describe.skipIf(!bindings.TEST_HYPERDRIVE)(
  'the HYPERDRIVE binding switches the database client',
  () => {
    it('is there to switch to (miniflare serves it over the stack)', () => {
      const hd = bindings.TEST_HYPERDRIVE as { connectionString?: string } | undefined;
      expect(hd?.connectionString).toMatch(/^postgres(ql)?:\/\//);
    });

    it('with the binding, /ready names the TCP path and a title page is one query, one connection', async () => {
      const ready = await get('/ready', withHyperdrive);
      expect(ready.body.checks.database).toMatchObject({
        status: 'ok',
        backend: expect.stringContaining('hyperdrive'),
      });
      const { status, body, t } = await get('/api/v1/content/the-godfather-1972', withHyperdrive);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: 'the-godfather-1972', title: 'The Godfather' });
      expect(t).toMatchObject({ db: 1, dbconn: 1, dbrt: 1, redis: 0 });
    });

    it('with the binding, an uncached search answers over it, its legs at once', async () => {
      const q = encodeURIComponent(`thrillers based on a true story hd${Date.now()}`);
      // Warms the isolate's settled values (gazetteer, vector status, catalog version) first.
      await get(
        `/api/v1/search?q=${encodeURIComponent(`comedy warm hd${Date.now()}`)}`,
        withHyperdrive,
      );
      const { status, body, t } = await get(`/api/v1/search?q=${q}`, withHyperdrive);
      expect(status).toBe(200);
      expect(body.results.length).toBeGreaterThan(0);
      expect(body.meta.cache).not.toBe('hit');
      const vector = body.meta.legs?.vector === 'used';
      // The keyword and facets statements as one batch (one simple Query on one connection); the
      // neighbours' batch after the embedding (on that connection again, or another if it is
      // still busy): as over HTTP, at most 2 in turn.
      expect(t).toMatchObject({ cache: 'miss', redis: 0 });
      expect(t.dbconn).toBeGreaterThanOrEqual(1);
      expect(t.dbrt).toBeGreaterThanOrEqual(1);
      expect(t.dbrt).toBeLessThanOrEqual(vector ? 2 : 1);
    });

    it('with the binding, an interactive transaction runs over it (sign-up, refresh-token rotation, /me)', async () => {
      const email = `hd-${crypto.randomUUID().slice(0, 8)}@marquee.test`;
      const reg = await send('/api/v1/auth/register', { email, password: PASSWORD });
      expect(reg.status).toBe(201);
      // Rotation reads, deletes and inserts in one db.transaction.
      const refreshed = await send('/api/v1/auth/refresh', { refreshToken: reg.body.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refreshToken).not.toBe(reg.body.refreshToken);
      const me = await get('/api/v1/me', withHyperdrive, refreshed.body.accessToken);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: reg.body.user.id, email });
      // The old refresh token was consumed by the committed transaction.
      expect(
        (await send('/api/v1/auth/refresh', { refreshToken: reg.body.refreshToken })).status,
      ).toBe(401);
    });

    it('without the binding, the default path serves: statements over HTTP, a round trip each', async () => {
      const ready = await get('/ready', without);
      expect(ready.body.checks.database.backend).not.toContain('hyperdrive');
      const { status, body, t } = await get('/api/v1/content/the-godfather-1972', without);
      expect(status).toBe(200);
      expect(body.title).toBe('The Godfather');
      // Over HTTP an HTTP request is counted as a connection too; over the pool it would be a
      // WebSocket connection and no round trip in turn.
      expect(t).toMatchObject({ db: 1, dbconn: 1, dbrt: 1, redis: 0 });
    });
  },
);
