/**
 * people.credit_count (migration 0010's triggers) follows content_credits through ingestion:
 * a first load, a re-credit that replaces a title's cast, an insert that conflicts, and a
 * title's deletion (credits cascade). PGlite, or PostgreSQL when TEST_DATABASE_URL is set.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createIngestRepository } from '../../src/db/repositories/ingest.ts';
import type { CatalogRecordInput, ContentSourceName, Upstream } from '../../src/schemas/catalog.ts';
import { syncInline, type IngestDeps } from '../../src/services/catalog/ingest/run.ts';
import type { ContentSource } from '../../src/services/catalog/ports.ts';
import { startMigratedDatabase } from './migrated-database.ts';

const source = (
  name: ContentSourceName,
  upstream: Upstream,
  records: CatalogRecordInput[],
): ContentSource => ({
  name,
  upstream,
  async page() {
    return { records, nextCursor: null, total: records.length };
  },
});

const film = (i: number, cast: string[], directors: string[] = []): CatalogRecordInput => ({
  sourceKey: `wiki:Count_${i}`,
  title: `Counted Film ${i}`,
  releaseYear: 1990 + i,
  cast,
  directors,
  externalIds: { wikipedia: `Count_${i}` },
  modifiedAt: '2026-11-01T00:00:00Z',
});

describe('people.credit_count', () => {
  let d: Awaited<ReturnType<typeof startMigratedDatabase>>;
  let deps: Omit<IngestDeps, 'send'>;
  /** Stored counts that differ from counting the credits (none, when the triggers keep up). */
  const drift = async () =>
    (
      await d.conn.db.execute(sql`select id, credit_count, (select count(*)::int from content_credits cc where cc.person_id = p.id) as actual
      from people p where credit_count <> (select count(*) from content_credits cc where cc.person_id = p.id)`)
    ).rows;
  const countOf = async (id: string) =>
    Number(
      (
        (await d.conn.db.execute(sql`select credit_count from people where id = ${id}`))
          .rows[0] as { credit_count: number }
      ).credit_count,
    );

  beforeAll(async () => {
    d = await startMigratedDatabase('credit_count');
    deps = {
      repo: createIngestRepository(d.conn.db as unknown as Db),
      sources: {},
      pageSize: 2,
      now: () => new Date('2026-11-29T00:00:00Z'),
    };
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  it('counts credits as a load writes them, across pages', async () => {
    deps.sources = {
      bundled: source('bundled', 'wikipedia', [
        film(1, ['Ann Actor', 'Bob Actor'], ['Dee Director']),
        film(2, ['Ann Actor', 'Cy Actor']),
        film(3, ['Ann Actor', 'Dee Director'], ['Dee Director']),
      ]),
    };
    const run = await syncInline(deps, { source: 'bundled', mode: 'full', trigger: 'test' });
    expect(run.counts.added).toBe(3);
    expect(await drift()).toEqual([]);
    expect(await countOf('p-ann-actor')).toBe(3);
    expect(await countOf('p-dee-director')).toBe(3); // directed two, acted in one
  });

  it('follows a re-credit that replaces a cast, and ignores inserts that conflict', async () => {
    deps.sources.tmdb = source('tmdb', 'tmdb', [
      { ...film(2, ['Cy Actor', 'Eve Actor']), sourceKey: '77', externalIds: { tmdb: 77 } },
    ]);
    const run = await syncInline(deps, { source: 'tmdb', mode: 'full', trigger: 'test' });
    expect(run.counts.updated).toBe(1);
    expect(await countOf('p-ann-actor')).toBe(2);
    expect(await countOf('p-eve-actor')).toBe(1);
    await d.conn.db.execute(sql`insert into content_credits (content_id, person_id, role, ordinal)
      values ('counted-film-1-1991', 'p-ann-actor', 'actor', 0) on conflict do nothing`);
    expect(await countOf('p-ann-actor')).toBe(2);
    expect(await drift()).toEqual([]);
  });

  it('drops the credits of a deleted title (cascade)', async () => {
    await d.conn.db.execute(sql`delete from content where id = 'counted-film-3-1993'`);
    expect(await countOf('p-dee-director')).toBe(1);
    expect(await countOf('p-ann-actor')).toBe(1);
    expect(await drift()).toEqual([]);
  });
});
