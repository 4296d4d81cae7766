/**
 * npm run bench:search — latency, throughput, round trips and CPU of the everyday routes, each
 * side by side with /health (the floor) measured in the same run.
 *
 *   npm run bench:search -- --rtt 25     starts its own `npm run dev` with STACK_RTT_MS=25 (each
 *                                        round trip to the database and the Upstash bridge costs
 *                                        25 ms, see dev/local-stack/distance.ts), then measures
 *   npm run bench:search [-- --url U]    measures an already running Marquee (default :8787)
 *
 * Options: --connections 1,20 (each route at each), --seconds 6 (per route and level),
 * --warmup 3 (seconds of untimed sequential requests per route before it is measured),
 * --port 8799 (of the started stack). DATABASE_URL etc. pass through to the started stack.
 * Routes: health (floor), search uncached (every query distinct), search cached (a few queries
 * repeated after a warm-up), suggestions, the title page, an availability read, signed-in /me,
 * a signed-in cached recommendations list. Per route: p50/p95 (exact, from every request),
 * requests per second, the round trips its responses report in Server-Timing (the commonest
 * answer), and with a started stack the workerd CPU per request (1 connection, sequential).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseServerTiming } from '../../src/lib/request-timing.ts';

const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const rtt = arg('rtt');
const levels = arg('connections', '1,20')!.split(',').map(Number);
const seconds = Number(arg('seconds', '6'));
const warmup = Number(arg('warmup', '3'));
const root = fileURLToPath(new URL('../..', import.meta.url));

let dev: ChildProcess | undefined;
let base = arg('url', process.env.MARQUEE_URL ?? 'http://127.0.0.1:8787')!;

/** Whether the vector leg is in its steady state (all titles embedded, index built) or absent. */
async function vectorState(url: string): Promise<{ done: boolean; message: string }> {
  try {
    const r = await fetch(`${url}/ready`);
    const body = (await r.json()) as {
      checks?: { vector?: { status?: string; message?: string } };
    };
    const v = body.checks?.vector;
    if (!v || v.status !== 'ok') return { done: true, message: v?.message ?? 'no vector index' };
    const message = v.message ?? '';
    return { done: !message.includes('loading') && /index$/.test(message), message };
  } catch (err) {
    return { done: false, message: String(err) };
  }
}

async function isReady(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/ready`);
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

if (rtt !== undefined) {
  const port = Number(arg('port', '8799'));
  base = `http://127.0.0.1:${port}`;
  if (await isReady(base))
    throw new Error(`something already answers at ${base}: pick another --port`);
  console.log(`starting npm run dev with STACK_RTT_MS=${rtt} on port ${port}…`);
  dev = spawn(`${root}/node_modules/.bin/tsx`, ['scripts/dev.ts'], {
    cwd: root,
    env: { ...process.env, STACK_RTT_MS: rtt, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  dev.stdout!.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n'))
      if (line.startsWith('[marquee]')) console.log(`  ${line}`);
  });
  const stop = () => {
    try {
      process.kill(-dev!.pid!, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  process.on('SIGINT', () => process.exit(130));
  for (let i = 0; !(await isReady(base)); i++) {
    if (dev.exitCode !== null || i > 2400) throw new Error('npm run dev did not become ready');
    await new Promise((r) => setTimeout(r, 250));
  }
  // Ready answers once lexical search works; a first start is still loading vectors and building
  // their index, which would be measured as search latency (and CPU) if not waited for.
  for (let i = 0; ; i++) {
    const state = await vectorState(base);
    if (state.done) break;
    if (i === 0) console.log(`waiting for the vectors: ${state.message}`);
    if (dev.exitCode !== null || i > 3600) throw new Error(`vectors not ready: ${state.message}`);
    await new Promise((r) => setTimeout(r, 500));
  }
} else if (!(await isReady(base))) {
  console.error(
    `Marquee is not ready at ${base}: start it with \`npm run dev\` first, or pass --rtt 25 to start one.`,
  );
  process.exit(1);
}

/**
 * workerd processes started under our dev: the Worker's own (the one wrangler inspects) and
 * wrangler's proxy in front of it, which a deployment does not have.
 */
function workerdPids(): { all: number[]; worker: number[] } {
  if (!dev?.pid) return { all: [], worker: [] };
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(d), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const under = (pid: number) => {
    for (let p = pid, i = 0; p > 1 && i < 20; p = parent.get(p) ?? 0, i++)
      if (p === dev!.pid) return true;
    return false;
  };
  const all = [...names]
    .filter(([pid, name]) => name === 'workerd' && under(pid))
    .map(([pid]) => pid);
  const inspected = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--inspector-addr');
    } catch {
      return false;
    }
  };
  return { all, worker: all.filter(inspected) };
}
const TICK_MS = 1000 / 100; // USER_HZ
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      ticks += Number(rest[11]) + Number(rest[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return ticks * TICK_MS;
}

// A signed-in caller for /me and recommendations.
const email = `bench-${Date.now().toString(36)}@example.com`;
const reg = await fetch(`${base}/api/v1/auth/register`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password: 'bench-password-1234' }),
});
const account = (await reg.json()) as { accessToken?: string };
if (!account.accessToken)
  throw new Error(`could not register a bench user: ${reg.status} ${JSON.stringify(account)}`);
const auth = { authorization: `Bearer ${account.accessToken}` };

const QUERIES = [
  'a feel-good 90s comedy under two hours',
  'horror movies from the 80s',
  'best westerns',
  'steven spielberg movies',
  'sci-fi not rated R',
  'godfahter',
  'thrillers based on a true story',
  'family friendly fantasy',
  'dark comedies',
  'highly rated dramas',
  'romantic comedies under 100 minutes',
  'pg-13 action movies from the 2000s',
];
/** Plot descriptions in a person's words (the keyword and vector legs; not the discovery set's). */
const DESCRIPTIONS = [
  'a movie where a shark attacks a beach town',
  'two cops with nothing in common chase a drug lord',
  'a girl falls down a rabbit hole into a strange world',
  'astronauts stranded on mars have to survive',
  'heist crew plans to rob a casino',
  'a family moves into a haunted house',
  'boxer from philadelphia gets a shot at the title',
  'teenagers trapped in a cabin in the woods',
  'a spy chases a stolen nuclear weapon across europe',
  'a dog waits years for its owner at a train station',
  'a lawyer defends a black man accused of rape in the south',
  'robots disguised as cars fight a war on earth',
];
// A page size not asked before makes a facet query uncached without a made-up word in its text.
const seed = Math.floor(Math.random() * 100);
const TITLES = ['the-godfather-1972', 'jaws-1975', 'alien-1979', 'gone-with-the-wind-1939'];
const runId = Date.now().toString(36);

interface Route {
  name: string;
  path: (i: number) => string;
  headers?: Record<string, string>;
  warm?: () => Promise<void>;
  /** Budget at 1 connection: p50 ≤ floor + this (ms), from the issue; rtt is the emulated round trip. */
  budget?: (rtt: number) => number;
}
const warmAll = async (paths: string[], headers?: Record<string, string>) => {
  for (const p of paths) await (await fetch(`${base}${p}`, { headers })).arrayBuffer();
};
const ROUTES: Route[] = [
  { name: 'floor (/health)', path: () => '/health' },
  {
    name: 'search uncached',
    path: (i) =>
      `/api/v1/search?q=${encodeURIComponent(`${QUERIES[i % QUERIES.length]} ${runId}x${i}`)}`,
    warm: () => warmAll([`/api/v1/search?q=warm${runId}`]),
    budget: (r) => 2 * r + 30,
  },
  {
    name: 'descriptions uncached',
    path: (i) =>
      `/api/v1/search?q=${encodeURIComponent(`${DESCRIPTIONS[i % DESCRIPTIONS.length]} ${runId}x${i}`)}`,
  },
  {
    name: 'search, new page size',
    path: (i) =>
      `/api/v1/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}&limit=${1 + ((Math.floor(i / QUERIES.length) + seed) % 100)}`,
  },
  {
    name: 'search cached',
    path: (i) => `/api/v1/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`,
    warm: () => warmAll(QUERIES.map((q) => `/api/v1/search?q=${encodeURIComponent(q)}`)),
    budget: () => 5,
  },
  {
    name: 'suggestions',
    path: (i) =>
      `/api/v1/search/suggestions?partial=${encodeURIComponent(['god', 'star', 'spiel', 'the da', 'jur', 'alie'][i % 6]!)}`,
  },
  {
    name: 'title page',
    path: (i) => `/api/v1/content/${TITLES[i % TITLES.length]}`,
    budget: (r) => r + 15,
  },
  {
    name: 'availability read',
    path: (i) => `/api/v1/content/${TITLES[i % TITLES.length]}/availability?region=US`,
    budget: (r) => r + 15,
  },
  { name: 'signed-in /me', path: () => '/api/v1/me', headers: auth, budget: (r) => r + 15 },
  {
    name: 'recommendations cached',
    path: () => '/api/v1/recommendations?region=US',
    headers: auth,
    warm: () => warmAll(['/api/v1/recommendations?region=US'], auth),
    budget: (r) => r + 15,
  },
];

interface Result {
  p50: number;
  p95: number;
  rps: number;
  n: number;
  errors: number;
  trips: string;
  cpuMs?: number;
  /** The Worker's own workerd only (without wrangler's proxy). */
  workerCpuMs?: number;
}
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const tripsOf = (h: string | null) => {
  const t = parseServerTiming(h);
  if (t.db === undefined) return '-';
  return `db ${t.db} conn ${t.dbconn} in-turn ${t.dbrt ?? '?'} redis ${t.redis} embed ${t.embed}${t.cache ? ` ${t.cache}` : ''}`;
};

/**
 * Each route's next request index, carried across warm-up and levels: an uncached route's
 * requests stay distinct from every earlier one (the 20-connection run used to start again at
 * the 1-connection run's first query, which the edge cache then answered).
 */
const nextIndex = new Map<string, number>();

/**
 * Sequential requests for `warmup` seconds before a route is measured, not counted: a route's
 * first requests pay the isolate's JIT and the database's cold pages (on the whole catalog the
 * first uncached route measured 14 ms slower than the same searches a few seconds later).
 */
async function warmUp(route: Route): Promise<void> {
  let i = nextIndex.get(route.name) ?? 0;
  const end = performance.now() + warmup * 1000;
  while (performance.now() < end) {
    try {
      await (await fetch(`${base}${route.path(i++)}`, { headers: route.headers })).arrayBuffer();
    } catch {
      // measured, and counted as errors, in the run itself
    }
  }
  nextIndex.set(route.name, i);
}

async function measure(route: Route, connections: number): Promise<Result> {
  let i = nextIndex.get(route.name) ?? 0;
  let errors = 0;
  const latencies: number[] = [];
  const trips = new Map<string, number>();
  const pids = connections === 1 ? workerdPids() : { all: [], worker: [] };
  const cpu0 = cpuMs(pids.all);
  const worker0 = cpuMs(pids.worker);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const path = route.path(i++);
        const s = performance.now();
        try {
          const r = await fetch(`${base}${path}`, { headers: route.headers });
          await r.arrayBuffer();
          latencies.push(performance.now() - s);
          if (!r.ok) errors++;
          const k = tripsOf(r.headers.get('server-timing'));
          trips.set(k, (trips.get(k) ?? 0) + 1);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  nextIndex.set(route.name, i);
  const per = (ms: number) => ms / Math.max(1, latencies.length);
  const cpu = pids.all.length ? per(cpuMs(pids.all) - cpu0) : undefined;
  const workerCpu = pids.worker.length ? per(cpuMs(pids.worker) - worker0) : undefined;
  latencies.sort((a, b) => a - b);
  const common = [...trips].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '-';
  return {
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    rps: latencies.length / elapsed,
    n: latencies.length,
    errors,
    trips: common,
    cpuMs: cpu,
    workerCpuMs: workerCpu,
  };
}

const f1 = (n: number) => n.toFixed(1);
console.log(
  `bench:search against ${base}${rtt !== undefined ? ` (STACK_RTT_MS=${rtt})` : ''}, ${seconds} s per route and level after ${warmup} s of warm-up, connections ${levels.join(' and ')}`,
);
const rttMs = Number(rtt ?? 0);
const results = new Map<string, Map<number, Result>>();
// The floor is measured first and again last (a just-started workerd and a machine whose load
// changes during the run move it); the lower of the two is the budgets' floor, per level.
await warmAll(Array.from({ length: 50 }, () => '/health'));
for (const route of ROUTES) {
  await route.warm?.();
  await warmUp(route);
  const byLevel = new Map<number, Result>();
  for (const c of levels) byLevel.set(c, await measure(route, c));
  results.set(route.name, byLevel);
}
const floorAgain = new Map<number, Result>();
for (const c of levels) floorAgain.set(c, await measure(ROUTES[0]!, c));
const floorFirst = results.get(ROUTES[0]!.name)!;
const floor = new Map<number, Result>(
  levels.map((c) => {
    const a = floorFirst.get(c)!;
    const b = floorAgain.get(c)!;
    return [c, b.p50 < a.p50 ? b : a];
  }),
);
results.set(ROUTES[0]!.name, floor);
console.log('');
console.log(
  `${'route'.padEnd(24)}${levels.map((c) => `${`c=${c} p50`.padStart(11)}${'p95'.padStart(8)}${'req/s'.padStart(8)}`).join('')}${'cpu ms'.padStart(8)}${'worker'.padStart(8)}  round trips (Server-Timing)`,
);
for (const route of ROUTES) {
  const r = results.get(route.name)!;
  const cells = levels.map((c) => {
    const x = r.get(c)!;
    return `${f1(x.p50).padStart(11)}${f1(x.p95).padStart(8)}${Math.round(x.rps).toString().padStart(8)}`;
  });
  const one = r.get(1);
  const overFloor = (k: 'cpuMs' | 'workerCpuMs') =>
    one?.[k] !== undefined && floor.get(1)?.[k] !== undefined
      ? f1(one[k] - floor.get(1)![k]!)
      : '-';
  const cpu = overFloor('cpuMs');
  const workerCpu = overFloor('workerCpuMs');
  const errs = levels.reduce((s, c) => s + r.get(c)!.errors, 0);
  console.log(
    `${route.name.padEnd(24)}${cells.join('')}${cpu.padStart(8)}${workerCpu.padStart(8)}  ${r.get(levels[0]!)!.trips}${errs ? `  (${errs} errors)` : ''}`,
  );
}
console.log(
  "cpu ms: workerd CPU per request at 1 connection minus the floor's (10 ms resolution over the run; only with --rtt); worker: the same for the Worker's own workerd, without wrangler's dev proxy in front of it (a deployment has no such proxy).",
);
console.log(
  `floor p50 first / last: ${levels.map((c) => `c=${c} ${f1(floorFirst.get(c)!.p50)} / ${f1(floorAgain.get(c)!.p50)} ms`).join(', ')} (the lower is used)`,
);

if (floor.get(1)) {
  console.log('');
  console.log(
    `Budgets (issue #14) at 1 connection, floor p50 ${f1(floor.get(1)!.p50)} ms, RTT ${rttMs} ms:`,
  );
  for (const route of ROUTES) {
    if (!route.budget) continue;
    const x = results.get(route.name)!.get(1)!;
    const limit = floor.get(1)!.p50 + route.budget(rttMs);
    console.log(
      `  ${route.name.padEnd(24)} p50 ${f1(x.p50).padStart(6)} ≤ ${f1(limit).padStart(6)}  ${x.p50 <= limit ? 'met' : 'MISSED'}`,
    );
  }
  const unc = results.get('search uncached')!.get(1)!;
  const f = floor.get(1)!;
  if (unc.cpuMs !== undefined && f.cpuMs !== undefined) {
    const over = unc.cpuMs - f.cpuMs;
    const worker =
      unc.workerCpuMs !== undefined && f.workerCpuMs !== undefined
        ? `, the Worker's workerd alone ${f1(unc.workerCpuMs - f.workerCpuMs)}`
        : '';
    console.log(
      `  search uncached CPU over the floor ${f1(over)} ms${worker} ≤ 10.0  ${over <= 10 ? 'met' : 'MISSED'}`,
    );
  }
}
const top = Math.max(...levels);
if (top > 1 && floor.get(top)) {
  const ratio = (name: string) => results.get(name)!.get(top)!.rps / floor.get(top)!.rps;
  console.log(
    `Throughput at ${top} connections, share of the floor's ${Math.round(floor.get(top)!.rps)} req/s:`,
  );
  console.log(`  search cached   ${(100 * ratio('search cached')).toFixed(0)}% (target ≥ 50%)`);
  console.log(`  search uncached ${(100 * ratio('search uncached')).toFixed(0)}% (target ≥ 15%)`);
}
process.exit(0);
