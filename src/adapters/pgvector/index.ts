/** VectorIndex over pgvector in the same Postgres (PGlite locally, Neon in production). */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { dbCall } from '../../db/client';
import type { VectorIndex } from '../../services/ports';
import {
  nearestNeighboursSql,
  quoteLiteral,
  selectWithSettings,
  textArray,
  vectorLiteral,
} from '../../db/sql-values';
import { EMBEDDING_DIMENSIONS } from '../../db/vector-schema';

const HNSW_DEFAULT_EF_SEARCH = 40;

type Row = Record<string, unknown>;

/**
 * The HNSW index returns at most hnsw.ef_search rows (40 by default): a larger topK needs a
 * wider search, set for one transaction only. The transaction travels as one simple-protocol
 * message (begin; set local; select; commit): one round trip instead of four, and no pinned
 * connection. Such a message takes no bind parameters, so `select` must hold literals only.
 */
async function withEfSearch(db: Db, topK: number, select: string): Promise<Row[]> {
  const ef = Math.min(1000, Math.max(HNSW_DEFAULT_EF_SEARCH, Math.ceil(topK)));
  return dbCall(() => selectWithSettings(db, { 'hnsw.ef_search': ef }, select));
}

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
      // What a first start is still doing: titles without a vector, or no approximate index yet
      // (searches then scan the vectors exactly).
      const count = await dbCall(() =>
        db.execute(sql`select (select count(*) from content_embeddings)::int as n,
            (select count(*) from content)::int as titles,
            (select string_agg(am.amname, ',') from pg_index i join pg_class x on x.oid = i.indexrelid
               join pg_am am on am.oid = x.relam
              where i.indrelid = 'public.content_embeddings'::regclass and am.amname in ('hnsw', 'ivfflat')) as ann`),
      );
      const c = count.rows[0] as { n: number; titles: number; ann: string | null };
      const loading = Number(c.n) < Number(c.titles) ? ` of ${c.titles} titles (loading)` : '';
      return {
        status: 'ok',
        backend: 'pgvector',
        message: `${c.n} embeddings${loading}; ${c.ann ? `${c.ann} index` : 'exact scan (no index yet)'}`,
      };
    },
    async query(vector, topK, filter) {
      const select = nearestNeighboursSql(vector, topK, filter);
      const rows =
        topK <= HNSW_DEFAULT_EF_SEARCH
          ? ((await dbCall(() => db.execute(sql.raw(select)))).rows as Row[])
          : await withEfSearch(db, topK, select);
      return rows.map((x) => ({ id: String(x.id), score: Number(x.score) }));
    },
    async queryNear(seeds, topK) {
      const usable = seeds.filter((s) => Number.isFinite(s.weight) && s.weight > 0);
      if (!usable.length) return [];
      // The taste is summed in SQL: the seeds' vectors never travel. Cosine distance ignores
      // length, so the sum needs no normalising.
      const values = usable.map((s) => `(${quoteLiteral(s.id)}, ${s.weight}::real)`).join(', ');
      const taste = `(select sum(x.embedding * array_fill(s.w, array[${EMBEDDING_DIMENSIONS}])::vector)
                        from content_embeddings x join (values ${values}) s(id, w) on s.id = x.content_id)`;
      const select = `with taste as (select ${taste} as v)
          select e.content_id as id, 1 - (e.embedding <=> (select v from taste)) as score
            from content_embeddings e
           where (select v from taste) is not null
           order by e.embedding <=> (select v from taste)
           limit ${Math.max(1, Math.trunc(topK))}`;
      const rows =
        topK <= HNSW_DEFAULT_EF_SEARCH
          ? ((await dbCall(() => db.execute(sql.raw(select)))).rows as Row[])
          : await withEfSearch(db, topK, select);
      return rows.map((x) => ({ id: String(x.id), score: Number(x.score) }));
    },
    async vectorsOf(ids) {
      if (ids.length === 0) return new Map();
      const r = await dbCall(() =>
        db.execute(
          sql`select content_id as id, embedding::text as v from content_embeddings where content_id = any(${textArray(ids)})`,
        ),
      );
      return new Map(
        (r.rows as { id: string; v: string }[]).map((x) => [x.id, JSON.parse(x.v) as number[]]),
      );
    },
    async upsert(items, model) {
      if (items.length === 0) return;
      const values = sql.join(
        items.map((i) => sql`(${i.id}, ${vectorLiteral(i.vector)}::vector, ${model}, now())`),
        sql`, `,
      );
      await dbCall(() =>
        db.execute(sql`insert into content_embeddings (content_id, embedding, model, updated_at) values ${values}
          on conflict (content_id) do update set embedding = excluded.embedding, model = excluded.model, updated_at = now()`),
      );
    },
  };
}
