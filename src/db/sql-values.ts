/** Small value helpers shared by the repositories and the pgvector adapter. */
import { sql, type SQL } from 'drizzle-orm';

/** Drizzle expands a bare JS array into a value list; a text[] must travel as one parameter. */
export const textArray = (xs: string[] | null) => sql`${sql.param(xs)}::text[]`;

/**
 * A vector as pgvector's text literal. pgvector keeps float4: nine significant digits of each
 * component's float4 value name exactly the float4 the full double would round to, in about
 * half the characters (a 512-dimension query vector was 24 KB of SQL for each statement).
 */
export const vectorLiteral = (v: number[]): string =>
  `[${v.map((x) => (Number.isFinite(x) ? Math.fround(x).toPrecision(9) : '0')).join(',')}]`;

/** Which titles a nearest-neighbour search may return (see nearestNeighboursSql). */
export interface NeighbourFilter {
  model?: string;
  yearMin?: number;
  yearMax?: number;
  genres?: string[];
}

const intOrNull = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? null : Math.trunc(v);

/**
 * The `k` stored vectors nearest to `vector` by cosine distance, as rows `(id, score)` with
 * score = 1 − distance, values inlined as literals (usable in the simple protocol and as a CTE).
 * The distance is computed once per row and ordered by its alias, which pgvector's index scans
 * serve; `content` is joined only when a year or genre filter needs it (joined, the planner
 * hashes every vector against every title: 43 ms against 22 on PGlite's 4,876-title sample).
 */
export function nearestNeighboursSql(
  vector: number[],
  k: number,
  filter: NeighbourFilter = {},
): string {
  const yearMin = intOrNull(filter.yearMin);
  const yearMax = intOrNull(filter.yearMax);
  const onTitles = [
    yearMin === null ? null : `c.release_year >= ${yearMin}`,
    yearMax === null ? null : `c.release_year <= ${yearMax}`,
    filter.genres?.length
      ? `c.genres && array[${filter.genres.map(quoteLiteral).join(',')}]::text[]`
      : null,
  ].filter((x): x is string => x !== null);
  const where = [
    filter.model ? `e.model = ${quoteLiteral(filter.model)}` : null,
    ...onTitles,
  ].filter((x): x is string => x !== null);
  return `select id, 1 - d as score from (
      select e.content_id as id, e.embedding <=> ${quoteLiteral(vectorLiteral(vector))}::vector as d
        from content_embeddings e${onTitles.length ? ' join content c on c.id = e.content_id' : ''}
       ${where.length ? `where ${where.join(' and ')}` : ''}
       order by d limit ${Math.max(1, Math.trunc(k))}) nn`;
}

/** A nullable numeric column (Postgres numerics and bigints arrive as strings). */
export const num = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

/**
 * A string as a SQL literal, for the few statements sent in the simple protocol (several
 * statements in one round trip take no bind parameters). The same rules as node-postgres'
 * escapeLiteral: quotes doubled; with a backslash, backslashes doubled and an E'' literal.
 */
export function quoteLiteral(s: string): string {
  if (s.includes('\0')) throw new TypeError('a SQL literal cannot hold a NUL character');
  const quoted = `'${s.replace(/'/g, "''")}'`;
  return s.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/**
 * Runs one SELECT with planner or extension settings that hold for it alone:
 * `begin; set local …; select; commit` as one simple-protocol message (one round trip; the
 * settings end with the transaction, so a pooled connection never keeps them). The SELECT must
 * carry its values as literals (see quoteLiteral): the simple protocol takes no parameters.
 */
/** What selectWithSettings needs of a Db: statements, and over Neon's HTTP endpoint, batches. */
export interface SettingsExecutor {
  execute(raw: SQL): PromiseLike<unknown>;
  batch?: (queries: never) => Promise<unknown[]>;
}

export async function selectWithSettings(
  db: SettingsExecutor,
  settings: Record<string, string | number>,
  select: string,
): Promise<Record<string, unknown>[]> {
  for (const k of Object.keys(settings))
    if (!/^[a-z_][a-z0-9_.]*$/.test(k)) throw new TypeError(`not a setting name: ${k}`);
  if (typeof db.batch === 'function') {
    // Neon's HTTP endpoint takes one statement per query: the settings (transaction-local) and
    // the SELECT go as one transaction batch, still one round trip.
    const statements = [
      ...Object.entries(settings).map(([k, v]) =>
        db.execute(sql`select set_config(${k}, ${String(v)}, true)`),
      ),
      db.execute(sql.raw(select)),
    ];
    const results = await db.batch(statements as never);
    return (
      (results[results.length - 1] as { rows?: Record<string, unknown>[] } | undefined)?.rows ?? []
    );
  }
  const sets = Object.entries(settings).map(
    ([k, v]) => `set local ${k} = ${typeof v === 'number' ? String(v) : quoteLiteral(v)}`,
  );
  const res = await db.execute(sql.raw(`begin; ${sets.join('; ')}; ${select}; commit`));
  // One result per statement: the rows are the SELECT's, after `begin` and the settings.
  const results = Array.isArray(res)
    ? (res as { rows: Record<string, unknown>[] }[])
    : [res as { rows: Record<string, unknown>[] }];
  return results[1 + sets.length]?.rows ?? [];
}
