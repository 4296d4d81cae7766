/**
 * `npm run db:migrate` and `npm run db:seed`. Against DATABASE_URL when set (Neon or any
 * PostgreSQL), else the embedded PGlite in .data/pglite (stop `npm run dev` first: PGlite
 * is single-process).
 */
import { runMigrations } from './lib/migrate.ts';
import { openDatabaseTarget } from './lib/database-target.ts';
import { inProcessLocalEmbedder } from './lib/embedder.ts';
import { indexEmbeddings } from './lib/embeddings.ts';
import { seedCatalog } from './seed/seed.ts';

const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: tsx scripts/db.ts migrate|seed');
  process.exit(2);
}

const target = await openDatabaseTarget();
try {
  const t = performance.now();
  const { vector } = await runMigrations(target);
  console.log(`migrated ${target.label} in ${Math.round(performance.now() - t)} ms${vector ? '' : ' (no pgvector: vector search off)'}`);
  if (command === 'seed') {
    const s = await seedCatalog(target.db, { log: (m) => console.log(m) });
    console.log(`seeded: ${JSON.stringify(s)}`);
    const e = await indexEmbeddings(target.db, await inProcessLocalEmbedder());
    console.log(e.skipped ? `embeddings skipped: ${e.skipped}` : `embedded ${e.indexed} titles`);
  }
} catch (err) {
  console.error(`db ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await target.close();
}
