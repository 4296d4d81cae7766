/** Small value helpers shared by the repositories and the pgvector adapter. */
import { sql } from 'drizzle-orm';

/** Drizzle expands a bare JS array into a value list; a text[] must travel as one parameter. */
export const textArray = (xs: string[] | null) => sql`${sql.param(xs)}::text[]`;

/** A nullable numeric column (Postgres numerics and bigints arrive as strings). */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

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
