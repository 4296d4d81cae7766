import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteServer, type PgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe, type WsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { runMigrations } from '../../scripts/lib/migrate.ts';
import { connectNodeDb, type NodeDb } from '../../scripts/lib/node-db.ts';
import { cleanMovies, naturalTitle, repairEncoding } from '../../scripts/seed/clean-movies.ts';
import { PLATFORMS, REGIONS } from '../../scripts/seed/platforms.ts';
import { loadRawMovies, seedCatalog } from '../../scripts/seed/seed.ts';
import { simulateAvailability } from '../../scripts/seed/simulated-availability.ts';

const { movies, report } = cleanMovies(loadRawMovies());

describe('cleaning the real catalog', () => {
  it('gives pre-1950 films stored with 20xx years their real year', () => {
    expect(movies.find((m) => m.title === 'Gone with the Wind')).toMatchObject({ releaseYear: 1939, releaseDate: '1939-12-15' });
    expect(movies.every((m) => m.releaseYear === null || m.releaseYear <= 2010)).toBe(true);
    expect(report.yearsFixed).toBeGreaterThan(20);
  });

  it('puts trailing articles back in front and repairs mis-decoded accents', () => {
    expect(naturalTitle('Charge of the Light Brigade, The')).toBe('The Charge of the Light Brigade');
    expect(movies.some((m) => m.title === 'The Charge of the Light Brigade')).toBe(true);
    expect(repairEncoding('LÈon')).toBe('Léon');
    expect(repairEncoding('Per qualche dollaro in pi˘')).toBe('Per qualche dollaro in più');
    expect(repairEncoding('Ri¢hie Ri¢h')).toBe('Ri¢hie Ri¢h');
  });

  it('keeps numeric titles as strings', () => {
    const m = movies.find((x) => x.sourceTitle === '1776');
    expect(m?.title).toBe('1776');
    expect(report.numericTitles).toBeGreaterThan(5);
  });

  it('gives every film a unique, well-formed id and maps every genre', () => {
    const ids = new Set(movies.map((m) => m.id));
    expect(ids.size).toBe(movies.length);
    for (const m of movies) expect(m.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    const raw = loadRawMovies();
    const withGenre = raw.filter((r) => r['Major Genre'] && r.Title !== null).length;
    expect(movies.filter((m) => m.genres.length > 0).length).toBe(withGenre);
  });
});

describe('simulated availability', () => {
  const sample = movies.slice(0, 300);
  it('is deterministic from its seed', () => {
    expect(simulateAvailability(sample, 's1')).toEqual(simulateAvailability(sample, 's1'));
    expect(simulateAvailability(sample, 's1')).not.toEqual(simulateAvailability(sample, 's2'));
  });

  it('is realistic in shape: 0-4 offers per title and region, only on services that operate there', () => {
    const offers = simulateAvailability(sample);
    const per = new Map<string, number>();
    for (const o of offers) {
      const p = PLATFORMS.find((x) => x.id === o.platformId)!;
      expect(p.regions).toContain(o.region);
      expect(['free', 'ads', 'subscription', 'rent', 'buy']).toContain(o.priceTier);
      if (o.priceTier === 'rent' || o.priceTier === 'buy') expect(o.amount).toBeGreaterThan(0);
      per.set(`${o.contentId}:${o.region}`, (per.get(`${o.contentId}:${o.region}`) ?? 0) + 1);
    }
    expect(Math.max(...per.values())).toBeLessThanOrEqual(4);
    expect(per.size).toBeLessThan(sample.length * REGIONS.length); // some titles are nowhere in a region
    expect(new Set(offers.map((o) => o.priceTier)).size).toBe(5);
  });
});

describe('seeding', () => {
  let pg: PgliteServer;
  let pipe: WsPipe;
  let conn: NodeDb;
  beforeAll(async () => {
    pg = await startPgliteServer({});
    pipe = await startWsPipe();
    conn = connectNodeDb(pg.url, pipe.wsProxy);
    await runMigrations(conn);
  }, 120_000);
  afterAll(async () => {
    await conn?.close();
    await pipe?.close();
    await pg?.close();
  });

  it('is idempotent', async () => {
    const first = await seedCatalog(conn.db);
    const second = await seedCatalog(conn.db);
    expect(first.content).toBe(movies.length);
    expect({ ...second, tookMs: 0 }).toEqual({ ...first, tookMs: 0 });
    const row = (await conn.db.execute(sql`select title, release_year from content where id = 'gone-with-the-wind-1939'`)).rows[0];
    expect(row).toEqual({ title: 'Gone with the Wind', release_year: 1939 });
    const offers = (await conn.db.execute(sql`select count(*)::int as n from platform_availability where source <> 'simulated'`)).rows[0] as { n: number };
    expect(offers.n).toBe(0);
  }, 120_000);
});
