import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { fileURLToPath } from 'node:url';
import type { NodeDb } from './node-db.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Applies drizzle/ migrations; reports whether pgvector's table exists afterwards. */
export async function runMigrations(conn: NodeDb): Promise<{ vector: boolean }> {
  await migrate(conn.db, { migrationsFolder: MIGRATIONS_FOLDER });
  const r = await conn.db.execute(
    sql`select to_regclass('public.content_embeddings') is not null as ok`,
  );
  return { vector: Boolean((r.rows[0] as { ok: boolean }).ok) };
}
