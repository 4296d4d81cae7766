/** Small value helpers shared by the repositories and the pgvector adapter. */
import { sql } from 'drizzle-orm';

/** Drizzle expands a bare JS array into a value list; a text[] must travel as one parameter. */
export const textArray = (xs: string[] | null) => sql`${sql.param(xs)}::text[]`;

/** A nullable numeric column (Postgres numerics and bigints arrive as strings). */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
