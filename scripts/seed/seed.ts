/**
 * Seeds the real catalog: the cleaned films, their directors, the platforms and simulated
 * availability, in one transaction.
 *
 * Idempotent: every row is upserted by its key (primary keys; offers by
 * `availability_offer_uq`), so a second run leaves the same rows and counts. Simulated
 * offers the current simulation no longer produces are removed, and offers another source
 * has since verified (source ≠ 'simulated') are never overwritten. Platforms keep a stored
 * webhook secret. Content rows are never deleted (users' lists reference them). Each run
 * bumps `catalog_version`, so cached answers refresh.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from '../../src/db/schema.ts';
import { cleanMovies, DATA_SOURCE, personId, type CleaningReport } from './clean-movies.ts';
import { PLATFORMS, REGIONS } from './platforms.ts';
import { DEFAULT_SEED, simulateAvailability } from './simulated-availability.ts';

export interface SeedResult {
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
}

/** Rows per INSERT: content has 20 columns, so 400 rows stay far below Postgres' 65,535 parameters. */
const BATCH = 400;

async function inBatches<T>(rows: readonly T[], fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await fn(rows.slice(i, i + BATCH));
}

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

  const { movies, report } = cleanMovies(loadRawMovies());
  log(describeCleaning(report));
  const people = new Map<string, string>();
  const credits: Array<typeof s.contentCredits.$inferInsert> = [];
  for (const m of movies) {
    if (!m.director) continue;
    const id = personId(m.director);
    people.set(id, m.director);
    credits.push({ contentId: m.id, personId: id, role: 'director', ordinal: 0 });
  }
  const offers = simulateAvailability(movies, opts.seed ?? DEFAULT_SEED, opts.now ?? new Date());
  log(`simulated ${offers.length} offers for ${movies.length} titles in ${REGIONS.length} regions`);
  step('clean and simulate');

  await db.transaction(async (tx) => {
    await tx.insert(s.platforms)
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

    await inBatches(movies, (b) =>
      tx.insert(s.content)
        .values(b.map(({ director: _director, ...row }) => row))
        .onConflictDoUpdate({
          target: s.content.id,
          set: {
            title: excluded('title'), sourceTitle: excluded('source_title'), releaseDate: excluded('release_date'),
            releaseYear: excluded('release_year'), runtimeMinutes: excluded('runtime_minutes'), mpaaRating: excluded('mpaa_rating'),
            genres: excluded('genres'), creativeType: excluded('creative_type'), source: excluded('source'),
            distributor: excluded('distributor'), productionBudget: excluded('production_budget'), usGross: excluded('us_gross'),
            worldwideGross: excluded('worldwide_gross'), imdbRating: excluded('imdb_rating'), imdbVotes: excluded('imdb_votes'),
            rottenTomatoesRating: excluded('rotten_tomatoes_rating'), popularity: excluded('popularity'),
            dataSource: excluded('data_source'), updatedAt: sql`now()`,
          },
        }),
    );

    await inBatches([...people], (b) =>
      tx.insert(s.people)
        .values(b.map(([id, name]) => ({ id, name })))
        .onConflictDoUpdate({ target: s.people.id, set: { name: excluded('name') } }),
    );

    await inBatches(credits, (b) =>
      tx.insert(s.contentCredits)
        .values(b)
        .onConflictDoUpdate({
          target: [s.contentCredits.contentId, s.contentCredits.personId, s.contentCredits.role],
          set: { ordinal: excluded('ordinal') },
        }),
    );
    // A director credit the data no longer gives (a corrected name) goes. NOT IN over a
    // subquery runs as one hashed lookup.
    await tx.execute(sql`
      delete from content_credits c
      where c.role = 'director'
        and c.content_id in (select id from content where data_source = ${DATA_SOURCE})
        and (c.content_id || '|' || c.person_id) not in (
          select jsonb_array_elements_text(${JSON.stringify(credits.map((c) => `${c.contentId}|${c.personId}`))}::jsonb))`);
    step('content, people and credits');

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
    // Simulated offers of these titles that this run did not write (another seed, a platform
    // that left a region, a leaving date that passed) go. now() is the transaction's start,
    // which every row inserted or updated above carries as last_verified_at. Offers from real
    // sources, and the benchmarks' synthetic titles, stay.
    await tx.execute(sql`
      delete from platform_availability a
      where a.source = 'simulated' and a.last_verified_at < now()
        and a.content_id in (select id from content where data_source = ${DATA_SOURCE})`);
    step(`${offers.length} offers`);

    await tx.execute(sql`
      insert into catalog_version (id, version, updated_at) values (1, 1, now())
      on conflict (id) do update set version = catalog_version.version + 1, updated_at = now()`);
  });
  step('commit');
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
    content: Number(c.content),
    people: Number(c.people),
    credits: Number(c.credits),
    platforms: Number(c.platforms),
    offers: Number(c.offers),
    tookMs: Math.round(performance.now() - started),
  };
}
