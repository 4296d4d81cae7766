/**
 * The first load of the vector store (scripts/lib/embeddings.ts) against PGlite: vectors travel
 * as binary parameters and arrive exactly (float32), the load reports itself before the index is
 * built, PGlite gets an IVFFlat index with the probes set, and search finds a title by its own
 * vector through that index. A second run has nothing to do.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexEmbeddings, vectorBinary } from '../../scripts/lib/embeddings.ts';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import type { Db } from '../../src/db/client.ts';
import { EMBEDDING_DIMENSIONS } from '../../src/db/vector-schema.ts';
import type { Embedder } from '../../src/services/search/ports.ts';
import { startMigratedPglite, type MigratedPglite } from './migrated-pglite.ts';

const N = 1200; // above the bulk threshold (1,000): the index is dropped and built after the load
const vectorOfText = (text: string) => {
  const i = Number(/\d+/.exec(text)?.[0] ?? 0);
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  v[i % EMBEDDING_DIMENSIONS] = 1;
  v[(i * 7 + 3) % EMBEDDING_DIMENSIONS] = 0.1 + (i % 13) / 10;
  v[511] = -1 / (1 + i); // not representable exactly in a short decimal
  return v;
};
const embedder: Embedder = {
  model: 'test-bulk',
  dimensions: EMBEDDING_DIMENSIONS,
  embed: async (t) => vectorOfText(t),
  embedMany: async (ts) => ts.map(vectorOfText),
};

describe('bulk vector load', () => {
  let stack: MigratedPglite;
  const events: string[] = [];

  beforeAll(async () => {
    stack = await startMigratedPglite();
    expect(stack.vector).toBe(true);
    await stack.conn.db.execute(sql`insert into content (id, title, source_title, data_source, popularity)
      select 't-' || i, 'Title ' || i, 'Title ' || i, 'test', i from generate_series(0, ${N - 1}) i`);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('encodes pgvector binary input: dimensions, a zero, then big-endian float4', () => {
    const b = vectorBinary([1, -0.5, Number.NaN]);
    expect(b.length).toBe(4 + 12);
    expect(b.readInt16BE(0)).toBe(3);
    expect(b.readInt16BE(2)).toBe(0);
    expect([b.readFloatBE(4), b.readFloatBE(8), b.readFloatBE(12)]).toEqual([1, -0.5, 0]);
  });

  it('loads every title, then builds an IVFFlat index on PGlite, and finds titles through it', async () => {
    const r = await indexEmbeddings(stack.conn.db, embedder, {
      onLoaded: (n) => events.push(`loaded ${n}`),
      onIndexBuilt: (_ms, kind) => events.push(`index ${kind}`),
    });
    expect(r.indexed).toBe(N);
    expect(events).toEqual([`loaded ${N}`, 'index ivfflat']);

    const idx = await stack.conn.db.execute(
      sql`select indexname from pg_indexes where tablename = 'content_embeddings' and indexname like 'content_embeddings_%' order by 1`,
    );
    expect((idx.rows as { indexname: string }[]).map((x) => x.indexname)).toContain(
      'content_embeddings_ivfflat',
    );
    expect((idx.rows as { indexname: string }[]).map((x) => x.indexname)).not.toContain(
      'content_embeddings_hnsw',
    );
    const probes = await stack.conn.db.execute(sql`select current_setting('ivfflat.probes') as p`);
    expect((probes.rows[0] as { p: string }).p).toBe('10');

    // Exactly the float32 values sent (read back as text, the shortest float4 spelling).
    const index = createPgVectorIndex(stack.conn.db as unknown as Db);
    const stored = (await index.vectorsOf(['t-42'])).get('t-42')!;
    expect(stored.map((x) => Math.fround(x))).toEqual(
      vectorOfText('Title 42').map((x) => Math.fround(x)),
    );

    // A title's own vector finds it first.
    const hits = await index.query(vectorOfText('Title 42'), 10, { model: 'test-bulk' });
    expect(hits[0]?.id).toBe('t-42');
    expect(hits[0]?.score).toBeCloseTo(1, 5);
  }, 120_000);

  it('has nothing to do the second time', async () => {
    const r = await indexEmbeddings(stack.conn.db, embedder);
    expect(r.indexed).toBe(0);
  }, 60_000);
});
