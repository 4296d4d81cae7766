/** Computes and stores an embedding for every title that lacks one (pgvector store). */
import { sql } from 'drizzle-orm';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import { createPgVectorIndex } from '../../src/adapters/pgvector/index.ts';
import { EMBEDDING_DIMENSIONS } from '../../src/db/vector-schema.ts';
import { embedContent, LOCAL_EMBEDDING_MODEL } from '../../src/services/embedding/local-embedder.ts';
import type * as schema from '../../src/db/schema.ts';

export async function indexEmbeddings(db: NeonDatabase<typeof schema>, opts: { all?: boolean } = {}): Promise<{ indexed: number; skipped?: string }> {
  const exists = await db.execute(sql`select to_regclass('public.content_embeddings') is not null as ok`);
  if (!(exists.rows[0] as { ok: boolean }).ok) return { indexed: 0, skipped: 'no pgvector on this server' };
  const rows = (
    await db.execute(sql`
      select c.id, c.title, c.genres, c.creative_type, c.source, c.release_year, c.mpaa_rating,
             (select p.name from content_credits cc join people p on p.id = cc.person_id
               where cc.content_id = c.id and cc.role = 'director' limit 1) as director
        from content c
       where ${opts.all ?? false} or not exists (select 1 from content_embeddings e where e.content_id = c.id and e.model = ${LOCAL_EMBEDDING_MODEL})`)
  ).rows as Record<string, unknown>[];
  const index = createPgVectorIndex(db as never);
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500).map((r) => ({
      id: String(r.id),
      vector: embedContent(
        {
          title: String(r.title),
          genres: (r.genres as string[]) ?? [],
          creativeType: (r.creative_type as string | null) ?? null,
          source: (r.source as string | null) ?? null,
          director: (r.director as string | null) ?? null,
          releaseYear: r.release_year === null ? null : Number(r.release_year),
          mpaaRating: (r.mpaa_rating as string | null) ?? null,
        },
        EMBEDDING_DIMENSIONS,
      ),
      metadata: { year: r.release_year === null ? null : Number(r.release_year), genres: (r.genres as string[]) ?? [] },
    }));
    await index.upsert(batch, LOCAL_EMBEDDING_MODEL);
  }
  return { indexed: rows.length };
}
