/**
 * npm run bench:search — latency and throughput of search against a running Marquee
 * (default http://127.0.0.1:8787, i.e. `npm run dev`), side by side with /health (the floor).
 * Uncached: every request is a distinct query (a unique suffix defeats both caches).
 * Cached: the same few queries repeated after a warm-up.
 * Usage: npm run bench:search [-- --url http://127.0.0.1:8787 --connections 20 --seconds 10]
 */
import autocannon from 'autocannon';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const base = arg('url', process.env.MARQUEE_URL ?? 'http://127.0.0.1:8787');
const connections = Number(arg('connections', '20'));
const duration = Number(arg('seconds', '10'));

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

async function run(title: string, pathFor: (i: number) => string) {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathFor(i++) }) }],
  });
  const l = result.latency;
  const non2xx = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(22)} p50 ${String(l.p50).padStart(4)} ms  p95 ${String((l as unknown as Record<string, number>).p97_5 ?? l.p99).padStart(4)} ms*  p99 ${String(l.p99).padStart(4)} ms  ` +
      `${Math.round(result.requests.average)} req/s  (${result.requests.total} requests, ${non2xx} errors)`,
  );
  return result;
}

const health = await fetch(`${base}/ready`).catch(() => undefined);
if (!health?.ok) {
  console.error(`Marquee is not ready at ${base}: start it with \`npm run dev\` first.`);
  process.exit(1);
}
await health.arrayBuffer();
console.log(`bench:search against ${base}, ${connections} connections, ${duration} s per scenario`);
await run('floor (/health)', () => '/health');
const runId = Date.now().toString(36);
await run(
  'search uncached',
  (i) => `/api/v1/search?q=${encodeURIComponent(`${QUERIES[i % QUERIES.length]} ${runId}x${i}`)}`,
);
for (const q of QUERIES)
  await (await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}`)).arrayBuffer();
await run(
  'search cached',
  (i) => `/api/v1/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`,
);
await run(
  'suggestions',
  (i) =>
    `/api/v1/search/suggestions?partial=${encodeURIComponent(['god', 'star', 'spiel', 'the da', 'jur', 'alie'][i % 6]!)}`,
);
console.log(
  '* autocannon reports p97.5, not p95: the figure shown is p97.5 (a stricter bound than p95).',
);
