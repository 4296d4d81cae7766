/** VectorIndex over pgvector in the same Postgres (PGlite locally, Neon in production). */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { dbCall } from '../../db/client';
import type { VectorIndex } from '../../services/ports';
import { textArray } from '../../db/sql-values';


const HNSW_DEFAULT_EF_SEARCH = 40;

const toLiteral = (v: number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;

export function createPgVectorIndex(db: Db): VectorIndex {
  return {
    backend: 'pgvector',
    async status() {
      const r = await dbCall(() =>
        db.execute(sql`select
            exists(select 1 from pg_extension where extname = 'vector') as ext,
            to_regclass('public.content_embeddings') is not null as tbl`),
      );
      const row = r.rows[0] as { ext: boolean; tbl: boolean } | undefined;
      if (!row?.ext || !row.tbl) {
        return {
          status: 'unavailable',
          backend: 'pgvector',
          message: 'pgvector is not installed on this database: search runs without the vector leg',
        };
      }
      const count = await dbCall(() => db.execute(sql`select count(*)::int as n from content_embeddings`));
      return { status: 'ok', backend: 'pgvector', message: `${(count.rows[0] as { n: number }).n} embeddings` };
    },
    async query(vector, topK, filter) {
      const lit = toLiteral(vector);
      const q = sql`
          select e.content_id as id, 1 - (e.embedding <=> ${lit}::vector) as score
            from content_embeddings e join content c on c.id = e.content_id
           where (${filter?.yearMin ?? null}::int is null or c.release_year >= ${filter?.yearMin ?? null})
             and (${filter?.yearMax ?? null}::int is null or c.release_year <= ${filter?.yearMax ?? null})
             and (${textArray(filter?.genres?.length ? filter.genres : null)} is null or c.genres && ${textArray(filter?.genres?.length ? filter.genres : null)})
           order by e.embedding <=> ${lit}::vector
           limit ${topK}`;
      // The HNSW index returns at most hnsw.ef_search rows (40 by default): a larger topK needs a
      // wider search, set for this transaction only.
      const r =
        topK <= HNSW_DEFAULT_EF_SEARCH
          ? await dbCall(() => db.execute(q))
          : await dbCall(() =>
              db.transaction(async (tx) => {
                await tx.execute(sql.raw(`set local hnsw.ef_search = ${Math.min(1000, Math.max(HNSW_DEFAULT_EF_SEARCH, Math.ceil(topK)))}`));
                return tx.execute(q);
              }),
            );
      return (r.rows as { id: string; score: number }[]).map((x) => ({ id: x.id, score: Number(x.score) }));
    },
    async vectorsOf(ids) {
      if (ids.length === 0) return new Map();
      const r = await dbCall(() => db.execute(sql`select content_id as id, embedding::text as v from content_embeddings where content_id = any(${textArray(ids)})`));
      return new Map((r.rows as { id: string; v: string }[]).map((x) => [x.id, JSON.parse(x.v) as number[]]));
    },
    async upsert(items, model) {
      if (items.length === 0) return;
      const values = sql.join(
        items.map((i) => sql`(${i.id}, ${toLiteral(i.vector)}::vector, ${model}, now())`),
        sql`, `,
      );
      await dbCall(() =>
        db.execute(sql`insert into content_embeddings (content_id, embedding, model, updated_at) values ${values}
          on conflict (content_id) do update set embedding = excluded.embedding, model = excluded.model, updated_at = now()`),
      );
    },
  };
}
