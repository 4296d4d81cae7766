/**
 * Migrates, then loads the real catalog through the ingestion pipeline when no load has
 * completed yet (a first run, or one that was interrupted: it resumes), with a progress bar.
 */
import { sql } from 'drizzle-orm';
import type { CatalogRecordInput } from '../../src/schemas/catalog.ts';
import { sharedBundledRecords } from '../catalog/bundled.ts';
import { seedCatalog } from '../seed/seed.ts';

/**
 * The test suites' catalog, to keep their setup short: every film the box-office data knows
 * (the titles the tests name) and every 20th other film, through the same pipeline.
 */
export function testCatalogSample(records: readonly CatalogRecordInput[]): CatalogRecordInput[] {
  let other = 0;
  return records.filter((r) => Object.values(r.provenance ?? {}).includes('vega-datasets') || other++ % 20 === 0);
}
import { indexEmbeddings } from './embeddings.ts';
import { runMigrations } from './migrate.ts';
import { backfillPii } from './pii-backfill.ts';
import { connectNodeDb } from './node-db.ts';

/** "[########------------]  12,000 / 36,710 titles  14 s" on one line of a terminal, every 10% elsewhere. */
export function progressBar(log: (m: string) => void, label: string): (done: number, total: number) => void {
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
  opts: { catalog?: 'full' | 'test-sample'; piiKeys?: string } = {},
): Promise<void> {
  const conn = connectNodeDb(vars.DATABASE_URL!, vars.PG_WS_PROXY);
  try {
    const t = performance.now();
    const { vector } = await runMigrations(conn);
    log(`migrated in ${Math.round(performance.now() - t)} ms${vector ? '' : ' (no pgvector on this server: vector search off)'}`);
    const r = await conn.db.execute(sql`select count(*)::int as n from ingest_runs where source = 'bundled' and status = 'completed'`);
    if (Number((r.rows[0] as { n: number }).n) === 0) {
      log('loading the catalog through the ingestion pipeline (first run)…');
      const bar = progressBar(log, 'titles');
      const records = opts.catalog === 'test-sample' ? testCatalogSample(sharedBundledRecords()) : undefined;
      const s = await seedCatalog(conn.db, { log, records, progress: (done, total) => bar(done, total) });
      log(`loaded ${s.content} titles, ${s.people} people, ${s.offers} offers in ${(s.tookMs / 1000).toFixed(1)} s`);
    }
    if (opts.piiKeys) {
      const p = await backfillPii(conn, opts.piiKeys);
      if (p.users + p.searches + p.platforms > 0) log(`encrypted personal data: ${p.users} users, ${p.searches} searches, ${p.platforms} webhook secrets`);
    }
    if (vector) {
      const t2 = performance.now();
      const e = await indexEmbeddings(conn.db);
      if (e.indexed > 0) log(`embedded ${e.indexed} titles (local embedder) in ${Math.round(performance.now() - t2)} ms`);
    }
  } finally {
    await conn.close();
  }
}
