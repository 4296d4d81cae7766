/**
 * npm run bench:search-scale — the search pipeline's uncached latency (in process, no HTTP)
 * on the real catalog (36,704 titles, loaded through the ingestion pipeline) and on the catalog
 * grown synthetically to 10x that, on the embedded PGlite and, when it answers, on the
 * PostgreSQL server at 127.0.0.1:5432 (a scratch database is made).
 * Usage: npm run bench:search-scale [-- --factor 10 | --target 367040] [--rounds 3 --only pglite|postgres]
 */
import { sql } from 'drizzle-orm';
import { startPgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import { localEmbedder } from '../../src/adapters/local/embedder.ts';
import { createSearchRepository } from '../../src/db/repositories/search.ts';
import { searchCatalog, type SearchDeps } from '../../src/services/search/search.ts';
import { indexEmbeddings } from '../lib/embeddings.ts';
import { runMigrations } from '../lib/migrate.ts';
import { connectNodeDb, type NodeDb } from '../lib/node-db.ts';
import { seedCatalog } from '../seed/seed.ts';
import { growCatalog } from './grow-catalog.ts';
import { QUERIES, TITLE_TYPOS } from './relevance-queries.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const factor = Number(arg('factor', '10'));
const targetArg = arg('target', '');
const rounds = Number(arg('rounds', '3'));
const only = arg('only', '');
const queries = [...QUERIES.map((q) => q.q), ...TITLE_TYPOS.map(([q]) => q)];

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(conn: NodeDb): Promise<{ p50: number; p95: number; p99: number }> {
  const repo = createSearchRepository(conn.db);
  const gaz = await repo.gazetteer();
  const vectorOk = (
    (await conn.db.execute(sql`select to_regclass('public.content_embeddings') is not null as ok`))
      .rows[0] as { ok: boolean }
  ).ok;
  const deps: SearchDeps = {
    repo,
    gazetteer: async () => gaz,
    embedder: localEmbedder,
    vector: vectorOk ? createPgVectorIndex(conn.db) : undefined,
  };
  for (const q of queries.slice(0, 5))
    await searchCatalog(deps, { query: q, region: 'US', limit: 20 }); // warm-up
  const times: number[] = [];
  const perQuery = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t = performance.now();
      await searchCatalog(deps, { query: q, region: 'US', limit: 20 });
      const ms = performance.now() - t;
      times.push(ms);
      perQuery.set(q, Math.max(perQuery.get(q) ?? 0, ms));
    }
  }
  if (process.argv.includes('--verbose')) {
    const slow = [...perQuery].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`  slowest: ${slow.map(([q, ms]) => `"${q}" ${ms.toFixed(0)} ms`).join(', ')}`);
  }
  return { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99) };
}

async function scenario(name: string, conn: NodeDb) {
  await runMigrations(conn);
  await seedCatalog(conn.db);
  await indexEmbeddings(conn.db, localEmbedder);
  const realTitles = Number(
    ((await conn.db.execute(sql`select count(*)::int as n from content`)).rows[0] as { n: number })
      .n,
  );
  const small = await measure(conn);
  const target = targetArg ? Number(targetArg) : realTitles * factor;
  await growCatalog(conn, target, (m) => console.log(`  ${m}`));
  const big = await measure(conn);
  const f = (m: { p50: number; p95: number; p99: number }) =>
    `p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms`;
  console.log(`${name}`);
  console.log(`  ${realTitles.toLocaleString('en-US')} titles:   ${f(small)}`);
  console.log(`  ${target.toLocaleString('en-US')} titles: ${f(big)}`);
  console.log(
    `  p95 ratio ${(big.p95 / small.p95).toFixed(2)}x  (${queries.length} queries x ${rounds} rounds, sequential, uncached)`,
  );
}

console.log(`bench:search-scale — uncached search pipeline in process`);
if (only !== 'postgres') {
  const pg = await startPgliteServer({});
  const pipe = await startWsPipe();
  const conn = connectNodeDb(pg.url, pipe.wsProxy);
  try {
    await scenario('embedded PGlite (pgvector, pg_trgm)', conn);
  } finally {
    await conn.close();
    await pipe.close();
    await pg.close();
  }
}
if (only !== 'pglite') {
  const pipe = await startWsPipe();
  const admin = connectNodeDb('postgresql://postgres@127.0.0.1:5432/test', pipe.wsProxy);
  try {
    await admin.db.execute(sql`drop database if exists marquee_bench`);
    await admin.db.execute(sql`create database marquee_bench`);
  } catch (err) {
    console.log(
      `PostgreSQL at 127.0.0.1:5432 is not reachable (${err instanceof Error ? err.message : err}): skipped`,
    );
    await admin.close();
    await pipe.close();
    process.exit(0);
  }
  await admin.close();
  const conn = connectNodeDb('postgresql://postgres@127.0.0.1:5432/marquee_bench', pipe.wsProxy);
  try {
    await scenario('PostgreSQL server 127.0.0.1:5432 (no pgvector: vector leg off)', conn);
  } finally {
    await conn.close();
    const cleanup = connectNodeDb('postgresql://postgres@127.0.0.1:5432/test', pipe.wsProxy);
    await cleanup.db.execute(sql`drop database if exists marquee_bench`).catch(() => {});
    await cleanup.close();
    await pipe.close();
  }
}
