/**
 * npm run bench:relevance — nDCG@10 and title MRR of Marquee's search pipeline against a plain
 * BM25 engine (MiniSearch) over the same records, on the real catalog in an in-memory PGlite.
 */
import MiniSearch from 'minisearch';
import { sql } from 'drizzle-orm';
import { startPgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import { localEmbedder } from '../../src/adapters/local/embedder.ts';
import { createSearchRepository } from '../../src/db/repositories/search.ts';
import { searchCatalog, type SearchDeps } from '../../src/services/search/search.ts';
import { indexEmbeddings } from '../lib/embeddings.ts';
import { runMigrations } from '../lib/migrate.ts';
import { connectNodeDb } from '../lib/node-db.ts';
import { seedCatalog } from '../seed/seed.ts';
import { QUERIES, TITLE_TYPOS, type Row } from './relevance-queries.ts';

const K = 10;
const verbose = process.argv.includes('--verbose');

function dcg(gains: number[]): number {
  return gains.slice(0, K).reduce((s, gain, i) => s + (2 ** gain - 1) / Math.log2(i + 2), 0);
}

function gainsFor(rows: Row[], relevant: (r: Row) => boolean, order?: (r: Row) => number): Map<string, number> {
  const rel = rows.filter(relevant);
  const gains = new Map(rel.map((r) => [r.id, 1]));
  if (order) for (const r of [...rel].sort((a, b) => order(b) - order(a)).slice(0, K)) gains.set(r.id, 2);
  return gains;
}

function ndcg(ranked: string[], gains: Map<string, number>): number {
  const ideal = dcg([...gains.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((id) => gains.get(id) ?? 0)) / ideal;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const pg = await startPgliteServer({});
const pipe = await startWsPipe();
const conn = connectNodeDb(pg.url, pipe.wsProxy);
try {
  await runMigrations(conn);
  await seedCatalog(conn.db);
  await indexEmbeddings(conn.db);
  const rows = (
    await conn.db.execute(sql`
      select c.id, c.title, c.genres, c.creative_type, c.source, c.release_year, c.runtime_minutes, c.mpaa_rating,
             c.imdb_rating, c.imdb_votes, c.worldwide_gross,
             (select p.name from content_credits cc join people p on p.id = cc.person_id where cc.content_id = c.id and cc.role = 'director' limit 1) as director
        from content c`)
  ).rows.map((r: any): Row => ({
    id: r.id, title: r.title, genres: r.genres ?? [], creativeType: r.creative_type, source: r.source, director: r.director,
    year: r.release_year === null ? null : Number(r.release_year), runtime: r.runtime_minutes === null ? null : Number(r.runtime_minutes),
    mpaa: r.mpaa_rating, imdb: r.imdb_rating === null ? null : Number(r.imdb_rating), votes: r.imdb_votes === null ? null : Number(r.imdb_votes),
    gross: r.worldwide_gross === null ? null : Number(r.worldwide_gross),
  }));

  const repo = createSearchRepository(conn.db);
  const gaz = await repo.gazetteer();
  const deps: SearchDeps = { repo, gazetteer: async () => gaz, embedder: localEmbedder, vector: createPgVectorIndex(conn.db) };

  const bm25 = new MiniSearch<Row & { text: string }>({
    fields: ['title', 'text'],
    storeFields: ['id'],
    searchOptions: { boost: { title: 2 }, fuzzy: 0.2, prefix: true },
  });
  bm25.addAll(
    rows.map((r) => ({
      ...r,
      text: [r.genres.join(' '), r.creativeType, r.source, r.director, r.year, r.year ? `${Math.floor(r.year / 10) * 10}s` : '', r.mpaa].filter(Boolean).join(' '),
    })),
  );

  const ours: number[] = [];
  const base: number[] = [];
  const took: number[] = [];
  for (const { q, relevant, order } of QUERIES) {
    const gains = gainsFor(rows, relevant, order);
    if (gains.size === 0) throw new Error(`no ground truth for "${q}"`);
    const t = performance.now();
    const out = await searchCatalog(deps, { query: q, region: 'US', limit: K });
    took.push(performance.now() - t);
    const a = ndcg(out.results.map((r) => r.id), gains);
    const b = ndcg(bm25.search(q).slice(0, K).map((r) => String(r.id)), gains);
    ours.push(a);
    base.push(b);
    if (verbose || a < 0.8) console.log(`${a.toFixed(2)} vs bm25 ${b.toFixed(2)}  "${q}"  (${gains.size} relevant) intent=${out.query.intent} ${JSON.stringify(out.query.entities)}`);
  }

  const rr: number[] = [];
  const rrBase: number[] = [];
  for (const [q, title] of TITLE_TYPOS) {
    const target = rows.filter((r) => r.title === title).sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0))[0];
    if (!target) throw new Error(`"${title}" is not in the catalog`);
    const out = await searchCatalog(deps, { query: q, region: 'US', limit: K });
    const rank = out.results.findIndex((r) => r.id === target.id);
    rr.push(rank < 0 ? 0 : 1 / (rank + 1));
    const rankB = bm25.search(q).slice(0, K).findIndex((r) => r.id === target.id);
    rrBase.push(rankB < 0 ? 0 : 1 / (rankB + 1));
    if (verbose || rank !== 0) console.log(`title "${q}" → ${target.title}: rank ${rank + 1} (top: ${out.results[0]?.title}) bm25 rank ${rankB + 1}`);
  }

  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const nd = mean(ours);
  const ndB = mean(base);
  console.log('\nrelevance on the real catalog (%d titles)', rows.length);
  console.log(`  queries: ${QUERIES.length} natural-language + ${TITLE_TYPOS.length} title look-ups with typos`);
  console.log(`  nDCG@10   marquee ${nd.toFixed(3)}   bm25 (MiniSearch) ${ndB.toFixed(3)}   ratio ${(nd / ndB).toFixed(2)}x`);
  console.log(`  title MRR marquee ${mean(rr).toFixed(3)}   bm25 (MiniSearch) ${mean(rrBase).toFixed(3)}`);
  console.log(`  pipeline time per query (in-process, embedded PGlite): median ${median(took).toFixed(1)} ms`);
} finally {
  await conn.close();
  await pipe.close();
  await pg.close();
}
