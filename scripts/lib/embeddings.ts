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

export async function indexEmbeddings(
  db: NeonDatabase<typeof schema>,
  embedder: Embedder,
  opts: { all?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ indexed: number; skipped?: string }> {
  const exists = await db.execute(sql`select to_regclass('public.content_embeddings') is not null as ok`);
  if (!(exists.rows[0] as { ok: boolean }).ok) return { indexed: 0, skipped: 'no pgvector on this server' };
  const d = db as unknown as Db;
  const titles = opts.all
    ? await embeddableTitles(d, ((await db.execute(sql`select id from content`)).rows as { id: string }[]).map((r) => r.id), embedder.model)
    : await embeddableTitles(d, null, embedder.model);
  const indexed = await embedTitles({ titles, vector: createPgVectorIndex(d), embedder, onProgress: opts.onProgress });
  return { indexed };
}
