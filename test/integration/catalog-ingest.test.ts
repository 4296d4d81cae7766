/**
 * Catalog ingestion through the Worker: an operator starts a sync, the catalog queue carries
 * it page by page from the simulated content feed, and what changed at the feed is visible in
 * the API: a new title, edited ones, and a malformed record in the quarantine with its reason.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { send, signUp, signUpAs, withDb, type Account } from './auth-helpers';
import { call, expectErrorShape } from './helpers';

const feedUrl = (env as unknown as { CONTENT_FEED_URL: string }).CONTENT_FEED_URL;
const feed = async (path: string, body: unknown) => {
  const res = await fetch(`${feedUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, string[]>>;
};

async function finished(admin: Account, runId: number) {
  for (let i = 0; i < 200; i++) {
    const r = await send('GET', `/api/v1/admin/ingest/runs/${runId}`, { token: admin.accessToken });
    expect(r.status).toBe(200);
    if (r.body.status !== 'running') return r.body;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** Starts an incremental sync. */
async function startSync(admin: Account) {
  const r = await send('POST', '/api/v1/admin/content/sync', {
    token: admin.accessToken,
    body: { scope: 'catalog', mode: 'incremental' },
  });
  expect(r.status).toBe(202);
  return r.body;
}

describe('catalog sync through the queue', () => {
  let admin: Account;
  beforeAll(async () => {
    admin = await signUpAs('admin', 'ingest-admin');
    // A sync another suite's cron tick started may have lost its queue message when that suite's
    // runtime ended (the cron resumes such a run after 10 minutes): it ends here, as an operator would.
    await withDb((db) =>
      db.execute(
        sql`update ingest_runs set status = 'failed', error = 'ended by the test', finished_at = now() where status = 'running'`,
      ),
    );
  });

  it('lands what changed at the feed: a new title, edits, and a malformed record quarantined', async () => {
    await feed('/v1/admin/inject', {
      records: [
        {
          sourceKey: 'wiki:Marquee_Test_Film',
          title: 'The Lighthouse Keeper of Ingest Bay',
          releaseYear: 2024,
          synopsis:
            'A lighthouse keeper finds a message in a bottle that rewrites the town’s history.',
          cast: ['Ingrid Testperson', 'Osvald Ingestsson'],
          genres: ['drama'],
          themes: ['mystery'],
          externalIds: { wikipedia: 'Marquee_Test_Film' },
        },
        { sourceKey: 'wiki:Broken_Record', releaseYear: 2024 },
      ],
    });
    const touched = (await feed('/v1/admin/touch', { count: 3, field: 'synopsis' })).touched!;
    expect(touched).toHaveLength(3);

    const start = await startSync(admin);
    expect(start).toMatchObject({
      scope: 'catalog',
      source: 'bundled',
      mode: 'incremental',
      alreadyRunning: false,
    });
    const run = await finished(admin, start.runId);
    expect(run).toMatchObject({
      status: 'completed',
      counts: { unchanged: 0, quarantined: 1 },
      quarantineByReason: { 'missing title': 1 },
    });
    // The new title, and the three edited ones (added where the test catalog's sample lacked them).
    expect(run.counts.added + run.counts.updated).toBe(4);

    const title = await call('/api/v1/content/the-lighthouse-keeper-of-ingest-bay-2024');
    expect(title.status).toBe(200);
    expect(title.body.title).toBe('The Lighthouse Keeper of Ingest Bay');
    const found = await call('/api/v1/search?q=the+lighthouse+keeper+of+ingest+bay');
    expect(found.body.results.map((r: { id: string }) => r.id)).toContain(
      'the-lighthouse-keeper-of-ingest-bay-2024',
    );

    // Nothing changed since: the next sync adds and updates nothing.
    const again = await startSync(admin);
    const second = await finished(admin, again.runId);
    expect(second.counts).toMatchObject({ added: 0, updated: 0, quarantined: 0 });

    const runs = await send('GET', '/api/v1/admin/ingest/runs?limit=50', {
      token: admin.accessToken,
    });
    expect(runs.body.runs[0].id).toBe(again.runId);
    expect(
      runs.body.runs.find((r: { trigger: string }) => r.trigger === 'first-run'),
    ).toMatchObject({ status: 'completed', mode: 'full' });
  }, 60_000);

  it('refuses a source that is not configured, a bad mode, and anyone but an admin', async () => {
    const tmdb = await send('POST', '/api/v1/admin/content/sync', {
      token: admin.accessToken,
      body: { scope: 'catalog', source: 'tmdb' },
    });
    expect(tmdb.status).toBe(400);
    expectErrorShape(tmdb.body, 'BAD_REQUEST');
    const bad = await send('POST', '/api/v1/admin/content/sync', {
      token: admin.accessToken,
      body: { scope: 'catalog', mode: 'sometimes' },
    });
    expect(bad.status).toBe(400);
    const user = await signUp('ingest-user');
    expect(
      (await send('GET', '/api/v1/admin/ingest/runs', { token: user.accessToken })).status,
    ).toBe(403);
    expect(
      (await send('GET', '/api/v1/admin/ingest/runs/999999', { token: admin.accessToken })).status,
    ).toBe(404);
  });
});
