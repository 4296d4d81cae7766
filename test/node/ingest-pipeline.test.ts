/**
 * The catalog ingestion pipeline against a real database (PGlite, or PostgreSQL when
 * TEST_DATABASE_URL is set): a malformed record is quarantined and the rest of its page lands,
 * an interrupted sync resumes without duplicates or loss, a second sync changes nothing, and a
 * second source's record merges into the title it describes by field precedence.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createIngestRepository } from '../../src/db/repositories/ingest.ts';
import type { CatalogRecordInput, ContentSourceName, Upstream } from '../../src/schemas/catalog.ts';
import {
  ingestPage,
  startSync,
  syncInline,
  type IngestDeps,
} from '../../src/services/catalog/ingest/run.ts';
import type { ContentSource, IngestPageMessage } from '../../src/services/catalog/ports.ts';
import { startMigratedDatabase } from './migrated-database.ts';

type Db2 = Awaited<ReturnType<typeof startMigratedDatabase>>;

/** A source over an array, paged by offset; `failAt` makes that page's fetch throw once. */
function arraySource(
  name: ContentSourceName,
  upstream: Upstream,
  records: unknown[],
  opts: { failAt?: number } = {},
): ContentSource & { records: unknown[] } {
  let failAt = opts.failAt;
  return {
    name,
    upstream,
    records,
    async page({ cursor, limit }) {
      const offset = cursor ? Number(cursor) : 0;
      if (failAt !== undefined && offset === failAt) {
        failAt = undefined;
        throw new Error('feed unreachable');
      }
      const next = offset + limit;
      return {
        records: this.records.slice(offset, next),
        nextCursor: next < this.records.length ? String(next) : null,
        total: this.records.length,
      };
    },
  };
}

const film = (i: number, extra: Partial<CatalogRecordInput> = {}): CatalogRecordInput => ({
  sourceKey: `wiki:Film_${i}`,
  title: `Film Number ${i}`,
  releaseYear: 1950 + (i % 70),
  synopsis: `Film ${i} is a film about the number ${i}.`,
  cast: [`Actor ${i}`, `Actor ${i + 1}`],
  genres: ['drama'],
  themes: ['noir'],
  externalIds: { wikipedia: `Film_${i}` },
  modifiedAt: '2026-11-01T00:00:00Z',
  ...extra,
});

describe('catalog ingestion pipeline', () => {
  let d: Db2;
  let deps: Omit<IngestDeps, 'send'>;
  const count = async (q: string) =>
    Number(((await d.conn.db.execute(sql.raw(q))).rows[0] as { n: unknown }).n);

  beforeAll(async () => {
    d = await startMigratedDatabase('ingest');
    deps = {
      repo: createIngestRepository(d.conn.db as unknown as Db),
      sources: {},
      pageSize: 25,
      now: () => new Date('2026-11-29T00:00:00Z'),
    };
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  it('quarantines malformed records with their reason and lands the rest of the page', async () => {
    const records: unknown[] = Array.from({ length: 60 }, (_, i) => film(i));
    records.splice(10, 0, { sourceKey: 'wiki:No_Title', releaseYear: 1999 }); // no title
    records.splice(20, 0, { ...film(900), releaseYear: 3012 }); // impossible year
    records.splice(30, 0, 'not a record');
    records.splice(40, 0, { ...film(901), synopsis: 'bad\u0000byte' });
    deps.sources = { bundled: arraySource('bundled', 'wikipedia', records) };
    const run = await syncInline(deps, { source: 'bundled', mode: 'full', trigger: 'test' });
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'completed' });
    expect(run.counts).toEqual({ added: 60, updated: 0, unchanged: 0, quarantined: 4 });
    expect(run.quarantineByReason).toEqual({
      'missing title': 1,
      'invalid releaseYear': 1,
      'not an object': 1,
      'invalid synopsis': 1,
    });
    expect(await count(`select count(*) as n from content`)).toBe(60);
    expect(await count(`select count(*) as n from ingest_quarantine`)).toBe(4);
    const row = (
      await d.conn.db.execute(sql`select synopsis, themes, field_sources->'synopsis'->>'source' as src,
        (select count(*) from content_credits where content_id = c.id and role = 'actor') as actors,
        text_doc @@ plainto_tsquery('english', 'number 7') as found from content c where id = 'film-number-7-1957'`)
    ).rows[0] as Record<string, unknown>;
    expect(row).toMatchObject({
      synopsis: 'Film 7 is a film about the number 7.',
      themes: ['noir'],
      src: 'wikipedia',
      found: true,
    });
    expect(Number(row.actors)).toBe(2);
  });

  it('a second full sync adds nothing and updates nothing', async () => {
    const run = await syncInline(deps, { source: 'bundled', mode: 'full', trigger: 'test' });
    expect(run.counts).toMatchObject({ added: 0, updated: 0, unchanged: 60 });
    expect(await count(`select count(*) as n from content`)).toBe(60);
  });

  it('an interrupted sync resumes from its last applied page, without duplicates or loss', async () => {
    const records = Array.from({ length: 100 }, (_, i) => film(1000 + i));
    const source = arraySource('bundled', 'wikipedia', records, { failAt: 50 });
    const sent: IngestPageMessage[] = [];
    const live: IngestDeps = {
      ...deps,
      sources: { bundled: source },
      send: async (m) => void sent.push(m),
    };
    const { runId } = await startSync(live, { source: 'bundled', mode: 'full', trigger: 'test' });
    await ingestPage(live, sent.shift()!);
    await ingestPage(live, sent.shift()!);
    const third = sent.shift()!;
    await expect(ingestPage(live, third)).rejects.toThrow('feed unreachable');
    // The same page delivered again after one that was applied (a redelivery) is a no-op.
    const again = await ingestPage(live, { kind: 'catalog-page', runId, seq: 1, cursor: '25' });
    expect(again.skipped).toBe('page already applied');
    // The process dies here; a later resume goes on from page 2.
    const run = await syncInline(
      { ...deps, sources: { bundled: source } },
      { source: 'bundled', mode: 'full', trigger: 'test' },
    );
    expect(run.id).toBe(runId);
    expect(run.status).toBe('completed');
    expect(
      run.counts,
      JSON.stringify(run) +
        JSON.stringify(
          (await d.conn.db.execute(sql`select * from ingest_batches where run_id = ${runId}`)).rows,
        ),
    ).toMatchObject({ added: 100, updated: 0 });
    expect(run.batchesDone).toBe(4);
    expect(await count(`select count(*) as n from content where id like 'film-number-1%'`)).toBe(
      100 + 11,
    );
    expect(
      await count(
        `select count(*) as n from (select content_id from content_external_ids group by content_id, source having count(*) > 1) x`,
      ),
    ).toBe(0);
  });

  it('merges another source into the title it describes, by field precedence', async () => {
    const tmdb = arraySource('tmdb', 'tmdb', [
      {
        sourceKey: '4242',
        title: 'Film Number 7',
        releaseYear: 1958, // a year off: a premiere and a release
        synopsis: 'TMDB overview that must not replace the Wikipedia lead.',
        runtimeMinutes: 101,
        cast: ['Actor 7', 'Actor 8', 'New Supporting Actor'],
        poster: { url: 'https://image.tmdb.org/t/p/w342/x.jpg', width: 342, height: 513 },
        externalIds: { tmdb: 4242 },
      },
    ]);
    deps.sources = { ...deps.sources, tmdb };
    const run = await syncInline(deps, { source: 'tmdb', mode: 'full', trigger: 'test' });
    expect(run.counts).toMatchObject({ added: 0, updated: 1 });
    const row = (
      await d.conn.db.execute(
        sql`select synopsis, runtime_minutes, poster_url, field_sources from content where id = 'film-number-7-1957'`,
      )
    ).rows[0] as Record<string, unknown>;
    expect(row.synopsis).toBe('Film 7 is a film about the number 7.');
    expect(row.runtime_minutes).toBe(101);
    expect(row.poster_url).toBe('https://image.tmdb.org/t/p/w342/x.jpg');
    expect((row.field_sources as Record<string, { source: string }>).cast!.source).toBe('tmdb');
    expect(
      await count(
        `select count(*) as n from content_external_ids where source = 'tmdb' and external_id = '4242' and content_id = 'film-number-7-1957'`,
      ),
    ).toBe(1);
    expect(
      await count(
        `select count(*) as n from content_credits where content_id = 'film-number-7-1957' and role = 'actor'`,
      ),
    ).toBe(3);
  });
});
