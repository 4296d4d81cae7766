/** Computes and stores an embedding for every title that lacks one (pgvector store). */
import { sql } from 'drizzle-orm';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import type { Db } from '../../src/db/client.ts';
import { embeddableTitles } from '../../src/db/repositories/ingest.ts';
import { EMBEDDING_DIMENSIONS } from '../../src/db/vector-schema.ts';
import { embedTitles } from '../../src/services/catalog/embed-titles.ts';
import { LOCAL_EMBEDDING_MODEL } from '../../src/services/embedding/local-embedder.ts';
import type * as schema from '../../src/db/schema.ts';

export async function indexEmbeddings(db: NeonDatabase<typeof schema>, opts: { all?: boolean } = {}): Promise<{ indexed: number; skipped?: string }> {
  const exists = await db.execute(sql`select to_regclass('public.content_embeddings') is not null as ok`);
  if (!(exists.rows[0] as { ok: boolean }).ok) return { indexed: 0, skipped: 'no pgvector on this server' };
  const d = db as unknown as Db;
  const titles = opts.all
    ? await embeddableTitles(d, ((await db.execute(sql`select id from content`)).rows as { id: string }[]).map((r) => r.id), LOCAL_EMBEDDING_MODEL)
    : await embeddableTitles(d, null, LOCAL_EMBEDDING_MODEL);
  const indexed = await embedTitles({ titles, vector: createPgVectorIndex(d), dimensions: EMBEDDING_DIMENSIONS });
  return { indexed };
}
