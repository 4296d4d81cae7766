/** Migrates, then seeds the real catalog when the database has no titles yet. */
import { sql } from 'drizzle-orm';
import { seedCatalog } from '../seed/seed.ts';
import { indexEmbeddings } from './embeddings.ts';
import { runMigrations } from './migrate.ts';
import { connectNodeDb } from './node-db.ts';

export async function prepareDatabase(vars: Record<string, string>, log: (m: string) => void = () => {}): Promise<void> {
  const conn = connectNodeDb(vars.DATABASE_URL!, vars.PG_WS_PROXY);
  try {
    const t = performance.now();
    const { vector } = await runMigrations(conn);
    log(`migrated in ${Math.round(performance.now() - t)} ms${vector ? '' : ' (no pgvector on this server: vector search off)'}`);
    const r = await conn.db.execute(sql`select count(*)::int as n from content`);
    if ((r.rows[0] as { n: number }).n === 0) {
      log('empty database: seeding the real catalog…');
      const s = await seedCatalog(conn.db, { log });
      log(`seeded ${s.content} titles, ${s.offers} offers in ${s.tookMs} ms`);
    }
    if (vector) {
      const t2 = performance.now();
      const e = await indexEmbeddings(conn.db);
      if (e.indexed > 0) log(`embedded ${e.indexed} titles (local embedder) in ${Math.round(performance.now() - t2)} ms`);
    }
  } finally {
    await conn.close();
  }
}
