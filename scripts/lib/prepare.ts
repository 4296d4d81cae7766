/**
 * Migrates, then loads the real catalog through the ingestion pipeline when no load has
 * completed yet (a first run, or one that was interrupted: it resumes), with a progress bar.
 */
import { Redis } from '@upstash/redis/cloudflare';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { bumpCatalogVersion } from '../../src/db/repositories/catalog-version.ts';
import type { Embedder } from '../../src/services/search/ports.ts';
import type { CatalogRecordInput } from '../../src/schemas/catalog.ts';
import { sharedBundledRecords } from '../catalog/bundled.ts';
import { seedCatalog } from '../seed/seed.ts';

/**
 * The test suites' catalog, to keep their setup short: every film the box-office data knows
 * (the titles the tests name) and every 20th other film, through the same pipeline.
 */
export function testCatalogSample(records: readonly CatalogRecordInput[]): CatalogRecordInput[] {
  let other = 0;
  return records.filter(
    (r) => Object.values(r.provenance ?? {}).includes('vega-datasets') || other++ % 20 === 0,
  );
}
import { embedderForVars } from './embedder.ts';
import { indexEmbeddings } from './embeddings.ts';
import { runMigrations } from './migrate.ts';
import { backfillPii } from './pii-backfill.ts';
import { connectNodeDb, type NodeDb } from './node-db.ts';

/** "[########------------]  12,000 / 36,710 titles  14 s" on one line of a terminal, every 10% elsewhere. */
export function progressBar(
  log: (m: string) => void,
  label: string,
): (done: number, total: number) => void {
  const t0 = performance.now();
  const tty = Boolean(process.stdout.isTTY);
  let lastTenth = -1;
  return (done, total) => {
    const width = 24;
    const filled = Math.round((done / Math.max(1, total)) * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${label}  ${((performance.now() - t0) / 1000).toFixed(0)} s`;
    if (tty) {
      process.stdout.write(`\r[marquee] ${line}${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done / Math.max(1, total)) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      log(line);
    }
  };
}

export async function prepareDatabase(
  vars: Record<string, string>,
  log: (m: string) => void = () => {},
  opts: {
    catalog?: 'full' | 'test-sample';
    piiKeys?: string;
    /**
     * Embed titles after returning (npm run dev: the Worker starts meanwhile; the precomputed
     * vectors land in seconds, most popular first, and any title the file lacks is embedded by
     * the model behind them). `embedding` settles when every title has a vector.
     */
    embedInBackground?: boolean;
    /**
     * The embedder for the titles (default: the one the Worker would use, from the vars). The dev
     * stack passes its local model in process: the same vectors, without an HTTP call a batch.
     */
    embedder?: Embedder;
    /** Seconds since the start, for the log lines (npm run dev). */
    elapsed?: () => number;
  } = {},
): Promise<{ embedding: Promise<void>; loadedCatalog: boolean }> {
  let background: Promise<void> = Promise.resolve();
  let loadedCatalog = false;
  const bumpVersion = (db: NodeDb['db']) =>
    bumpCatalogVersion(
      db as unknown as Db,
      vars.UPSTASH_REDIS_REST_URL && vars.UPSTASH_REDIS_REST_TOKEN
        ? new Redis({ url: vars.UPSTASH_REDIS_REST_URL, token: vars.UPSTASH_REDIS_REST_TOKEN })
        : undefined,
    );
  const conn = connectNodeDb(vars.DATABASE_URL!, vars.PG_WS_PROXY);
  try {
    const t = performance.now();
    const { vector } = await runMigrations(conn);
    log(
      `migrated in ${Math.round(performance.now() - t)} ms${vector ? '' : ' (no pgvector on this server: vector search off)'}`,
    );
    const r = await conn.db.execute(
      sql`select count(*)::int as n from ingest_runs where source = 'bundled' and status = 'completed'`,
    );
    if (Number((r.rows[0] as { n: number }).n) === 0) {
      log('loading the catalog through the ingestion pipeline (first run)…');
      const bar = progressBar(log, 'titles');
      const records =
        opts.catalog === 'test-sample' ? testCatalogSample(sharedBundledRecords()) : undefined;
      const s = await seedCatalog(conn.db, {
        log,
        records,
        progress: (done, total) => bar(done, total),
      });
      log(
        `loaded ${s.content} titles, ${s.people} people, ${s.offers} offers in ${(s.tookMs / 1000).toFixed(1)} s`,
      );
      loadedCatalog = true;
      // The Worker may have answered (and cached) searches during the load (npm run dev starts it
      // meanwhile): a new catalog version, in Postgres and in Redis's copy, makes them unreachable.
      await bumpVersion(conn.db);
    }
    if (opts.piiKeys) {
      const p = await backfillPii(conn, opts.piiKeys);
      if (p.users + p.searches + p.platforms > 0)
        log(
          `encrypted personal data: ${p.users} users, ${p.searches} searches, ${p.platforms} webhook secrets`,
        );
    }
    if (vector) {
      const embed = async () => {
        const c = opts.embedInBackground
          ? connectNodeDb(vars.DATABASE_URL!, vars.PG_WS_PROXY)
          : conn;
        try {
          const t2 = performance.now();
          const embedder = opts.embedder ?? embedderForVars(vars);
          const bar = progressBar(log, `titles embedded (${embedder.model})`);
          const at = () => (opts.elapsed ? `, ${opts.elapsed().toFixed(0)} s after start` : '');
          const e = await indexEmbeddings(c.db, embedder, {
            onProgress: bar,
            onLoaded: (n, ms) =>
              log(
                `vectors loaded: ${n} titles (${embedder.model}) in ${(ms / 1000).toFixed(1)} s${at()}; semantic search on (exact scan until the vector index is built)`,
              ),
            onIndexBuilt: (ms, kind) =>
              log(
                `vector index (${kind === 'hnsw' ? 'HNSW' : 'IVFFlat'}) built in ${(ms / 1000).toFixed(1)} s${at()}`,
              ),
          });
          if (e.indexed > 0) {
            // Answers cached while titles had no vector yet would outlive the load: drop them.
            await bumpVersion(c.db);
            log(
              `embedded ${e.indexed} titles (${embedder.model}) in ${((performance.now() - t2) / 1000).toFixed(1)} s`,
            );
          }
        } finally {
          if (c !== conn) await c.close();
        }
      };
      if (opts.embedInBackground) background = embed();
      else await embed();
    }
  } finally {
    await conn.close();
  }
  return { embedding: background, loadedCatalog };
}
