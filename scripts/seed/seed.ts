/**
 * Seeds the real catalog: cleaned films, their directors, the platforms and simulated
 * availability. Idempotent: every row is upserted by its key, so a second run changes nothing
 * but timestamps, and bumps the catalog version so cached answers refresh.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from '../../src/db/schema.ts';
import { cleanMovies, slugify, type RawMovie } from './clean-movies.ts';
import { devWebhookSecret, PLATFORMS } from './platforms.ts';
import { simulateAvailability } from './simulated-availability.ts';

export interface SeedResult {
  content: number;
  people: number;
  credits: number;
  platforms: number;
  offers: number;
  tookMs: number;
}

const BATCH = 500;

async function inBatches<T>(rows: T[], fn: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await fn(rows.slice(i, i + BATCH));
}

export function loadRawMovies(): RawMovie[] {
  // The package's exports map hides data/, so the file is read by path.
  const file = fileURLToPath(new URL('../../node_modules/vega-datasets/data/movies.json', import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as RawMovie[];
}

export async function seedCatalog(
  db: NeonDatabase<typeof schema>,
  opts: { log?: (m: string) => void; seed?: string } = {},
): Promise<SeedResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const { movies, report } = cleanMovies(loadRawMovies());
  log(`cleaned ${report.output} of ${report.input} films: ${report.yearsFixed} years fixed, ${report.titlesReordered} titles re-ordered, ${report.encodingRepaired} encodings repaired`);
  const people = new Map<string, string>();
  for (const m of movies) if (m.director) people.set(`p-${slugify(m.director)}`, m.director);
  const offers = simulateAvailability(movies, opts.seed);
  const s = schema;
  const excluded = (col: string) => sql.raw(`excluded.${col}`);

  await db.transaction(async (tx) => {
    await inBatches(PLATFORMS, (b) =>
      tx.insert(s.platforms).values(
        b.map((p) => ({ id: p.id, name: p.name, kind: p.kind, homepage: p.homepage, regions: p.regions, ratePerSecond: p.ratePerSecond, ratePerHour: p.ratePerHour, burst: p.burst, webhookSecret: devWebhookSecret(p.id) })),
      ).onConflictDoUpdate({
        target: s.platforms.id,
        set: { name: excluded('name'), kind: excluded('kind'), homepage: excluded('homepage'), regions: excluded('regions'), ratePerSecond: excluded('rate_per_second'), ratePerHour: excluded('rate_per_hour'), burst: excluded('burst') },
      }),
    );
    await inBatches(movies, (b) =>
      tx.insert(s.content).values(
        b.map(({ director: _d, ...m }) => m),
      ).onConflictDoUpdate({
        target: s.content.id,
        set: {
          title: excluded('title'), sourceTitle: excluded('source_title'), releaseDate: excluded('release_date'), releaseYear: excluded('release_year'),
          runtimeMinutes: excluded('runtime_minutes'), mpaaRating: excluded('mpaa_rating'), genres: excluded('genres'), creativeType: excluded('creative_type'),
          source: excluded('source'), distributor: excluded('distributor'), productionBudget: excluded('production_budget'), usGross: excluded('us_gross'),
          worldwideGross: excluded('worldwide_gross'), imdbRating: excluded('imdb_rating'), imdbVotes: excluded('imdb_votes'),
          rottenTomatoesRating: excluded('rotten_tomatoes_rating'), popularity: excluded('popularity'), dataSource: excluded('data_source'),
        },
      }),
    );
    await inBatches([...people], (b) =>
      tx.insert(s.people).values(b.map(([id, name]) => ({ id, name }))).onConflictDoUpdate({ target: s.people.id, set: { name: excluded('name') } }),
    );
    const credits = movies.filter((m) => m.director).map((m) => ({ contentId: m.id, personId: `p-${slugify(m.director!)}`, role: 'director', ordinal: 0 }));
    await inBatches(credits, (b) => tx.insert(s.contentCredits).values(b).onConflictDoNothing());
    await inBatches(offers, (b) =>
      tx.insert(s.platformAvailability).values(b).onConflictDoUpdate({
        target: [s.platformAvailability.contentId, s.platformAvailability.platformId, s.platformAvailability.region, s.platformAvailability.priceTier],
        set: { amount: excluded('amount'), currency: excluded('currency'), url: excluded('url'), quality: excluded('quality'), leavingAt: excluded('leaving_at'), source: excluded('source') },
      }),
    );
    await tx.execute(sql`insert into catalog_version (id, version) values (1, 1) on conflict (id) do update set version = catalog_version.version + 1, updated_at = now()`);
  });
  const count = async (table: string) => Number(((await db.execute(sql.raw(`select count(*) as n from ${table}`))).rows[0] as { n: unknown }).n);
  return {
    content: await count('content'),
    people: await count('people'),
    credits: await count('content_credits'),
    platforms: await count('platforms'),
    offers: await count('platform_availability'),
    tookMs: Math.round(performance.now() - started),
  };
}
