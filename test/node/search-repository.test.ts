/**
 * The search repository against PGlite: the title probe's similarity tiers (strongest first,
 * settings that end with their transaction, literals with quotes) and browse pages found
 * through the covering indexes of migration 0008.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeDb } from '../../scripts/lib/node-db.ts';
import { startMigratedPglite, type MigratedPglite } from './migrated-pglite.ts';
import type { Db } from '../../src/db/client.ts';
import { createSearchRepository } from '../../src/db/repositories/search.ts';
import { emptyPlan } from '../../src/services/search/search.ts';

const TITLES = [
  'The Dark Knight',
  'The Dark Knight Rises',
  'Dark City',
  'The Godfather',
  'The Godfather Part II',
  'Alien',
  'Aliens',
  "Ocean's Eleven",
];

describe('search repository', () => {
  let stack: MigratedPglite;
  let conn: NodeDb;
  let repo: ReturnType<typeof createSearchRepository>;

  beforeAll(async () => {
    stack = await startMigratedPglite();
    conn = stack.conn;
    const rows = [
      ...TITLES.map((t, i) => ({
        id: `real-${i}`,
        title: t,
        genres: ['drama'],
        q: 9 - i / 10,
        runtime: 120,
      })),
      // Filler that shares words with the real titles, as a large catalog does.
      ...Array.from({ length: 300 }, (_, i) => ({
        id: `f-${i}`,
        title: i % 2 ? `Dark Waters ${i}` : `Night Train ${i}`,
        genres: i % 10 ? ['comedy'] : ['horror'],
        q: i / 100,
        runtime: 80 + (i % 60),
      })),
    ];
    for (const r of rows) {
      await conn.db.execute(sql`insert into content (id, title, source_title, data_source, genres, runtime_minutes, popularity)
        values (${r.id}, ${r.title}, ${r.title}, 'test', ${sql.param(r.genres)}::text[], ${r.runtime}, ${r.q / 10})`);
    }
    await conn.db.execute(sql`vacuum analyze content`);
    repo = createSearchRepository(conn.db as unknown as Db);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("the keyword leg reads a person's words as the summaries' words: dad → father, kids → children", async () => {
    await conn.db.execute(sql`update content set synopsis = 'A divorced father disguises himself as a housekeeper to see his children.',
      text_doc = to_tsvector('english', 'A divorced father disguises himself as a housekeeper to see his children.') where id = 'f-7'`);
    await conn.db.execute(
      sql`update content set text_doc = to_tsvector('english', 'A dog and a cat.') where id = 'f-9'`,
    );
    const hits = await repo.keywordMatches('dad dresses up as a nanny to see his kids', 10);
    expect(hits[0]?.id).toBe('f-7');
    // dad, nanny, kids (as father, housekeeper, children) and see.
    expect(hits[0]?.hits).toBe(4);
  });

  it('finds a close title at the strong tier, and only matches that close', async () => {
    const m = await repo.titleMatches('the dark night', 20, 0.3);
    expect(m[0]!.title).toBe('The Dark Knight');
    expect(m.every((x) => x.similarity >= 0.6)).toBe(true);
  });

  it('falls back to the weakest tier the caller accepts for a badly typed title', async () => {
    const m = await repo.titleMatches('godfahter', 20, 0.3);
    expect(m[0]!.title).toBe('The Godfather');
    expect(m[0]!.similarity).toBeLessThan(0.6);
    // A caller that can only act on an exact title does not get it.
    expect(await repo.titleMatches('godfahter', 20, 0.8)).toEqual([]);
  });

  it('takes quotes and backslashes as text, and leaves no setting behind on the connection', async () => {
    expect((await repo.titleMatches("ocean's eleven", 5, 0.3))[0]!.title).toBe("Ocean's Eleven");
    expect(await repo.titleMatches("x'); drop table content; --\\", 5, 0.3)).toEqual([]);
    expect(await repo.titleMatches('\0', 5, 0.3)).toEqual([]);
    const threshold = await conn.db.execute(
      sql`select current_setting('pg_trgm.similarity_threshold') as t`,
    );
    expect(Number((threshold.rows[0] as { t: string }).t)).toBeCloseTo(0.3);
    expect(
      Number((await conn.db.execute(sql`select count(*)::int as n from content`)).rows[0]!.n),
    ).toBe(308);
  });

  it('pages a filtered browse in the order of its index, with the total', async () => {
    const plan = { ...emptyPlan('US'), genresAny: ['comedy'], runtimeMax: 100, limit: 25 };
    const { rows, total } = await repo.retrieve(plan);
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.genres.includes('comedy') && r.runtimeMinutes! <= 100)).toBe(true);
    const expected = (
      await conn.db.execute(
        sql`select id from content where 'comedy' = any(genres) and runtime_minutes <= 100 order by quality_score desc nulls last, id desc limit 25`,
      )
    ).rows.map((r) => (r as { id: string }).id);
    expect(rows.map((r) => r.id)).toEqual(expected);
    const n = Number(
      (
        await conn.db.execute(
          sql`select count(*)::int as n from content where 'comedy' = any(genres) and runtime_minutes <= 100`,
        )
      ).rows[0]!.n,
    );
    expect(total).toBe(n);
  });

  it('walks a covering index for a browse page: the facets are tested on index entries', async () => {
    const defs = (
      await conn.db.execute(
        sql`select indexdef from pg_indexes where indexname = 'content_quality_idx'`,
      )
    ).rows as { indexdef: string }[];
    expect(defs[0]!.indexdef).toMatch(
      /INCLUDE \(release_year, runtime_minutes, imdb_rating, mpaa_rating, genres, creative_type, source\)/,
    );
    const plan = await conn.db.execute(
      sql.raw(`explain select c.id from content c where c.genres && '{comedy}'::text[] and c.runtime_minutes <= 100
      order by c.quality_score desc nulls last, c.id desc nulls last limit 25`),
    );
    expect(plan.rows.map((r) => Object.values(r)[0]).join('\n')).toMatch(
      /Index Only Scan using content_quality_idx/,
    );
  });

  describe('availability intents and people', () => {
    beforeAll(async () => {
      await conn.db.execute(sql`insert into platforms (id, name, kind, homepage, regions) values
        ('netflix', 'Netflix', 'subscription', 'https://netflix.com', '{US}'), ('hulu', 'Hulu', 'subscription', 'https://hulu.com', '{US}')
        on conflict (id) do nothing`);
      const offer = (id: string, platform: string, leaving: string | null) =>
        conn.db.execute(sql`insert into platform_availability (content_id, platform_id, region, price_tier, url, source, leaving_at)
          values (${id}, ${platform}, 'US', 'subscription', ${`https://x/${id}`}, 'test', ${leaving === null ? null : sql.raw(leaving)})`);
      // real-1 leaves Netflix in 3 days, real-2 Hulu in 10, real-3 Netflix in 60 (not soon), real-4 left yesterday.
      await offer('real-1', 'netflix', "now() + interval '3 days'");
      await offer('real-2', 'hulu', "now() + interval '10 days'");
      await offer('real-3', 'netflix', "now() + interval '60 days'");
      await offer('real-4', 'netflix', "now() - interval '1 day'");
      // Added to Hulu: real-5 two days ago, real-6 forty days ago, real-7 added then removed (no offer).
      await offer('real-5', 'hulu', null);
      await offer('real-6', 'hulu', null);
      const added = (id: string, ago: string) =>
        conn.db.execute(sql`insert into availability_changes (content_id, platform_id, region, kind, price_tier, detected_at)
          values (${id}, 'hulu', 'US', 'added', 'subscription', now() - ${sql.raw(`interval '${ago}'`)})`);
      await added('real-5', '2 days');
      await added('real-6', '40 days');
      await added('real-7', '1 day');
      await added('real-2', '5 days');
    });

    it('"leaving soon": titles with an offer leaving within the window, soonest first, on the asked platform', async () => {
      const soon = await repo.retrieve({
        ...emptyPlan('US'),
        leavingWithinDays: 14,
        order: 'leaving_soon',
      });
      expect(soon.rows.map((r) => r.id)).toEqual(['real-1', 'real-2']);
      const netflix = await repo.retrieve({
        ...emptyPlan('US'),
        leavingWithinDays: 14,
        platforms: ['netflix'],
        order: 'leaving_soon',
      });
      expect(netflix.rows.map((r) => r.id)).toEqual(['real-1']);
      const month = await repo.retrieve({
        ...emptyPlan('US'),
        leavingWithinDays: 90,
        order: 'leaving_soon',
      });
      expect(month.rows.map((r) => r.id)).toEqual(['real-1', 'real-2', 'real-3']);
    });

    it('"new on hulu": titles added within the window and still offered, newest first', async () => {
      const added = await repo.retrieve({
        ...emptyPlan('US'),
        addedWithinDays: 30,
        platforms: ['hulu'],
        order: 'recently_added',
      });
      expect(added.rows.map((r) => r.id)).toEqual(['real-5', 'real-2']);
      expect(
        (
          await repo.retrieve({
            ...emptyPlan('US'),
            addedWithinDays: 30,
            platforms: ['netflix'],
            order: 'recently_added',
          })
        ).rows,
      ).toEqual([]);
    });

    it('"nothing from the 80s": those years are excluded, titles without a year kept', async () => {
      await conn.db.execute(sql`update content set release_year = 1984 where id = 'real-0'`);
      await conn.db.execute(sql`update content set release_year = 1995 where id = 'real-1'`);
      const ids = (
        await repo.retrieve({
          ...emptyPlan('US'),
          ids: ['real-0', 'real-1', 'real-2'],
          yearsNone: { min: 1980, max: 1989 },
          limit: 10,
        })
      ).rows.map((r) => r.id);
      expect(ids.sort()).toEqual(['real-1', 'real-2']);
    });

    it('the gazetteer names directors and actors with more than one credit, with their counts', async () => {
      await conn.db.execute(
        sql`insert into people (id, name) values ('p-hanks', 'Tom Hanks'), ('p-once', 'Only Once'), ('p-dir', 'Ridley Scott')`,
      );
      await conn.db.execute(sql`insert into content_credits (content_id, person_id, role) values
        ('real-0', 'p-hanks', 'actor'), ('real-1', 'p-hanks', 'actor'), ('real-2', 'p-once', 'actor'), ('real-5', 'p-dir', 'director')`);
      const gaz = await repo.gazetteer();
      expect(gaz.people).toEqual(
        expect.arrayContaining([
          { name: 'Tom Hanks', credits: 2 },
          { name: 'Ridley Scott', credits: 1 },
        ]),
      );
      expect(gaz.people.map((p) => p.name)).not.toContain('Only Once');
    });
  });
});
