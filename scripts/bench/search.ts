/**
 * npm run bench:search — latency and throughput of search against a running Marquee
 * (default http://127.0.0.1:8787, i.e. `npm run dev`), side by side with /health (the floor).
 * Uncached: every request is a distinct query (a unique suffix defeats both caches); the same
 * for plot descriptions; and the facet queries unchanged with a page size not asked before
 * (the cache key holds the limit), so no made-up word enters the text.
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
await run(
  'descriptions uncached',
  (i) =>
    `/api/v1/search?q=${encodeURIComponent(`${DESCRIPTIONS[i % DESCRIPTIONS.length]} ${runId}x${i}`)}`,
);
// The same texts, each request a page size not asked before (the cache key holds the limit):
// uncached answers without a made-up word in the text. The query embedding may be remembered.
const seed = Math.floor(Math.random() * 100);
await run('search, new page size', (i) => {
  const q = QUERIES[i % QUERIES.length]!;
  return `/api/v1/search?q=${encodeURIComponent(q)}&limit=${1 + ((Math.floor(i / QUERIES.length) + seed) % 100)}`;
});
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
