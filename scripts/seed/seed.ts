/**
 * Loads the real catalog: the platforms, then every title of the bundled edition
 * (data/catalog) through the ingestion pipeline (validation, quarantine, de-duplication,
 * merge, upsert: the same steps the Worker's queue consumer runs, with no queue), then the
 * simulated availability of every title.
 *
 * Idempotent: a second load finds every title already linked to its record and changes
 * nothing (the run reports 0 added, 0 updated); an interrupted load resumes from its last
 * applied page. Offers are upserted by `availability_offer_uq`; simulated offers the current
 * simulation no longer produces are removed, and offers another source has verified
 * (source ≠ 'simulated') are never overwritten. Platforms keep a stored webhook secret.
 * Content rows are never deleted (users' lists reference them).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from '../../src/db/schema.ts';
import type { Db } from '../../src/db/client.ts';
import { createIngestRepository } from '../../src/db/repositories/ingest.ts';
import type { CatalogRecordInput, IngestRun } from '../../src/schemas/catalog.ts';
import { syncInline, type PageResult } from '../../src/services/catalog/ingest/run.ts';
import type { ContentSource } from '../../src/services/catalog/ports.ts';
import { sharedBundledRecords } from '../catalog/bundled.ts';
import type { CleaningReport } from './clean-movies.ts';
import { PLATFORMS, REGIONS } from './platforms.ts';
import { DEFAULT_SEED, simulateAvailability } from './simulated-availability.ts';

export interface SeedResult {
  /** The ingestion run that loaded the titles (null when a completed load was already there). */
  run: IngestRun | null;
  content: number;
  people: number;
  credits: number;
  platforms: number;
  offers: number;
  tookMs: number;
}

export interface SeedOptions {
  log?: (m: string) => void;
  /** Simulation seed (default DEFAULT_SEED, the one the platform simulator uses). */
  seed?: string;
  /** Reference time for simulated leaving dates (default now). */
  now?: Date;
  /** The records to load (default: the bundled edition); tests and benches pass their own. */
  records?: readonly CatalogRecordInput[];
  /** Called after each page of the load. */
  progress?: (done: number, total: number, page: PageResult) => void;
  /** Load again even when a completed load is there (default: only resume or first load). */
  force?: boolean;
}

/** Records per page of the first load (one transaction each). */
const LOAD_PAGE = 500;

/** The bundled edition as a content source, from memory: the same records the dev feed serves. */
export function inMemorySource(records: readonly unknown[]): ContentSource {
  return {
    name: 'bundled',
    upstream: 'wikipedia',
    async page({ cursor, limit }) {
      const offset = cursor ? Number(cursor) : 0;
      const next = offset + limit;
      return { records: records.slice(offset, next), nextCursor: next < records.length ? String(next) : null, total: records.length };
    },
  };
}

/** Rows per INSERT: content has 20 columns, so 400 rows stay far below Postgres' 65,535 parameters. */
const BATCH = 400;

async function inBatches<T>(rows: readonly T[], fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await fn(rows.slice(i, i + BATCH));
}

/** vega-datasets' movies.json: one of the two upstreams of the bundled edition (scripts/catalog/build.ts). */
export const MOVIES_FILE = fileURLToPath(new URL('../../node_modules/vega-datasets/data/movies.json', import.meta.url));

/** The raw rows (the package's exports map hides data/, so the file is read by path). */
export function loadRawMovies(): unknown[] {
  const data: unknown = JSON.parse(readFileSync(MOVIES_FILE, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${MOVIES_FILE}: expected a JSON array`);
  return data;
}

const excluded = (col: string): SQL => sql.raw(`excluded.${col}`);

export function describeCleaning(r: CleaningReport): string {
  return (
    `cleaned ${r.output} of ${r.input} films: ${r.yearsFixed} years fixed, ${r.titlesReordered} titles re-ordered, ` +
    `${r.encodingRepaired} encodings repaired, ${r.numericTitles} numeric titles, ${r.yearSuffixesRemoved} "(year)" suffixes removed, ` +
    `${r.directorsRepaired} director names repaired, ${r.duplicatesDropped} duplicates and ${r.droppedNoTitle} untitled rows dropped`
  );
}

export async function seedCatalog(db: NeonDatabase<typeof schema>, opts: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  let lap = started;
  const step = (what: string) => {
    const t = performance.now();
    log(`  ${what}: ${Math.round(t - lap)} ms`);
    lap = t;
  };
  const s = schema;

  await db.insert(s.platforms)
    .values(PLATFORMS.map((p) => ({
      id: p.id, name: p.name, kind: p.kind, homepage: p.homepage, regions: p.regions,
      ratePerSecond: p.ratePerSecond, ratePerHour: p.ratePerHour, burst: p.burst, webhookSecret: p.webhookSecret,
    })))
    .onConflictDoUpdate({
      target: s.platforms.id,
      set: {
        name: excluded('name'), kind: excluded('kind'), homepage: excluded('homepage'), regions: excluded('regions'),
        ratePerSecond: excluded('rate_per_second'), ratePerHour: excluded('rate_per_hour'), burst: excluded('burst'),
        // A secret set by an operator stays; only a missing one gets the dev secret.
        webhookSecret: sql`coalesce(${s.platforms.webhookSecret}, excluded.webhook_secret)`,
      },
    });

  // The titles, through the ingestion pipeline: a first load, or the rest of an interrupted one.
  const repo = createIngestRepository(db as unknown as Db);
  const loaded = (await db.execute(sql`select count(*)::int as n from ingest_runs where source = 'bundled' and status = 'completed'`)).rows[0] as { n: number };
  let run: IngestRun | null = null;
  if (Number(loaded.n) === 0 || opts.force) {
    const records = opts.records ?? sharedBundledRecords();
    step(`read ${records.length} records`);
    let done = 0;
    run = await syncInline(
      { repo, sources: { bundled: inMemorySource(records) }, pageSize: LOAD_PAGE },
      { source: 'bundled', mode: 'full', trigger: opts.force ? 'script' : 'first-run' },
      async (page) => {
        // Statistics as the tables grow (PGlite has no autovacuum, and PostgreSQL's lags behind a
        // fast load): without them the matching query plans for empty tables and scans.
        if ([1, 3, 7, 15, 31, 63].includes(page.seq)) await db.execute(sql`analyze content, content_external_ids, content_credits, people`);
        done = Math.min(records.length, (page.seq + 1) * LOAD_PAGE);
        opts.progress?.(done, records.length, page);
      },
    );
    const c = run.counts;
    log(`ingestion run ${run.id}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.quarantined} quarantined`);
    step('titles through the ingestion pipeline');
  }

  const titles = ((await db.execute(sql`select id, release_year, popularity, distributor from content where data_source <> 'synthetic'`)).rows as Record<string, unknown>[])
    .map((r) => ({ id: String(r.id), releaseYear: r.release_year === null ? null : Number(r.release_year), popularity: Number(r.popularity), distributor: (r.distributor as string | null) ?? null }));
  const offers = simulateAvailability(titles, opts.seed ?? DEFAULT_SEED, opts.now ?? new Date());
  log(`simulated ${offers.length} offers for ${titles.length} titles in ${REGIONS.length} regions`);
  await db.transaction(async (tx) => {
    await inBatches(offers, (b) =>
      tx.insert(s.platformAvailability)
        .values(b)
        .onConflictDoUpdate({
          target: [s.platformAvailability.contentId, s.platformAvailability.platformId, s.platformAvailability.region, s.platformAvailability.priceTier],
          set: {
            amount: excluded('amount'), currency: excluded('currency'), url: excluded('url'), quality: excluded('quality'),
            leavingAt: excluded('leaving_at'), source: excluded('source'), lastVerifiedAt: sql`now()`,
          },
          // An offer a real source verified since is newer knowledge than the simulation.
          setWhere: sql`${s.platformAvailability.source} = 'simulated'`,
        }),
    );
    // Simulated offers that this run did not write (another seed, a platform that left a region,
    // a leaving date that passed) go. now() is the transaction's start, which every row inserted
    // or updated above carries as last_verified_at. Offers from real sources, and the benchmarks'
    // synthetic titles, stay.
    await tx.execute(sql`
      delete from platform_availability a
      where a.source = 'simulated' and a.last_verified_at < now()
        and a.content_id in (select id from content where data_source <> 'synthetic')`);
    await tx.execute(sql`
      insert into catalog_version (id, version, updated_at) values (1, 1, now())
      on conflict (id) do update set version = catalog_version.version + 1, updated_at = now()`);
  });
  step(`${offers.length} offers`);
  // PGlite runs no autovacuum: without this, fresh rows sit in the GIN indexes' pending lists
  // (scanned linearly by every query: 9 ms instead of 0.6 ms for a title look-up) and the
  // planner has no statistics.
  await db.execute(sql`vacuum analyze`);
  step('vacuum analyze');

  const counts = await db.execute(sql`
    select (select count(*) from content)::int as content,
           (select count(*) from people)::int as people,
           (select count(*) from content_credits)::int as credits,
           (select count(*) from platforms)::int as platforms,
           (select count(*) from platform_availability)::int as offers`);
  const c = counts.rows[0] as { content: number; people: number; credits: number; platforms: number; offers: number };
  return {
    run,
    content: Number(c.content),
    people: Number(c.people),
    credits: Number(c.credits),
    platforms: Number(c.platforms),
    offers: Number(c.offers),
    tookMs: Math.round(performance.now() - started),
  };
}
