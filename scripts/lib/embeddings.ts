/**
 * Computes and stores an embedding, with the configured model, for every title that has none of
 * that model (pgvector store): a first load, or a model switch.
 */
import { sql } from 'drizzle-orm';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import type { Db } from '../../src/db/client.ts';
import { embeddableTitles } from '../../src/db/repositories/ingest.ts';
import { titleEmbeddingText } from '../../src/services/embedding/title-text.ts';
import { IVFFLAT_PROBES } from '../../src/db/vector-schema.ts';
import type { Embedder } from '../../src/services/search/ports.ts';
import type * as schema from '../../src/db/schema.ts';

/** From this many titles to embed, the vector index is built after the load rather than kept during it. */
const BULK_LOAD = 1000;
/** Titles per embedding call, and rows per INSERT (3 parameters each). */
const EMBED_BATCH = 1000;
const INSERT_ROWS = 500;

/**
 * pgvector's binary input (vector_recv): int16 dimensions, int16 unused, float4 big-endian each.
 * Sent as a binary parameter, a vector skips text formatting in Node and float parsing in the
 * server: 36,674 vectors through the dev pipe into PGlite in about a sixth of the time of
 * '[…]' literals (5,000 vectors: 2.7 s against 17.1 s on the loaded 2-core machine).
 */
export function vectorBinary(v: ArrayLike<number>): Buffer {
  const b = Buffer.allocUnsafe(4 + 4 * v.length);
  b.writeInt16BE(v.length, 0);
  b.writeInt16BE(0, 2);
  for (let i = 0; i < v.length; i++) b.writeFloatBE(Number.isFinite(v[i]) ? v[i]! : 0, 4 + 4 * i);
  return b;
}

/** Which approximate index the server gets: see buildVectorIndex. */
export type VectorIndexKind = 'hnsw' | 'ivfflat';

async function isPglite(db: NeonDatabase<typeof schema>): Promise<boolean> {
  const r = await db.execute(sql`select position('PGlite' in version()) > 0 as pglite`);
  return Boolean((r.rows[0] as { pglite: boolean }).pglite);
}

/**
 * Builds the vector index after a bulk load. PostgreSQL and Neon get HNSW (the best recall per
 * query; their builds use several cores). PGlite gets IVFFlat: its single WebAssembly thread
 * builds HNSW over the 36,704 titles in minutes (122 s on a quiet-ish machine, 538 s under
 * load) and every query of the dev stack waits meanwhile, where IVFFlat takes a fraction of
 * that; PGlite's session probes IVFFLAT_PROBES lists (set when it starts: src/db/vector-schema.ts).
 */
export async function buildVectorIndex(
  db: NeonDatabase<typeof schema>,
  rows: number,
): Promise<{ kind: VectorIndexKind; ms: number }> {
  const t = performance.now();
  const kind: VectorIndexKind = (await isPglite(db)) ? 'ivfflat' : 'hnsw';
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
    if (kind === 'hnsw') {
      await tx.execute(sql`drop index if exists content_embeddings_ivfflat`);
      await tx.execute(
        sql`create index if not exists content_embeddings_hnsw on content_embeddings using hnsw (embedding vector_cosine_ops)`,
      );
    } else {
      // About 400 vectors a list; 10 lists probed of 92 for the whole catalog.
      const lists = Math.max(10, Math.min(1000, Math.round(rows / 400)));
      await tx.execute(sql`drop index if exists content_embeddings_hnsw`);
      await tx.execute(
        sql.raw(
          `create index if not exists content_embeddings_ivfflat on content_embeddings using ivfflat (embedding vector_cosine_ops) with (lists = ${lists})`,
        ),
      );
    }
  });
  if (kind === 'ivfflat') {
    // For every later session (PGlite applies it when it starts) and for this one (PGlite's
    // connections share its single session).
    await db.execute(
      sql.raw(
        `do $$ begin execute format('alter database %I set ivfflat.probes = ${IVFFLAT_PROBES}', current_database()); end $$`,
      ),
    );
    await db.execute(sql.raw(`set ivfflat.probes = ${IVFFLAT_PROBES}`));
  }
  await db.execute(sql`analyze content_embeddings`);
  return { kind, ms: performance.now() - t };
}

export async function indexEmbeddings(
  db: NeonDatabase<typeof schema>,
  embedder: Embedder,
  opts: {
    all?: boolean;
    onProgress?: (done: number, total: number) => void;
    /** Every title has its vector (searches scan them exactly until the index is built). */
    onLoaded?: (count: number, ms: number) => void;
    onIndexBuilt?: (ms: number, kind: VectorIndexKind) => void;
  } = {},
): Promise<{ indexed: number; skipped?: string }> {
  const exists = await db.execute(
    sql`select to_regclass('public.content_embeddings') is not null as ok`,
  );
  if (!(exists.rows[0] as { ok: boolean }).ok)
    return { indexed: 0, skipped: 'no pgvector on this server' };
  const d = db as unknown as Db;
  const titles = opts.all
    ? await embeddableTitles(
        d,
        ((await db.execute(sql`select id from content`)).rows as { id: string }[]).map((r) => r.id),
        embedder.model,
      )
    : await embeddableTitles(d, null, embedder.model);
  // A bulk load (a first start, a model switch) drops the vector index and builds it once at the
  // end: inserting into the graph row by row costs more than the whole build (PGlite, 5,000
  // vectors: 539 s with the HNSW index in place, 32 s without + 110 s to build it). Searches
  // meanwhile scan the table exactly.
  const bulk = titles.length >= BULK_LOAD;
  if (bulk) {
    await db.execute(sql`drop index if exists content_embeddings_hnsw`);
    await db.execute(sql`drop index if exists content_embeddings_ivfflat`);
  }
  const t0 = performance.now();
  try {
    for (let i = 0; i < titles.length; i += EMBED_BATCH) {
      const batch = titles.slice(i, i + EMBED_BATCH);
      const texts = batch.map(titleEmbeddingText);
      const vectors = embedder.embedMany
        ? await embedder.embedMany(texts)
        : await Promise.all(texts.map((t) => embedder.embed(t)));
      for (let j = 0; j < batch.length; j += INSERT_ROWS) {
        const rows = batch.slice(j, j + INSERT_ROWS);
        await db.execute(sql`insert into content_embeddings (content_id, embedding, model, updated_at)
          values ${sql.join(
            rows.map(
              (t, k) =>
                sql`(${t.id}, ${vectorBinary(vectors[j + k]!)}::vector, ${embedder.model}, now())`,
            ),
            sql`, `,
          )}
          on conflict (content_id) do update set embedding = excluded.embedding, model = excluded.model, updated_at = now()`);
      }
      opts.onProgress?.(Math.min(titles.length, i + EMBED_BATCH), titles.length);
    }
    if (titles.length) opts.onLoaded?.(titles.length, performance.now() - t0);
    return { indexed: titles.length };
  } finally {
    // Also after a failed load: the titles that have vectors are searched through an index.
    if (bulk) {
      const n = Number(
        (
          (await db.execute(sql`select count(*)::int as n from content_embeddings`)).rows[0] as {
            n: number;
          }
        ).n,
      );
      const built = await buildVectorIndex(db, n);
      opts.onIndexBuilt?.(built.ms, built.kind);
    }
  }
}
