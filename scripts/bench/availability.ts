/**
 * npm run bench:availability — against a running `npm run dev` (it reads the stack's addresses
 * from .wrangler/local-stack.env):
 *  (a) freshness by webhook: a platform posts a signed change; time until the API shows it;
 *  (b) protection: one platform fails for a minute while verifications keep asking for it —
 *      how many requests reach it after its breaker opens, and how long recovery takes once it heals.
 *  (c) with --coverage: fire the high-priority cron (top 100 titles x 9 regions) and measure the
 *      share of those title-regions verified within the tier's 15-minute interval.
 * Polling freshness is bounded by the tier intervals (15 min / 1 h / 6 h / daily).
 */
import { sql } from 'drizzle-orm';
import { createAvailabilityRepository } from '../../src/db/repositories/availability.ts';
import { connectNodeDb } from '../lib/node-db.ts';
import { readStackEnv } from '../lib/stack-env.ts';

const base = process.env.MARQUEE_URL ?? 'http://127.0.0.1:8787';
const vars = readStackEnv(new URL('../../.wrangler/local-stack.env', import.meta.url));
const sim = vars.PLATFORM_SIM_URL!;
const db = connectNodeDb(vars.DATABASE_URL!, vars.PG_WS_PROXY);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const getJson = async (url: string, init?: RequestInit) =>
  (await fetch(url, init)).json() as Promise<any>;
const simControl = (body: unknown) =>
  getJson(`${sim}/__control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const served = async (platform: string) =>
  ((await getJson(`${sim}/__stats`)).served[platform] ?? 0) as number;

const ready = await fetch(`${base}/ready`).catch(() => undefined);
if (!ready?.ok) {
  console.error(`Marquee is not ready at ${base}: start it with \`npm run dev\` first.`);
  process.exit(1);
}
await ready.arrayBuffer();

// (a) webhook freshness
const title = 'the-godfather-1972';
const times: number[] = [];
for (let i = 0; i < 20; i++) {
  const amount = Number((2 + i / 100).toFixed(2));
  const offers = [
    {
      priceTier: 'rent',
      amount,
      currency: 'USD',
      url: 'https://www.netflix.com/title/the-godfather-1972',
      quality: 'hd',
      leavingAt: null,
    },
  ];
  const t0 = performance.now();
  // The simulated platform changes its catalogue and posts a signed webhook about it.
  const r = await getJson(`${sim}/__offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      platform: 'netflix',
      contentId: title,
      region: 'US',
      offers,
      notify: { url: base, secret: 'dev-secret-netflix' },
    }),
  });
  if (r.webhookStatus !== 202) throw new Error(`webhook answered ${r.webhookStatus}`);
  for (;;) {
    const d = await getJson(`${base}/api/v1/content/${title}?region=US`);
    if (
      d.availability?.US?.some(
        (o: any) => o.platformId === 'netflix' && o.priceTier === 'rent' && o.amount === amount,
      )
    )
      break;
    if (performance.now() - t0 > 30_000) throw new Error('change not visible after 30 s');
    await new Promise((r) => setTimeout(r, 25));
  }
  times.push(performance.now() - t0);
}
console.log(
  `(a) webhook → visible through the API: p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms (${times.length} changes)`,
);

// (b) a platform failing for a minute
const platform = 'hulu';
const probeTitle = 'jaws-1975';
const verifyOnce = async () => {
  await db.db.execute(
    sql`update platform_availability set last_verified_at = now() - interval '2 hours' where content_id = ${probeTitle} and region = 'US'`,
  );
  const r = await getJson(
    `${base}/api/v1/content/${probeTitle}/availability?region=US&verify=true`,
  );
  const failed = (r.failed ?? []).find((f: any) => f.platformId === platform);
  return {
    checked: (r.checked ?? []).includes(platform),
    breakerOpen: Boolean(failed && /breaker_open/.test(failed.reason)),
  };
};
await simControl({ platform, errorRate: 1 });
const start = performance.now();
let openedAt: number | null = null;
let servedAtOpen = 0;
let calls = 0;
while (performance.now() - start < 60_000) {
  const r = await verifyOnce();
  calls++;
  if (r.breakerOpen && openedAt === null) {
    openedAt = performance.now();
    servedAtOpen = await served(platform);
  }
  await new Promise((r) => setTimeout(r, 200));
}
const afterOpen = (await served(platform)) - servedAtOpen;
console.log(
  `(b) ${platform} failing for 60 s, ${calls} verifications asked for it: breaker opened after ${openedAt === null ? 'never' : `${((openedAt - start) / 1000).toFixed(1)} s`}; ` +
    `requests that reached ${platform} after it opened: ${afterOpen} (half-open probes only; ${((performance.now() - (openedAt ?? start)) / 1000).toFixed(0)} s open)`,
);
await simControl({ platform, errorRate: 0 });
const healed = performance.now();
let recoveredAt: number | null = null;
while (performance.now() - healed < 90_000) {
  if ((await verifyOnce()).checked) {
    recoveredAt = performance.now();
    break;
  }
  await new Promise((r) => setTimeout(r, 200));
}
console.log(
  `    after it healed: answered again in ${recoveredAt === null ? 'more than 90 s' : `${((recoveredAt - healed) / 1000).toFixed(1)} s`} (the breaker's reset timeout is 30 s)`,
);

if (process.argv.includes('--coverage')) {
  // The same priority order the sweep uses.
  const top = await createAvailabilityRepository(db.db).titlesByPriority(0, 100);
  const sweepStart = new Date();
  const cron = await fetch(`${base}/__scheduled?cron=${encodeURIComponent('*/15 * * * *')}`);
  await cron.arrayBuffer();
  const deadline = performance.now() + 15 * 60_000;
  const pairs = async () =>
    Number(
      (
        (
          await db.db.execute(sql`
            select count(distinct (a.content_id, a.region)) as n from platform_availability a
             where a.content_id = any(${sql.param(top)}::text[]) and a.last_verified_at >= ${sweepStart.toISOString()}::timestamptz`)
        ).rows[0] as { n: unknown }
      ).n,
    );
  const total = Number(
    (
      (
        await db.db.execute(sql`select count(distinct (a.content_id, a.region)) as n from platform_availability a
      where a.content_id = any(${sql.param(top)}::text[])`)
      ).rows[0] as { n: unknown }
    ).n,
  );
  let done = 0;
  let last = -1;
  let stableSince = performance.now();
  while (performance.now() < deadline) {
    done = await pairs();
    if (done !== last) {
      last = done;
      stableSince = performance.now();
    }
    if (done >= total || performance.now() - stableSince > 60_000) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const took = (Date.now() - sweepStart.getTime()) / 1000;
  console.log(
    `(c) high tier: ${done} of ${total} title-regions with offers verified ${((100 * done) / Math.max(1, total)).toFixed(1)}% within ${took.toFixed(0)} s (interval 900 s)`,
  );
}
await db.close();
