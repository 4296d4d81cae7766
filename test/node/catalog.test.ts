import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteServer, type PgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe, type WsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { MIGRATIONS_FOLDER } from '../../scripts/lib/migrate.ts';
import { connectNodeDb, type NodeDb } from '../../scripts/lib/node-db.ts';
import {
  cleanMovies,
  cleanMpaa,
  contentSlug,
  GENRE_MAP,
  LAST_GENUINE_YEAR,
  naturalTitle,
  personId,
  repairEncoding,
  type CleanMovie,
} from '../../scripts/seed/clean-movies.ts';
import { CURRENCY, PLATFORMS, REGIONS } from '../../scripts/seed/platforms.ts';
import { loadBundledRecords } from '../../scripts/catalog/bundled.ts';
import { loadRawMovies, seedCatalog } from '../../scripts/seed/seed.ts';
import {
  homeService,
  MAX_OFFERS,
  simulateAvailability,
  type SimOffer,
} from '../../scripts/seed/simulated-availability.ts';

const raw = loadRawMovies() as Array<Record<string, unknown>>;
const { movies, report } = cleanMovies(raw);
const byId = new Map(movies.map((m) => [m.id, m]));
const film = (id: string): CleanMovie => {
  const m = byId.get(id);
  if (!m) throw new Error(`no film ${id}`);
  return m;
};
const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;

describe('cleaning the real catalog', () => {
  it('keeps every titled row: 3,201 in, one untitled dropped, no duplicates in the source', () => {
    expect(report).toMatchObject({
      input: 3201,
      output: 3200,
      droppedNoTitle: 1,
      duplicatesDropped: 0,
      idCollisions: 0,
      undatable: 0,
    });
  });

  it('gives pre-1950 films stored with 20xx years their real year, and keeps genuine 2010-2011 ones', () => {
    expect(film('gone-with-the-wind-1939')).toMatchObject({
      title: 'Gone with the Wind',
      releaseYear: 1939,
      releaseDate: '1939-12-15',
    });
    expect(film('the-wizard-of-oz-1939')).toMatchObject({ releaseDate: '1939-08-25' });
    expect(film('the-birth-of-a-nation-1915')).toMatchObject({ releaseDate: '1915-02-08' });
    expect(film('snow-white-and-the-seven-dwarfs-1937').releaseYear).toBe(1937);
    expect(film('wings-1927').releaseYear).toBe(1927);
    // Casablanca is stored as Dec 31 1941 (no century error; kept as the source gives it).
    expect(film('casablanca-1941').releaseDate).toBe('1941-12-31');
    // Scheduled 2011 releases are modern films, not 1911 ones.
    expect(film('the-adventures-of-tintin-secret-of-the-unicorn-2011')).toMatchObject({
      releaseYear: 2011,
      director: 'Steven Spielberg',
    });
    expect(report.yearsFixed).toBe(22);
    expect(Math.max(...movies.map((m) => m.releaseYear ?? 0))).toBe(LAST_GENUINE_YEAR);
    expect(
      movies
        .filter((m) => (m.releaseYear ?? 0) > 2010)
        .map((m) => m.title)
        .sort(),
    ).toEqual(['Restless', 'The Adventures of Tintin: Secret of the Unicorn']);
    for (const m of movies) {
      expect(m.releaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number(m.releaseDate!.slice(0, 4))).toBe(m.releaseYear);
    }
  });

  it('puts trailing articles back in front, only for article words', () => {
    expect(naturalTitle('Charge of the Light Brigade, The')).toBe(
      'The Charge of the Light Brigade',
    );
    expect(naturalTitle('Gift, A')).toBe('A Gift');
    expect(naturalTitle('Officer and a Gentleman, An')).toBe('An Officer and a Gentleman');
    expect(naturalTitle('Hello, Dolly')).toBe('Hello, Dolly');
    const titles = new Set(movies.map((m) => m.title));
    for (const t of [
      'The Charge of the Light Brigade',
      'The Barbarians',
      'The Secret',
      'The Story of Bonnie and Clyde',
      'Das Boot',
      'Les Couloirs du temps: Les visiteurs 2',
    ]) {
      expect(titles).toContain(t);
    }
    for (const t of [
      'Hello, Dolly',
      'I, Robot',
      'Monsters, Inc.',
      'Girl, Interrupted',
      'Tora, Tora, Tora',
    ])
      expect(titles).toContain(t);
    expect(report.titlesReordered).toBe(6);
    expect(film('das-boot-1982').sourceTitle).toBe('Boot, Das');
    expect(movies.some((m) => /, (The|A|An)$/.test(m.title))).toBe(false);
  });

  it('keeps numeric titles as strings', () => {
    expect(report.numericTitles).toBe(9);
    for (const m of movies) {
      expect(typeof m.title).toBe('string');
      expect(typeof m.sourceTitle).toBe('string');
      expect(m.title).toBe(m.title.trim());
    }
    expect(film('1776-1972')).toMatchObject({ title: '1776', sourceTitle: '1776' });
    expect(film('2012-2009').title).toBe('2012');
    expect(film('9-2009').title).toBe('9');
  });

  it('repairs mis-decoded accents and drops a "(year)" the id already carries', () => {
    expect(repairEncoding('LÈon')).toBe('Léon');
    expect(repairEncoding('Per qualche dollaro in pi˘')).toBe('Per qualche dollaro in più');
    expect(repairEncoding('Ri¢hie Ri¢h')).toBe('Ri¢hie Ri¢h');
    expect(report.encodingRepaired).toBe(18);
    const titles = new Set(movies.map((m) => m.title));
    for (const t of [
      'Léon',
      'Déjà Vu',
      'Die Fälscher',
      'La Môme',
      'Alien³',
      'The Naked Gun 2½: The Smell of Fear',
    ])
      expect(titles).toContain(t);
    expect(film('king-kong-1933')).toMatchObject({
      title: 'King Kong',
      sourceTitle: 'King Kong (1933)',
    });
    expect(film('king-kong-2005').title).toBe('King Kong');
    expect(titles).toContain('Fantasia 2000 (IMAX)');
    expect(report.yearSuffixesRemoved).toBe(3);
  });

  it('gives every film a unique, well-formed id', () => {
    expect(new Set(movies.map((m) => m.id)).size).toBe(movies.length);
    for (const m of movies) {
      expect(m.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(m.id.length).toBeLessThanOrEqual(100);
    }
    expect(film('the-godfather-1972').title).toBe('The Godfather');
    expect(byId.has('leon-1994')).toBe(true);
    expect(contentSlug('Amélie & the Ünïcode '.repeat(10), 2001)).toMatch(
      /^amelie-and-the-unicode-.*-2001$/,
    );
    expect(contentSlug('x'.repeat(300), 1999)).toBe(`${'x'.repeat(92)}-1999`); // room left for a "-NN" suffix
  });

  it('drops exact duplicates and numbers colliding slugs deterministically', () => {
    const row = raw.find((r) => r.Title === 'Jaws')!;
    const twin = { ...row, Director: 'Someone Else' };
    const out = cleanMovies([row, { ...row }, twin, twin]);
    expect(out.report.duplicatesDropped).toBe(2);
    expect(out.movies.map((m) => m.id)).toEqual(['jaws-1975', 'jaws-1975-2']);
  });

  it('maps every genre present deliberately', () => {
    const present = new Set(
      raw.map((r) => r['Major Genre']).filter((g): g is string => typeof g === 'string'),
    );
    expect([...present].sort()).toEqual(Object.keys(GENRE_MAP).sort());
    expect(report.unmappedGenres).toEqual([]);
    // Rows stay in source order; only the untitled one is missing.
    const titled = raw.filter((r) => r.Title !== null);
    expect(titled).toHaveLength(movies.length);
    titled.forEach((r, i) => {
      const g = r['Major Genre'];
      expect(movies[i]!.genres).toEqual(typeof g === 'string' ? GENRE_MAP[g] : []);
    });
    expect(movies.filter((m) => m.genres.length > 0)).toHaveLength(
      raw.filter((r) => r.Title !== null && r['Major Genre']).length,
    );
    for (const m of movies) for (const g of m.genres) expect(g).toMatch(/^[a-z ]+$/);
    expect(GENRE_MAP['Romantic Comedy']).toEqual(['romance', 'comedy']);
    expect(GENRE_MAP['Black Comedy']).toEqual(['comedy', 'black comedy']);
    expect(GENRE_MAP['Thriller/Suspense']).toEqual(['thriller']);
  });

  it('normalises MPAA ratings and runtimes', () => {
    expect(new Set(movies.map((m) => m.mpaaRating))).toEqual(
      new Set(['G', 'PG', 'PG-13', 'R', 'NC-17', 'Not Rated', null]),
    );
    expect(film('requiem-for-a-dream-2000').mpaaRating).toBe('Not Rated'); // "Open" in the source
    expect(cleanMpaa('Open')).toBe('Not Rated');
    expect(cleanMpaa('PG-13')).toBe('PG-13');
    for (const m of movies)
      if (m.runtimeMinutes !== null)
        expect(Number.isInteger(m.runtimeMinutes) && m.runtimeMinutes > 0).toBe(true);
  });

  it('derives popularity in 0..1 and director credits', () => {
    for (const m of movies) {
      expect(m.popularity).toBeGreaterThanOrEqual(0);
      expect(m.popularity).toBeLessThanOrEqual(1);
      expect(m.dataSource).toBe('vega-datasets/movies.json');
    }
    expect(film('the-dark-knight-2008').popularity).toBeGreaterThan(
      film('the-godfather-1972').popularity - 0.05,
    );
    expect(film('the-dark-knight-2008').popularity).toBeGreaterThan(0.9);
    expect(film('gone-with-the-wind-1939').director).toBe('George Cukor');
    expect(personId('Francis Ford Coppola')).toBe('p-francis-ford-coppola');
    expect(movies.find((m) => m.director?.includes('King Jeff'))?.director).toBe(
      'Jeff "King Jeff" Hollins',
    );
    expect(report.directorsRepaired).toBe(1);
  });
});

describe('platforms', () => {
  it('are the real services, where they operate, with dev-only webhook secrets', () => {
    const byPlatform = new Map(PLATFORMS.map((p) => [p.id, p]));
    expect([...byPlatform.keys()]).toEqual([
      'netflix',
      'prime-video',
      'disney-plus',
      'hulu',
      'max',
      'apple-tv-plus',
      'peacock',
      'paramount-plus',
      'tubi',
      'pluto-tv',
      'apple-tv-store',
      'google-play',
      'fandango-at-home',
    ]);
    expect(byPlatform.get('hulu')!.regions).toEqual(['US']);
    expect(byPlatform.get('peacock')!.regions).toEqual(['US']);
    expect(byPlatform.get('fandango-at-home')!.regions).toEqual(['US']);
    expect(byPlatform.get('disney-plus')!.regions).not.toContain('IN');
    expect(byPlatform.get('netflix')!.regions).toEqual([...REGIONS]);
    for (const p of PLATFORMS) {
      expect(p.id).toMatch(/^[a-z0-9-]+$/);
      expect(['subscription', 'free', 'store']).toContain(p.kind);
      expect(p.homepage).toMatch(/^https:\/\//);
      expect(p.regions.every((r) => (REGIONS as readonly string[]).includes(r))).toBe(true);
      expect(p.webhookSecret).toBe(`dev-secret-${p.id}`);
      expect(p.ratePerSecond).toBeGreaterThan(0);
      expect(p.burst).toBeGreaterThanOrEqual(p.ratePerSecond);
      expect(p.ratePerHour).toBeLessThanOrEqual(p.ratePerSecond * 3600);
    }
    expect(new Set(PLATFORMS.map((p) => p.ratePerSecond)).size).toBeGreaterThan(4);
  });
});

describe('simulated availability', () => {
  const all = simulateAvailability(movies, 'test-seed', NOW);
  const perCell = new Map<string, SimOffer[]>();
  for (const o of all)
    perCell.set(`${o.contentId}:${o.region}`, [
      ...(perCell.get(`${o.contentId}:${o.region}`) ?? []),
      o,
    ]);

  it('is deterministic from its seed', () => {
    const sample = movies.slice(0, 300);
    const a = simulateAvailability(sample, 's1', NOW);
    expect(simulateAvailability(sample, 's1', new Date(NOW))).toEqual(a);
    expect(simulateAvailability(sample, 's2', NOW)).not.toEqual(a);
    // Only leaving dates depend on the day.
    const strip = (xs: SimOffer[]) => xs.map(({ leavingAt: _l, ...o }) => o);
    expect(strip(simulateAvailability(sample, 's1', new Date(NOW.getTime() + 40 * DAY)))).toEqual(
      strip(a),
    );
  });

  it('puts offers only on services operating in the region, 0-4 per title and region, with valid tiers', () => {
    const platform = new Map(PLATFORMS.map((p) => [p.id, p]));
    // Collected rather than asserted one by one: 57,000 offers.
    const problems: string[] = [];
    const bad = (o: SimOffer, why: string) =>
      problems.push(`${o.contentId} ${o.region} ${o.platformId} ${o.priceTier}: ${why}`);
    for (const o of all) {
      const p = platform.get(o.platformId);
      if (!p) {
        bad(o, 'unknown platform');
        continue;
      }
      if (!p.regions.includes(o.region)) bad(o, 'platform not in region');
      if (o.source !== 'simulated') bad(o, 'source');
      if (!['sd', 'hd', '4k'].includes(o.quality)) bad(o, 'quality');
      if ((byId.get(o.contentId)?.releaseYear ?? 0) >= 2005 && o.quality === 'sd')
        bad(o, 'sd for a recent film');
      if (!o.url.startsWith(`${new URL(p.link.replace('{slug}', 'x')).origin}/`))
        bad(o, 'url not on the service');
      const tiers =
        p.kind === 'subscription'
          ? ['subscription']
          : p.kind === 'free'
            ? ['free', 'ads']
            : ['rent', 'buy'];
      if (!tiers.includes(o.priceTier)) bad(o, 'tier for this kind of service');
      const priced = p.kind === 'store';
      if (
        priced
          ? !(o.amount! > 0) || o.currency !== CURRENCY[o.region]
          : o.amount !== null || o.currency !== null
      )
        bad(o, 'price');
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(Math.max(...[...perCell.values()].map((x) => x.length))).toBeLessThanOrEqual(MAX_OFFERS);
    const keys = all.map((o) => `${o.contentId}:${o.platformId}:${o.region}:${o.priceTier}`);
    expect(new Set(keys).size).toBe(keys.length); // availability_offer_uq
    expect(new Set(all.map((o) => o.priceTier))).toEqual(
      new Set(['free', 'ads', 'subscription', 'rent', 'buy']),
    );
    expect(
      all
        .filter((o) => o.platformId === 'hulu' || o.platformId === 'peacock')
        .every((o) => o.region === 'US'),
    ).toBe(true);
    expect(
      all
        .filter((o) => o.platformId === 'disney-plus')
        .every((o) => homeService(byId.get(o.contentId)!.distributor) === 'disney-plus'),
    ).toBe(true);
  });

  it('is realistic in shape', () => {
    const cells = movies.length * REGIONS.length;
    const empty = cells - perCell.size;
    expect(empty / cells).toBeGreaterThan(0.05);
    expect(empty / cells).toBeLessThan(0.35);
    const emptyIn = (region: string) =>
      movies.filter((m) => !perCell.has(`${m.id}:${region}`)).length;
    expect(emptyIn('IN')).toBeGreaterThan(emptyIn('US'));
    // Popular titles are on more services than obscure ones.
    const sorted = [...movies].sort((a, b) => b.popularity - a.popularity);
    const mean = (xs: CleanMovie[]) =>
      xs.reduce(
        (s, m) => s + REGIONS.reduce((n, r) => n + (perCell.get(`${m.id}:${r}`)?.length ?? 0), 0),
        0,
      ) / xs.length;
    expect(mean(sorted.slice(0, 300))).toBeGreaterThan(mean(sorted.slice(-300)) * 1.3);
    // Free ad-supported offers are mostly for older titles.
    const freeYears = all
      .filter((o) => o.priceTier === 'ads' || o.priceTier === 'free')
      .map((o) => byId.get(o.contentId)!.releaseYear ?? 2000);
    expect(freeYears.filter((y) => y < 2000).length / freeYears.length).toBeGreaterThan(0.6);
    // US store prices within the brief's ranges.
    const us = (tier: string) =>
      new Set(all.filter((x) => x.region === 'US' && x.priceTier === tier).map((o) => o.amount));
    expect(us('rent')).toEqual(new Set([3.99, 4.99, 5.99]));
    for (const a of us('buy')) {
      expect(a).toBeGreaterThanOrEqual(9.99);
      expect(a).toBeLessThanOrEqual(19.99);
    }
    // ~3% of subscription offers are leaving within 30 days.
    const subs = all.filter((o) => o.priceTier === 'subscription');
    const leaving = all.filter((o) => o.leavingAt !== null);
    expect(leaving.every((o) => o.priceTier === 'subscription')).toBe(true);
    expect(leaving.length / subs.length).toBeGreaterThan(0.015);
    expect(leaving.length / subs.length).toBeLessThan(0.05);
    for (const o of leaving) {
      expect(o.leavingAt!.getTime()).toBeGreaterThan(NOW.getTime());
      expect(o.leavingAt!.getTime()).toBeLessThanOrEqual(NOW.getTime() + 30 * DAY);
    }
  });
});

describe('seeding into PGlite through the pipe', () => {
  let pg: PgliteServer;
  let pipe: WsPipe;
  let conn: NodeDb;
  beforeAll(async () => {
    pg = await startPgliteServer({});
    pipe = await startWsPipe();
    conn = connectNodeDb(pg.url, pipe.wsProxy);
    await migrate(conn.db, { migrationsFolder: MIGRATIONS_FOLDER });
  }, 120_000);
  afterAll(async () => {
    await conn?.close();
    await pipe?.close();
    await pg?.close();
  });

  const version = async () =>
    Number(
      (
        (await conn.db.execute(sql`select version from catalog_version where id = 1`)).rows[0] as {
          version: unknown;
        }
      ).version,
    );

  it('loads the bundled catalog through the ingestion pipeline, idempotently', async () => {
    // Every film of 1939 and 1972, Jaws, and every 50th other film: one sample, both runs.
    let i = 0;
    const records = loadBundledRecords().filter(
      (r) =>
        r.releaseYear === 1939 ||
        r.releaseYear === 1972 ||
        r.proposedId === 'jaws-1975' ||
        i++ % 50 === 0,
    );
    const first = await seedCatalog(conn.db, { now: NOW, records });
    const v1 = await version();
    // A real source verified one offer; a stale simulated one lingers from an older simulation.
    await conn.db.execute(sql`update platform_availability set source = 'webhook:netflix', amount = 1.23
                              where id = (select min(id) from platform_availability where platform_id = 'netflix')`);
    await conn.db.execute(sql`insert into platform_availability (content_id, platform_id, region, price_tier, url, source)
                              values ('jaws-1975', 'hulu', 'US', 'free', 'https://www.hulu.com/movie/old', 'simulated')
                              on conflict do nothing`);
    const second = await seedCatalog(conn.db, { now: NOW, records, force: true });

    expect(first.run!.counts).toEqual({
      added: records.length,
      updated: 0,
      unchanged: 0,
      quarantined: 0,
    });
    expect(second.run!.counts).toEqual({
      added: 0,
      updated: 0,
      unchanged: records.length,
      quarantined: 0,
    });
    expect(first).toMatchObject({ content: records.length, platforms: PLATFORMS.length });
    expect(first.people).toBeGreaterThan(records.length);
    expect({ ...second, run: null, tookMs: 0 }).toEqual({ ...first, run: null, tookMs: 0 });
    expect(await version()).toBe(v1 + 1);

    const verified = (
      await conn.db.execute(
        sql`select count(*)::int as n from platform_availability where source = 'webhook:netflix' and amount = 1.23`,
      )
    ).rows[0];
    expect(verified).toEqual({ n: 1 });
    const stale = (
      await conn.db.execute(
        sql`select count(*)::int as n from platform_availability where url = 'https://www.hulu.com/movie/old'`,
      )
    ).rows[0];
    expect(stale).toEqual({ n: 0 });

    // Box-office facts and Wikipedia's text merged into one title, each field credited to its upstream.
    const row = (
      await conn.db.execute(sql`
      select c.title, c.release_date, c.release_year, c.mpaa_rating, c.runtime_minutes, c.data_source,
             c.popularity > 0.5 as popular, c.synopsis like 'Gone with the Wind is a 1939 American%' as described,
             c.poster_url like 'https://%' as poster, c.field_sources->'synopsis'->>'source' as synopsis_from,
             c.field_sources->'runtimeMinutes'->>'source' as runtime_from,
             (select p.name from content_credits cc join people p on p.id = cc.person_id where cc.content_id = c.id and cc.role = 'director') as director,
             (select array_agg(p.name order by cc.ordinal) from content_credits cc join people p on p.id = cc.person_id where cc.content_id = c.id and cc.role = 'actor') as cast
      from content c where c.id = 'gone-with-the-wind-1939'`)
    ).rows;
    expect(row).toEqual([
      {
        title: 'Gone with the Wind',
        release_date: '1939-12-15',
        release_year: 1939,
        mpaa_rating: 'G',
        runtime_minutes: 222,
        data_source: 'bundled',
        popular: true,
        described: true,
        poster: true,
        synopsis_from: 'wikipedia',
        runtime_from: 'vega-datasets',
        director: 'George Cukor',
        cast: expect.arrayContaining(['Clark Gable', 'Vivien Leigh']),
      },
    ]);
    const numeric = (await conn.db.execute(sql`select title from content where id = '1776-1972'`))
      .rows;
    expect(numeric).toEqual([{ title: '1776' }]);
    const platform = (
      await conn.db.execute(
        sql`select regions, webhook_secret, kind from platforms where id = 'hulu'`,
      )
    ).rows;
    expect(platform).toEqual([
      { regions: ['US'], webhook_secret: 'dev-secret-hulu', kind: 'subscription' },
    ]);
  }, 180_000);
});
