/**
 * The pgvector adapter against PGlite: the one-round-trip transaction that widens the HNSW
 * search, the taste sum done in SQL, vectors kept in their rows (not TOAST) and the
 * nearest-neighbour statement an index can serve, and literals that carry quotes and
 * backslashes safely.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeDb } from '../../scripts/lib/node-db.ts';
import { startMigratedPglite, type MigratedPglite } from './migrated-pglite.ts';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import { nearestNeighboursSql, quoteLiteral } from '../../src/db/sql-values.ts';
import { EMBEDDING_DIMENSIONS } from '../../src/db/vector-schema.ts';
import type { Db } from '../../src/db/client.ts';

const N = 120;
/** Title i points mostly along axis i % 8, a little along axis 8 + (i % 5). */
const vectorOf = (i: number) => {
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  v[i % 8] = 1;
  v[8 + (i % 5)] = 0.3 + i / 1000;
  return v;
};
const idOf = (i: number) => (i === 7 ? `o'brien\\'s-${i}` : `t-${i}`);

describe('pgvector adapter', () => {
  let stack: MigratedPglite;
  let conn: NodeDb;
  let index: ReturnType<typeof createPgVectorIndex>;

  beforeAll(async () => {
    stack = await startMigratedPglite();
    conn = stack.conn;
    expect(stack.vector).toBe(true);
    for (let i = 0; i < N; i++) {
      await conn.db.execute(sql`insert into content (id, title, source_title, data_source, genres, release_year)
        values (${idOf(i)}, ${`Title ${i}`}, ${`Title ${i}`}, 'test', ${sql.param(i % 2 ? ["it's drama"] : ['comedy'])}::text[], ${1950 + i})`);
    }
    index = createPgVectorIndex(conn.db as unknown as Db);
    await index.upsert(
      Array.from({ length: N }, (_, i) => ({
        id: idOf(i),
        vector: vectorOf(i),
        metadata: { year: 1950 + i, genres: [] },
      })),
      'test',
    );
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('returns more than hnsw.ef_search (40) neighbours when asked, in one round trip', async () => {
    const matches = await index.query(vectorOf(3), 100);
    expect(matches.length).toBe(100);
    expect(matches[0]!.score).toBeGreaterThan(matches[99]!.score);
    // The axis-3 titles come first.
    expect(matches.slice(0, 10).every((m) => Number(m.id.split('-').pop()) % 8 === 3)).toBe(true);
  });

  it('pushes year and genre filters down, with quotes in a genre taken as text', async () => {
    const matches = await index.query(vectorOf(3), 60, { yearMin: 2000, genres: ["it's drama"] });
    expect(matches.length).toBeGreaterThan(0);
    for (const m of matches) {
      const i = Number(m.id.split('-').pop());
      expect(i % 2).toBe(1);
      expect(1950 + i).toBeGreaterThanOrEqual(2000);
    }
  });

  it('finds the nearest titles to a weighted sum of seeds, seeds with quotes and backslashes included', async () => {
    const near = await index.queryNear(
      [
        { id: idOf(7), weight: 1 },
        { id: 't-15', weight: 0.5 },
      ],
      50,
    );
    expect(near.length).toBe(50);
    // Both seeds point along axis 7: they and their axis-mates lead.
    expect(near.slice(0, 8).every((m) => Number(m.id.split('-').pop()) % 8 === 7)).toBe(true);
    expect(near.map((m) => m.id)).toContain(idOf(7));
  });

  /** Bytes of content_embeddings' TOAST table. */
  const toastBytes = async () =>
    Number(
      (
        (
          await conn.db.execute(
            sql`select pg_relation_size(reltoastrelid)::int as n from pg_class where oid = 'content_embeddings'::regclass`,
          )
        ).rows[0] as { n: number }
      ).n,
    );

  it('keeps every vector in its row: nothing in TOAST, and migration 0016 moves existing ones back', async () => {
    // 512 dimensions are 2,056 bytes, over the 2 KB TOAST threshold: PLAIN storage keeps them inline.
    const storage = await conn.db.execute(
      sql`select attstorage from pg_attribute where attrelid = 'content_embeddings'::regclass and attname = 'embedding'`,
    );
    expect((storage.rows[0] as { attstorage: string }).attstorage).toBe('p');
    expect(await toastBytes()).toBe(0);
    // Written out of line (what the type's default storage does to real, incompressible vectors;
    // these test vectors are mostly zeros, which it would compress instead)…
    await conn.db.execute(sql`alter table content_embeddings
      alter column embedding type vector(${sql.raw(String(EMBEDDING_DIMENSIONS))}) using embedding::real[]::vector(${sql.raw(String(EMBEDDING_DIMENSIONS))}),
      alter column embedding set storage external`);
    expect(await toastBytes()).toBeGreaterThan(0);
    // …and the migration rewrites them into their rows.
    await conn.db.execute(
      sql.raw(
        readFileSync(new URL('../../drizzle/0016_embeddings_inline.sql', import.meta.url), 'utf8'),
      ),
    );
    expect(await toastBytes()).toBe(0);
    expect((await index.query(vectorOf(3), 5))[0]!.id).toBe('t-3');
  });

  it('computes each distance once, joins the titles only for a filter, and lets the index serve it', async () => {
    const plain = nearestNeighboursSql(vectorOf(3), 10, { model: 'test' });
    expect(plain.match(/<=>/g)).toHaveLength(1);
    expect(plain).not.toMatch(/join content/);
    expect(nearestNeighboursSql(vectorOf(3), 10, { yearMin: 2000 })).toMatch(/join content c/);
    // With sequential scans priced out (a bigger table), the distance's alias is what the vector
    // index orders by.
    const plan = await conn.db.execute(
      sql.raw(
        `begin; set local enable_seqscan = off; explain ${nearestNeighboursSql(vectorOf(3), 10)}; commit`,
      ),
    );
    const results = (Array.isArray(plan) ? plan : [plan]) as { rows?: Record<string, unknown>[] }[];
    const lines = results.flatMap((r) => r.rows ?? []).map((r) => String(Object.values(r)[0]));
    expect(lines.join('\n')).toMatch(/Index Scan using content_embeddings_(hnsw|ivfflat)/);
  });

  it('answers nothing when no seed has a vector, and ignores seeds without weight', async () => {
    expect(await index.queryNear([{ id: 'no-such-title', weight: 1 }], 10)).toEqual([]);
    expect(await index.queryNear([{ id: 't-1', weight: 0 }], 10)).toEqual([]);
  });
});

describe('quoteLiteral', () => {
  it('doubles quotes, and escapes backslashes in an E literal', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral('a\\b')).toBe(" E'a\\\\b'");
    expect(() => quoteLiteral('a\0b')).toThrow();
  });
});
