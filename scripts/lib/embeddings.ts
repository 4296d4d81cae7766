/**
 * Computes and stores an embedding, with the configured model, for every title that has none of
 * that model (pgvector store): a first load, or a model switch.
 */
import { sql } from 'drizzle-orm';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import type { Db } from '../../src/db/client.ts';
import { embeddableTitles } from '../../src/db/repositories/ingest.ts';
import { embedTitles } from '../../src/services/catalog/embed-titles.ts';
import type { Embedder } from '../../src/services/search/ports.ts';
import type * as schema from '../../src/db/schema.ts';

/** From this many titles to embed, the HNSW index is built after the load rather than kept during it. */
const BULK_LOAD = 1000;

export async function indexEmbeddings(
  db: NeonDatabase<typeof schema>,
  embedder: Embedder,
  opts: {
    all?: boolean;
    onProgress?: (done: number, total: number) => void;
    onIndexBuilt?: (ms: number) => void;
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
  // A bulk load (a first start, a model switch) drops the HNSW index and builds it once at the
  // end: inserting into the graph row by row costs more than the whole build (PGlite, 5,000
  // vectors: 539 s with the index in place, 32 s without + 110 s to build it). Searches meanwhile
  // scan the table exactly.
  const bulk = titles.length >= BULK_LOAD;
  if (bulk) await db.execute(sql`drop index if exists content_embeddings_hnsw`);
  try {
    const indexed = await embedTitles({
      titles,
      vector: createPgVectorIndex(d),
      embedder,
      onProgress: opts.onProgress,
    });
    return { indexed };
  } finally {
    if (bulk) {
      const t = performance.now();
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
        await tx.execute(
          sql`create index if not exists content_embeddings_hnsw on content_embeddings using hnsw (embedding vector_cosine_ops)`,
        );
      });
      opts.onIndexBuilt?.(performance.now() - t);
    }
  }
}
