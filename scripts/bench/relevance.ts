/**
 * npm run bench:relevance — Marquee's search pipeline against BM25 baselines (MiniSearch, plain
 * and with English stemming) over the same fields (title + synopsis + cast and directors +
 * genres and themes), in one run, on the test catalog sample (`--full`: the whole edition) in
 * an in-memory PGlite, with the local embedding service of the dev stack.
 *
 *   discovery set (scripts/bench/discovery-set.ts): known-item MRR and hits@10 (test split;
 *     the tune split is shown apart), actor P@10, theme P@10, availability-intent P@10
 *   the older facet set (relevance-queries.ts): nDCG@10; title look-ups with typos: MRR
 *
 * Systems: bm25, bm25+stem, vector alone (nearest titles to the query's embedding), marquee
 * lexical (the pipeline without the vector leg), marquee (the pipeline, default), and on the
 * known-item descriptions the ablations "- keyword", "- title sim", "- priors" (that evidence
 * weighed at 0).
 * `--verbose` prints every known-item rank.
 */
import MiniSearch from 'minisearch';
import { sql } from 'drizzle-orm';
import { stemmer } from 'stemmer';
import { startEmbeddingService } from '../../dev/local-stack/embeddings/service.ts';
import { startPgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { createOpenAiEmbedder } from '../../src/adapters/openai/embedder.ts';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import { createSearchRepository } from '../../src/db/repositories/search.ts';
import { EMBEDDING_DIMENSIONS } from '../../src/db/vector-schema.ts';
import { searchCatalog, type SearchDeps } from '../../src/services/search/search.ts';
import { loadBundledRecords } from '../catalog/bundled.ts';
import { indexEmbeddings } from '../lib/embeddings.ts';
import { runMigrations } from '../lib/migrate.ts';
import { connectNodeDb } from '../lib/node-db.ts';
import { progressBar, testCatalogSample } from '../lib/prepare.ts';
import { seedCatalog } from '../seed/seed.ts';
import {
  ACTOR_QUERIES,
  AVAILABILITY_QUERIES,
  KNOWN_ITEMS,
  THEME_GENRE_QUERIES,
  THEME_QUERIES,
} from './discovery-set.ts';
import { QUERIES, TITLE_TYPOS, type Row } from './relevance-queries.ts';

const K = 10;
const verbose = process.argv.includes('--verbose');
const full = process.argv.includes('--full');
/** Lexical systems only (no embedding of the catalog): a quick look while iterating. */
const noVector = process.argv.includes('--no-vector');
/** `--only NAME,NAME`: just these systems. */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? process.argv[onlyArg + 1]!.split(',') : undefined;

type Doc = Row & { synopsis: string; cast: string[]; directors: string[]; tags: string[] };
/** `knownItemsOnly`: an ablation, run on the known-item descriptions only. */
type System = { name: string; search: (q: string) => Promise<string[]>; knownItemsOnly?: boolean };

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function dcg(gains: number[]): number {
  return gains.slice(0, K).reduce((s, gain, i) => s + (2 ** gain - 1) / Math.log2(i + 2), 0);
}
function gainsFor(
  rows: Row[],
  relevant: (r: Row) => boolean,
  order?: (r: Row) => number,
): Map<string, number> {
  const rel = rows.filter(relevant);
  const gains = new Map(rel.map((r) => [r.id, 1]));
  if (order)
    for (const r of [...rel].sort((a, b) => order(b) - order(a)).slice(0, K)) gains.set(r.id, 2);
  return gains;
}
function ndcg(ranked: string[], gains: Map<string, number>): number {
  const ideal = dcg([...gains.values()].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked.map((id) => gains.get(id) ?? 0)) / ideal;
}

const STOP = new Set(
  'a an and are as at be but by for from has he her his in into is it its of on or she that the their them they this to was were where which who whose with one movie movies film films about'.split(
    ' ',
  ),
);

/** `--data-dir DIR`: keep the loaded catalog between runs (iterating); default in memory. */
const dataDirArg = process.argv.indexOf('--data-dir');
const dataDir = dataDirArg >= 0 ? process.argv[dataDirArg + 1] : undefined;
/** `--tune`: grid-search the fusion weights on the tune split (never the test split), then exit. */
const tune = process.argv.includes('--tune');

const pg = await startPgliteServer({ dataDir });
const pipe = await startWsPipe();
const conn = connectNodeDb(pg.url, pipe.wsProxy);
const service = await startEmbeddingService({});
try {
  const t0 = performance.now();
  await runMigrations(conn);
  const records = loadBundledRecords();
  const wanted = full ? records : testCatalogSample(records);
  // A kept data dir (--data-dir) that already holds this catalog is used as it is.
  const have = Number(
    ((await conn.db.execute(sql`select count(*)::int as n from content`)).rows[0] as { n: number })
      .n,
  );
  if (have !== wanted.length) await seedCatalog(conn.db, { records: wanted });
  const embedder = createOpenAiEmbedder({
    apiKey: 'local',
    baseURL: service.url,
    model: service.embedder.model,
    dimensions: EMBEDDING_DIMENSIONS,
    timeoutMs: 3_600_000,
  });
  if (!noVector)
    await indexEmbeddings(conn.db, embedder, {
      onProgress: progressBar((m) => console.log(m), 'titles embedded'),
    });
  const s = service.embedder.stats();
  console.log(
    `catalog and embeddings ready in ${((performance.now() - t0) / 1000).toFixed(0)} s (${s.hits} precomputed, ${s.computed} computed)`,
  );

  const docs = (
    await conn.db.execute(sql`
      select c.id, c.title, c.synopsis, c.genres, c.themes, c.creative_type, c.source, c.release_year, c.runtime_minutes, c.mpaa_rating,
             c.imdb_rating, c.imdb_votes, c.worldwide_gross,
             coalesce((select array_agg(p.name order by cc.ordinal) from content_credits cc join people p on p.id = cc.person_id
                        where cc.content_id = c.id and cc.role = 'actor'), '{}') as cast,
             coalesce((select array_agg(p.name order by cc.ordinal) from content_credits cc join people p on p.id = cc.person_id
                        where cc.content_id = c.id and cc.role = 'director'), '{}') as directors
        from content c`)
  ).rows.map(
    (r: any): Doc => ({
      id: r.id,
      title: r.title,
      genres: r.genres ?? [],
      creativeType: r.creative_type,
      source: r.source,
      director: r.directors[0] ?? null,
      year: r.release_year === null ? null : Number(r.release_year),
      runtime: r.runtime_minutes === null ? null : Number(r.runtime_minutes),
      mpaa: r.mpaa_rating,
      imdb: r.imdb_rating === null ? null : Number(r.imdb_rating),
      votes: r.imdb_votes === null ? null : Number(r.imdb_votes),
      gross: r.worldwide_gross === null ? null : Number(r.worldwide_gross),
      synopsis: r.synopsis ?? '',
      cast: r.cast,
      directors: r.directors,
      tags: [...new Set([...(r.genres ?? []), ...(r.themes ?? [])])],
    }),
  );
  const byId = new Map(docs.map((d) => [d.id, d]));

  // "New on Hulu" needs recent additions, which a freshly seeded catalog has none of: the bench
  // records some (every 25th US offer, added 1 to 20 days ago), once per database.
  await conn.db.execute(sql`insert into availability_changes (content_id, platform_id, region, kind, price_tier, detected_at)
    select a.content_id, a.platform_id, a.region, 'added', a.price_tier, now() - (1 + a.id % 20) * interval '1 day'
      from platform_availability a
     where a.region = 'US' and a.id % 25 = 0
       and not exists (select 1 from availability_changes ch where ch.content_id = a.content_id and ch.platform_id = a.platform_id and ch.kind = 'added')`);
  const satisfying = async (intent: 'leaving' | 'free' | 'added', platform?: string) =>
    new Set(
      (
        await conn.db.execute(
          intent === 'leaving'
            ? sql`select distinct content_id from platform_availability where region = 'US' and leaving_at > now() and leaving_at <= now() + interval '14 days'
                   and (${platform ?? null}::text is null or platform_id = ${platform ?? null})`
            : intent === 'free'
              ? sql`select distinct content_id from platform_availability where region = 'US' and price_tier in ('free', 'ads')`
              : sql`select distinct ch.content_id from availability_changes ch join platform_availability a using (content_id, platform_id, region, price_tier)
                     where ch.region = 'US' and ch.kind = 'added' and ch.detected_at >= now() - interval '30 days'
                       and (${platform ?? null}::text is null or ch.platform_id = ${platform ?? null})`,
        )
      ).rows.map((r) => String((r as { content_id: string }).content_id)),
    );
  const availabilityTruth = await Promise.all(
    AVAILABILITY_QUERIES.map((a) => satisfying(a.intent, a.platform)),
  );

  const repo = createSearchRepository(conn.db);
  const gaz = await repo.gazetteer();
  const vector = createPgVectorIndex(conn.db);
  // Relevance, not latency: a loaded machine must not drop the vector leg (the 1 s embedding and
  // vector index deadlines).
  const deps: SearchDeps = {
    repo,
    gazetteer: async () => gaz,
    embedder,
    vector,
    embedTimeoutMs: 60_000,
    vectorTimeoutMs: 60_000,
  };

  const bm25 = (stem: boolean) => {
    const ms = new MiniSearch<Doc & { people: string; tagText: string }>({
      fields: ['title', 'synopsis', 'people', 'tagText'],
      storeFields: ['id'],
      ...(stem
        ? {
            processTerm: (t: string) =>
              STOP.has(t.toLowerCase()) ? null : stemmer(t.toLowerCase()),
          }
        : {}),
      searchOptions: { boost: { title: 2 }, fuzzy: 0.2, prefix: true },
    });
    ms.addAll(
      docs.map((d) => ({
        ...d,
        people: [...d.cast, ...d.directors].join(' '),
        tagText: d.tags.join(' '),
      })),
    );
    return async (q: string) =>
      ms
        .search(q)
        .slice(0, K)
        .map((r) => String(r.id));
  };
  if (tune) {
    const tuneSet = KNOWN_ITEMS.filter((k) => k.split === 'tune');
    const scored: { w: Record<string, number>; mrr: number; hits: number }[] = [];
    for (const keyword of [1, 1.5])
      for (const vec of [0.5, 1, 2, 3])
        for (const priors of [2.5])
          for (const vectorFloor of [0.3, 0.45]) {
            const fusion = {
              title: 1.5,
              keyword,
              keywordTitle: 0.4,
              vector: vec,
              priors,
              vectorFloor,
            };
            const rr: number[] = [];
            for (const k of tuneSet) {
              const ids = (
                await searchCatalog({ ...deps, fusion }, { query: k.q, region: 'US', limit: K })
              ).results.map((r) => r.id);
              const rank = ids.indexOf(k.id);
              rr.push(rank < 0 ? 0 : 1 / (rank + 1));
            }
            scored.push({ w: fusion, mrr: mean(rr), hits: mean(rr.map((x) => (x > 0 ? 1 : 0))) });
          }
    const lexRr: number[] = [];
    for (const k of tuneSet) {
      const ids = (
        await searchCatalog({ ...deps, vector: undefined }, { query: k.q, region: 'US', limit: K })
      ).results.map((r) => r.id);
      const rank = ids.indexOf(k.id);
      lexRr.push(rank < 0 ? 0 : 1 / (rank + 1));
    }
    console.log(
      `tune split (${tuneSet.length} descriptions), lexical legs only: MRR ${mean(lexRr).toFixed(3)} hits@10 ${mean(lexRr.map((x) => (x > 0 ? 1 : 0))).toFixed(3)}`,
    );
    scored.sort((a, b) => b.mrr - a.mrr || b.hits - a.hits);
    for (const x of scored)
      console.log(
        `tune MRR ${x.mrr.toFixed(3)} hits@10 ${x.hits.toFixed(3)}  ${JSON.stringify(x.w)}`,
      );
    process.exit(0);
  }

  const all: System[] = [
    { name: 'bm25', search: bm25(false) },
    { name: 'bm25+stem', search: bm25(true) },
    {
      name: 'vector',
      search: async (q) =>
        (await vector.query(await embedder.embed(q), K, { model: embedder.model })).map(
          (m) => m.id,
        ),
    },
    {
      name: 'marquee lexical',
      search: async (q) =>
        (
          await searchCatalog({ ...deps, vector: undefined }, { query: q, region: 'US', limit: K })
        ).results.map((r) => r.id),
    },
    {
      name: 'marquee',
      search: async (q) =>
        (await searchCatalog(deps, { query: q, region: 'US', limit: K })).results.map((r) => r.id),
    },
    // Ablations: the pipeline with one leg's evidence weighed at 0 (its candidates still come in).
    ...(
      [
        ['- keyword', { keyword: 0 }],
        ['- title sim', { title: 0 }],
        ['- priors', { priors: 0 }],
      ] as const
    ).map(
      ([name, fusion]): System => ({
        name,
        knownItemsOnly: true,
        search: async (q) =>
          (
            await searchCatalog({ ...deps, fusion }, { query: q, region: 'US', limit: K })
          ).results.map((r) => r.id),
      }),
    ),
  ];
  const systems = (
    noVector ? all.filter((x) => x.name !== 'vector' && x.name !== 'marquee') : all
  ).filter((x) => !only || only.includes(x.name));

  const results: Record<string, Record<string, number>> = {};
  const took: number[] = [];
  for (const sys of systems) {
    const m: Record<string, number> = {};
    for (const split of ['test', 'tune'] as const) {
      const rr: number[] = [];
      const hit: number[] = [];
      for (const k of KNOWN_ITEMS.filter((x) => x.split === split)) {
        if (!byId.has(k.id)) throw new Error(`${k.id} is not in the catalog`);
        const t = performance.now();
        const ranked = await sys.search(k.q);
        if (sys.name === 'marquee') took.push(performance.now() - t);
        const rank = ranked.indexOf(k.id);
        rr.push(rank < 0 ? 0 : 1 / (rank + 1));
        hit.push(rank >= 0 ? 1 : 0);
        if (verbose)
          console.log(
            `  ${split} ${sys.name.padEnd(16)} ${rank < 0 ? '-' : rank + 1}  "${k.q}"  top: ${byId.get(ranked[0] ?? '')?.title ?? '∅'}`,
          );
      }
      m[`${split} MRR`] = mean(rr);
      m[`${split} hits@10`] = mean(hit);
    }
    if (sys.knownItemsOnly) {
      results[sys.name] = m;
      continue;
    }
    const actor: number[] = [];
    for (const a of ACTOR_QUERIES) {
      const ranked = await sys.search(a.q);
      actor.push(ranked.filter((id) => byId.get(id)?.cast.includes(a.actor)).length / K);
      if (verbose)
        console.log(`  ${sys.name.padEnd(16)} actor P@10 ${actor.at(-1)!.toFixed(1)}  "${a.q}"`);
    }
    m['actor P@10'] = mean(actor);
    // P@10 over min(10, the titles that qualify): "found footage horror" has few in the sample.
    const themeP = async (set: typeof THEME_QUERIES, label: string) => {
      const ps: number[] = [];
      for (const t of set) {
        const fits = (d: Doc | undefined) =>
          Boolean(
            d?.tags.some((x) => t.tags.includes(x)) &&
              (!t.andTags || d.tags.some((x) => t.andTags!.includes(x))),
          );
        const qualifying = docs.filter(fits).length;
        if (qualifying === 0) throw new Error(`no title qualifies for "${t.q}"`);
        const ranked = (await sys.search(t.q)).slice(0, K);
        ps.push(ranked.filter((id) => fits(byId.get(id))).length / Math.min(K, qualifying));
        if (verbose)
          console.log(
            `  ${sys.name.padEnd(16)} ${label} ${ps.at(-1)!.toFixed(2)}  "${t.q}" (${qualifying} qualify)`,
          );
      }
      return mean(ps);
    };
    m['theme P@10'] = await themeP(THEME_QUERIES, 'theme P@10');
    m['theme+genre P@10'] = await themeP(THEME_GENRE_QUERIES, 'theme+genre P@10');
    const avail: number[] = [];
    for (const [i, a] of AVAILABILITY_QUERIES.entries()) {
      const ranked = (await sys.search(a.q)).slice(0, K);
      const truth = availabilityTruth[i]!;
      if (truth.size === 0) throw new Error(`no title satisfies "${a.q}" in this catalog`);
      avail.push(ranked.filter((id) => truth.has(id)).length / Math.min(K, truth.size));
      if (verbose)
        console.log(
          `  ${sys.name.padEnd(16)} availability P@10 ${avail.at(-1)!.toFixed(1)}  "${a.q}" (${ranked.length} answers, ${truth.size} satisfy)`,
        );
    }
    m['availability P@10'] = mean(avail);
    const facet: number[] = [];
    for (const { q, relevant, order } of QUERIES) {
      const gains = gainsFor(docs, relevant, order);
      facet.push(gains.size ? ndcg(await sys.search(q), gains) : 0);
    }
    m['facet nDCG@10'] = mean(facet);
    const typo: number[] = [];
    for (const [q, title] of TITLE_TYPOS) {
      const target = docs
        .filter((r) => r.title === title)
        .sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0))[0];
      if (!target) throw new Error(`"${title}" is not in the catalog`);
      const rank = (await sys.search(q)).indexOf(target.id);
      typo.push(rank < 0 ? 0 : 1 / (rank + 1));
    }
    m['typo title MRR'] = mean(typo);
    results[sys.name] = m;
  }

  const metrics = Object.keys(results[systems[0]!.name]!);
  const names = systems.map((s) => s.name);
  const n = KNOWN_ITEMS.filter((k) => k.split === 'test').length;
  console.log(
    `\nrelevance on ${full ? 'the whole catalog' : 'the test catalog sample'} (${docs.length.toLocaleString('en-US')} titles; embeddings: ${embedder.model})`,
  );
  console.log(
    `  discovery set: ${n} known-item descriptions (test) + ${KNOWN_ITEMS.length - n} (tune), ${ACTOR_QUERIES.length} actor, ${THEME_QUERIES.length} theme, ${THEME_GENRE_QUERIES.length} theme+genre, ${AVAILABILITY_QUERIES.length} availability; facet set ${QUERIES.length}; typo titles ${TITLE_TYPOS.length}`,
  );
  console.log(`  ${'metric'.padEnd(18)}${names.map((x) => x.padStart(17)).join('')}`);
  for (const metric of metrics)
    console.log(
      `  ${metric.padEnd(18)}${names.map((x) => (results[x]![metric]?.toFixed(3) ?? '').padStart(17)).join('')}`,
    );
  console.log(
    `  marquee time per known-item query (in process, embedded PGlite): median ${median(took).toFixed(1)} ms`,
  );
} finally {
  await service.close();
  await conn.close();
  await pipe.close();
  await pg.close();
}
