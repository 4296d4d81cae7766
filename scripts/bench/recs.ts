/**
 * npm run bench:recs — offline quality and online latency of recommendations, against a running
 * `npm run dev` (it reads the stack's addresses from .wrangler/local-stack.env).
 *
 * 1. Generates people with latent tastes (two favourite genres, often a favourite era, sometimes
 *    favourite directors) and a taste for popular titles, and samples 25 interactions each from the
 *    real catalog (ratings scored by how well the title fits, views, watchlist adds), in time order.
 * 2. Holds out each person's last 5 interactions, stores the rest, runs the full neighbour refresh
 *    (the daily cron's job), and asks the recommendation service for 10 titles per person.
 * 3. Reports recall@10 and nDCG@10 of the hybrid, of each half alone, and of a popularity baseline
 *    (the most-interacted titles in the training data), over the same people.
 * 4. Measures GET /api/v1/recommendations through the Worker for bench people (sequential requests:
 *    exact p50/p95; then autocannon with 10 connections): computed (the person's cache dropped
 *    before each request), right after a rating (the list recomputed in the background), repeat
 *    visits, and /api/v1/me as the floor.
 *
 * The offline evaluation asks with anyPlatform (a held-out title need not be on a platform the
 * synthetic person pays for): it measures ranking, not the availability filter.
 * Usage: npm run bench:recs [-- --people 1500 --eval 300 --seed 7]
 */
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import { createRecsRepository } from '../../src/db/repositories/recommendations.ts';
import { DEFAULT_RECS_CONFIG, recommend, type RecsDeps } from '../../src/services/recommendations/recommend.ts';
import { connectNodeDb } from '../lib/node-db.ts';
import { readStackEnv } from '../lib/stack-env.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const PEOPLE = arg('people', 1500);
const EVAL = arg('eval', 300);
const PER_PERSON = 25;
const HELD_OUT = 5;
const K = 10;
let seed = arg('seed', 7);
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const gumbel = () => -Math.log(-Math.log(Math.max(1e-12, rand())));

const base = process.env.MARQUEE_URL ?? 'http://127.0.0.1:8787';
const vars = readStackEnv(new URL('../../.wrangler/local-stack.env', import.meta.url));
const ready = await fetch(`${base}/ready`).catch(() => undefined);
if (!ready) {
  console.error(`Marquee is not running at ${base}: start it with \`npm run dev\` first.`);
  process.exit(1);
}
await ready.arrayBuffer();
const conn = connectNodeDb(vars.DATABASE_URL!, vars.PG_WS_PROXY);
const db = conn.db;

// ---- 1. the catalog and synthetic people --------------------------------------------------
type Item = { id: string; genres: string[]; director: string | null; decade: number | null; popularity: number };
const items = (
  await db.execute(sql`select c.id, c.genres, c.release_year, c.popularity,
      (select pp.name from content_credits cc join people pp on pp.id = cc.person_id where cc.content_id = c.id and cc.role = 'director' order by cc.ordinal limit 1) as director
    from content c order by c.id`)
).rows.map((r: any): Item => ({ id: r.id, genres: r.genres ?? [], director: r.director, decade: r.release_year ? Math.floor(r.release_year / 10) * 10 : null, popularity: Number(r.popularity) }));
const genreCount = new Map<string, number>();
for (const it of items) for (const g of it.genres) genreCount.set(g, (genreCount.get(g) ?? 0) + 1);
const genres = [...genreCount].filter(([, n]) => n >= 30).map(([g]) => g);
const directorCount = new Map<string, number>();
for (const it of items) if (it.director) directorCount.set(it.director, (directorCount.get(it.director) ?? 0) + 1);
const directors = [...directorCount].filter(([, n]) => n >= 4).map(([d]) => d);
const decades = [1970, 1980, 1990, 2000];
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;

interface Person { id: string; history: { item: Item; kind: 'rating' | 'view' | 'watchlist'; score: number | null }[] }
const people: Person[] = [];
for (let p = 0; p < PEOPLE; p++) {
  const favGenres = new Set([pick(genres), pick(genres)]);
  const era = rand() < 0.7 ? pick(decades) : null;
  const favDirectors = new Set(rand() < 0.5 ? [pick(directors), pick(directors)] : []);
  const affinity = (it: Item) =>
    1.2 * it.genres.filter((g) => favGenres.has(g)).length + (it.director && favDirectors.has(it.director) ? 1.5 : 0) + (era && it.decade === era ? 0.8 : 0) + 1.0 * it.popularity;
  const chosen = items.map((it) => ({ it, a: affinity(it), key: 3 * affinity(it) + gumbel() })).sort((a, b) => b.key - a.key).slice(0, PER_PERSON);
  // Time order is random: the held-out tail is a fair sample of the person's tastes.
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
  }
  people.push({
    id: crypto.randomUUID(),
    history: chosen.map(({ it, a }) => {
      const r = rand();
      const kind = r < 0.6 ? 'rating' : r < 0.9 ? 'view' : 'watchlist';
      return { item: it, kind, score: kind === 'rating' ? Math.max(1, Math.min(10, Math.round(4 + 1.6 * a + (rand() - 0.5) * 3))) : null };
    }),
  });
}

// ---- 2. store the training part ------------------------------------------------------------
console.log(`bench:recs against ${base}: ${items.length} titles, ${PEOPLE} synthetic people x ${PER_PERSON} interactions, last ${HELD_OUT} held out`);
await db.execute(sql`delete from users where email like 'bench-recs-%@example.invalid'`);
const now = Date.now();
for (let i = 0; i < people.length; i += 200) {
  const batch = people.slice(i, i + 200);
  await db.execute(sql`insert into users (id, email, password_hash) values ${sql.join(batch.map((p, k) => sql`(${p.id}::uuid, ${`bench-recs-${i + k}@example.invalid`}, 'bench:no-login')`), sql`, `)}`);
  const ratings: ReturnType<typeof sql>[] = [];
  const views: ReturnType<typeof sql>[] = [];
  const lists: ReturnType<typeof sql>[] = [];
  for (const p of batch) {
    p.history.slice(0, PER_PERSON - HELD_OUT).forEach((h, t) => {
      const at = new Date(now - (PER_PERSON - t) * 3600_000).toISOString();
      if (h.kind === 'rating') ratings.push(sql`(${p.id}::uuid, ${h.item.id}, ${h.score}, ${at}::timestamptz)`);
      else if (h.kind === 'view') views.push(sql`(${p.id}::uuid, ${h.item.id}, ${at}::timestamptz)`);
      else lists.push(sql`(${p.id}::uuid, ${h.item.id}, ${at}::timestamptz)`);
    });
  }
  if (ratings.length) await db.execute(sql`insert into ratings (user_id, content_id, score, rated_at) values ${sql.join(ratings, sql`, `)}`);
  if (views.length) await db.execute(sql`insert into user_history (user_id, content_id, occurred_at) values ${sql.join(views, sql`, `)}`);
  if (lists.length) await db.execute(sql`insert into watchlist (user_id, content_id, added_at) values ${sql.join(lists, sql`, `)}`);
}
const repo = createRecsRepository(db);
const refresh = await repo.refreshNeighbors({ full: true });
console.log(`neighbour refresh (full): ${refresh.titles} titles, ${refresh.pairs} pairs in ${refresh.tookMs} ms`);
// What autovacuum does on PostgreSQL soon after a bulk change (PGlite has none; `npm run dev`
// vacuums changed tables each minute): without it every read walks the replaced rows' dead index entries.
await db.execute(sql`vacuum analyze`);

// ---- 3. offline quality ----------------------------------------------------------------------
const vector = createPgVectorIndex(db);
const vectorOk = (await vector.status()).status === 'ok';
const deps: RecsDeps = { repo, vector: vectorOk ? vector : null, config: DEFAULT_RECS_CONFIG };
const popularity = new Map<string, number>();
for (const p of people) for (const h of p.history.slice(0, PER_PERSON - HELD_OUT)) popularity.set(h.item.id, (popularity.get(h.item.id) ?? 0) + 1);
const popularList = [...popularity].sort((a, b) => b[1] - a[1]).map(([id]) => id);

function metrics(ranked: string[], heldOut: Set<string>) {
  const top = ranked.slice(0, K);
  const hits = top.filter((id) => heldOut.has(id)).length;
  let dcg = 0;
  for (const [i, id] of top.entries()) dcg += heldOut.has(id) ? 1 / Math.log2(i + 2) : 0;
  let idcg = 0;
  for (let i = 0; i < Math.min(K, heldOut.size); i++) idcg += 1 / Math.log2(i + 2);
  return { recall: hits / heldOut.size, ndcg: dcg / idcg };
}
const variants = {
  hybrid: { cf: DEFAULT_RECS_CONFIG.cfWeight, content: DEFAULT_RECS_CONFIG.contentWeight },
  'collaborative only': { cf: 1, content: 0 },
  'content only': { cf: 0, content: 1 },
} as const;
const sums: Record<string, { recall: number; ndcg: number }> = {};
const add = (name: string, m: { recall: number; ndcg: number }) => {
  sums[name] ??= { recall: 0, ndcg: 0 };
  sums[name].recall += m.recall;
  sums[name].ndcg += m.ndcg;
};
const evalPeople = people.slice(0, Math.min(EVAL, people.length));
const t0 = performance.now();
for (const p of evalPeople) {
  const heldOut = new Set(p.history.slice(PER_PERSON - HELD_OUT).map((h) => h.item.id));
  const seen = new Set(p.history.slice(0, PER_PERSON - HELD_OUT).map((h) => h.item.id));
  for (const [name, weights] of Object.entries(variants)) {
    const out = await recommend(deps, { userId: p.id, region: 'US', platforms: [], genres: [], limit: K, anyPlatform: true, weights });
    add(name, metrics(out.items.map((i) => i.id), heldOut));
  }
  add('popularity baseline', metrics(popularList.filter((id) => !seen.has(id)), heldOut));
}
const evalMs = performance.now() - t0;
console.log(`\noffline, ${evalPeople.length} people, content leg: ${vectorOk ? 'pgvector' : 'title features (no pgvector here)'}`);
console.log('variant                 recall@10   nDCG@10');
for (const [name, s] of Object.entries(sums)) console.log(`${name.padEnd(22)}  ${(s.recall / evalPeople.length).toFixed(3).padStart(9)}  ${(s.ndcg / evalPeople.length).toFixed(3).padStart(8)}`);
const ratio = sums.hybrid!.recall / Math.max(1e-9, sums['popularity baseline']!.recall);
console.log(`hybrid / popularity recall@10: ${ratio.toFixed(2)}x (target >= 2x)`);
console.log(`service time per recommendation (Node, ${Object.keys(variants).length * evalPeople.length} calls): ${(evalMs / (Object.keys(variants).length * evalPeople.length)).toFixed(1)} ms`);

// ---- 4. latency through the Worker -----------------------------------------------------------
const email = `bench-recs-api-${Date.now()}@example.com`;
const password = 'bench password for recs';
const reg = await fetch(`${base}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
const account = (await reg.json()) as any;
if (reg.status !== 201) throw new Error(`register answered ${reg.status}: ${JSON.stringify(account)}`);
const token = account.accessToken as string;
const me = account.user.id as string;
// The API person gets a training history like a synthetic one.
const template = people[0]!;
for (const h of template.history.slice(0, PER_PERSON - HELD_OUT)) {
  if (h.kind === 'rating') await db.execute(sql`insert into ratings (user_id, content_id, score) values (${me}::uuid, ${h.item.id}, ${h.score})`);
  else await db.execute(sql`insert into user_history (user_id, content_id) values (${me}::uuid, ${h.item.id})`);
}
const auth = { authorization: `Bearer ${token}` };
async function timeRequests(label: string, pathFor: (i: number) => string, n: number, warm = 0) {
  const times: number[] = [];
  for (let i = 0; i < n + warm; i++) {
    const s = performance.now();
    const r = await fetch(`${base}${pathFor(i)}`, { headers: auth });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${pathFor(i)} answered ${r.status}`);
    if (i >= warm) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(`${label.padEnd(58)} ${String(times.length).padStart(4)} requests: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms`);
}
console.log('\nover HTTP, 1 connection (target p95 <= 50 ms):');
// Computed: the person's cached lists are dropped before each request (untimed), as a rating would.
const forget = async () => {
  const r = await fetch(vars.UPSTASH_REDIS_REST_URL!, {
    method: 'POST',
    headers: { authorization: `Bearer ${vars.UPSTASH_REDIS_REST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(['DEL', `recs:${me}`]),
  });
  await r.arrayBuffer();
};
{
  const times: number[] = [];
  for (let i = 0; i < 120; i++) {
    await forget();
    const s = performance.now();
    const r = await fetch(`${base}/api/v1/recommendations?limit=20`, { headers: auth });
    const body = (await r.json()) as { meta: { cache: string } };
    if (r.status !== 200 || body.meta.cache !== 'miss') throw new Error(`expected a computed answer, got ${r.status} ${body.meta.cache}`);
    if (i >= 20) times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(`${'GET /api/v1/recommendations?limit=20, computed (cache miss)'.padEnd(58)} ${String(times.length).padStart(4)} requests: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms`);
}
// A person who rates something and comes back: the default list was computed again in the
// background after the rating (untimed: the rating and a 250 ms pause, far less than a person takes).
{
  const times: number[] = [];
  let hits = 0;
  const rated = template.history[0]!.item.id;
  for (let i = 0; i < 120; i++) {
    const w = await fetch(`${base}/api/v1/me/ratings/${rated}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ score: 6 + (i % 5) }) });
    await w.arrayBuffer();
    if (w.status !== 200) throw new Error(`rating answered ${w.status}`);
    await new Promise((r) => setTimeout(r, 250));
    const s = performance.now();
    const r = await fetch(`${base}/api/v1/recommendations`, { headers: auth });
    const body = (await r.json()) as { meta: { cache: string } };
    if (i >= 20) {
      times.push(performance.now() - s);
      if (body.meta.cache === 'hit') hits++;
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  console.log(`${'GET /api/v1/recommendations after a rating (recomputed in the background)'.padEnd(58)} ${String(times.length).padStart(4)} requests: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, cache hits ${hits}/${times.length}`);
}
// Each limit is its own cached variant: the first request of each computes.
await timeRequests('GET /api/v1/recommendations, limits 11-90, computed', (i) => `/api/v1/recommendations?limit=${11 + i}`, 80);
await timeRequests('GET /api/v1/recommendations?limit=20, repeat visit (cache hit)', () => '/api/v1/recommendations?limit=20', 200, 5);
await timeRequests('GET /api/v1/me (auth + one query: the floor)', () => '/api/v1/me', 200, 5);
const ac = await autocannon({ url: `${base}/api/v1/recommendations?limit=20`, headers: auth, connections: 10, duration: 10 });
console.log(
  `GET /api/v1/recommendations?limit=20, 10 connections, 10 s: p50 ${ac.latency.p50} ms, p97.5 ${(ac.latency as any).p97_5} ms, ${Math.round(ac.requests.average)} req/s, ${ac.non2xx + ac.errors} errors`,
);

await db.execute(sql`delete from users where email like 'bench-recs-%@example.invalid' or id = ${me}::uuid`);
await repo.refreshNeighbors({ full: true });
await conn.close();
