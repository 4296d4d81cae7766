/**
 * npm run bench:ingest — incremental catalog sync end to end, against a running `npm run dev`
 * (it reads the stack's addresses from .wrangler/local-stack.env): the simulated content feed
 * retitles N titles ("Jaws" → "Jaws (Feed Edition 1)"), an operator starts an incremental
 * sync, and each title's latency is the time from the feed's change until a search for its new
 * title answers it among the first three. Prints p50/p95/max, the run's counts, and a second sync's counts.
 * Usage: npm run bench:ingest [-- --titles 100 --rounds 1]
 */
import { sql } from 'drizzle-orm';
import { connectNodeDb } from '../lib/node-db.ts';
import { readStackEnv } from '../lib/stack-env.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const TITLES = arg('titles', 100);
const base = process.env.MARQUEE_URL ?? 'http://127.0.0.1:8787';
const vars = readStackEnv(new URL('../../.wrangler/local-stack.env', import.meta.url));
if (!vars.CONTENT_FEED_URL)
  throw new Error('the running stack has no content feed (restart npm run dev)');
const ready = await fetch(`${base}/ready`).catch(() => undefined);
if (!ready?.ok) {
  console.error(`Marquee is not ready at ${base}: start it with \`npm run dev\` first.`);
  process.exit(1);
}
const conn = connectNodeDb(vars.DATABASE_URL!, vars.PG_WS_PROXY);
const json = async (res: Response) => {
  const body = (await res.json()) as any;
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
};
const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  }).then(json);

// An operator: a fresh account made admin in the database (the first admin is granted there).
const email = `ingest-bench-${Date.now()}@example.com`;
const password = 'correct horse battery staple';
await post(`${base}/api/v1/auth/register`, { email, password, displayName: 'Ingest bench' });
await conn.db.execute(sql`update users set role = 'admin' where lower(email) = ${email}`);
const token = (await post(`${base}/api/v1/auth/login`, { email, password })).accessToken as string;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
async function waitRun(runId: number) {
  for (;;) {
    const run = await fetch(`${base}/api/v1/admin/ingest/runs/${runId}`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(json);
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const touched: string[] = (
  await post(`${vars.CONTENT_FEED_URL}/v1/admin/touch`, { count: TITLES, field: 'title' })
).touched;
const changedAt = performance.now();
const sync = await post(
  `${base}/api/v1/admin/content/sync`,
  { scope: 'catalog', mode: 'incremental' },
  token,
);
const ids = new Map(
  (
    (
      await conn.db.execute(
        sql`select external_id, content_id from content_external_ids where source = 'bundled' and external_id = any(${sql.param(touched)}::text[])`,
      )
    ).rows as { external_id: string; content_id: string }[]
  ).map((r) => [r.content_id, r.external_id]),
);
// What each title is called now, read from the feed's own record through the changes listing.
const feedTitles = new Map<string, string>();
for (let cursor: string | null = null, first = true; first || cursor; first = false) {
  const page: any = await fetch(
    `${vars.CONTENT_FEED_URL}/v1/changes?since=2026-11-02T00:00:00Z&limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
  ).then(json);
  for (const r of page.records) feedTitles.set(r.sourceKey, r.title);
  cursor = page.nextCursor;
}

const latency = new Map<string, number>();
const pending = [...ids.keys()];
const deadline = performance.now() + 120_000;
let runDoneAt: number | undefined;
void waitRun(sync.runId).then(() => (runDoneAt = performance.now() - changedAt));
// Ten searchers take the titles still waiting in turn; a title is visible when a search for its
// new title answers it among the first three with that title.
await Promise.all(
  Array.from({ length: 10 }, async () => {
    while (pending.length && performance.now() < deadline) {
      const id = pending.shift()!;
      const title = feedTitles.get(ids.get(id)!)!;
      const r = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(title)}&limit=3`).then(
        json,
      );
      if (
        r.results
          ?.slice(0, 3)
          .some((x: { id: string; title: string }) => x.id === id && x.title === title)
      )
        latency.set(id, performance.now() - changedAt);
      else pending.push(id);
    }
  }),
);
const run = await waitRun(sync.runId);
const second = await waitRun(
  (
    await post(
      `${base}/api/v1/admin/content/sync`,
      { scope: 'catalog', mode: 'incremental' },
      token,
    )
  ).runId,
);
const ms = [...latency.values()];
console.log(
  `bench:ingest — ${TITLES} titles retitled at the feed → incremental sync → a search for the new title answers it (top 3)`,
);
console.log(
  `  visible: ${ms.length}/${ids.size}  p50 ${pct(ms, 50).toFixed(0)} ms  p95 ${pct(ms, 95).toFixed(0)} ms  max ${Math.max(...ms).toFixed(0)} ms`,
);
console.log(
  `  run ${run.id}: ${JSON.stringify(run.counts)} in ${run.durationMs} ms (${run.batchesDone} page(s)); feed change → run completed ${runDoneAt?.toFixed(0) ?? '?'} ms`,
);
console.log(
  `  the next incremental sync: ${JSON.stringify(second.counts)} in ${second.durationMs} ms`,
);
if (pending.length) console.log(`  not visible within 120 s: ${pending.slice(0, 5).join(', ')}`);
await conn.close();
