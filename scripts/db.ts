/**
 * `npm run db:migrate` and `npm run db:seed`. Against DATABASE_URL when set (Neon or any
 * PostgreSQL), else the embedded PGlite in .data/pglite (stop `npm run dev` first: PGlite
 * is single-process).
 */
import { existsSync, readFileSync } from 'node:fs';
import { runMigrations } from './lib/migrate.ts';
import { backfillPii } from './lib/pii-backfill.ts';
import { openDatabaseTarget } from './lib/database-target.ts';
import { indexEmbeddings } from './lib/embeddings.ts';
import { seedCatalog } from './seed/seed.ts';

const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed' && command !== 'reencrypt') {
  console.error('usage: tsx scripts/db.ts migrate|seed|reencrypt');
  process.exit(2);
}

const target = await openDatabaseTarget();
try {
  const t = performance.now();
  const { vector } = await runMigrations(target);
  console.log(`migrated ${target.label} in ${Math.round(performance.now() - t)} ms${vector ? '' : ' (no pgvector: vector search off)'}`);
  if (command === 'seed') {
    // --resync: a full sync of the bundled catalog even when a load completed (it reports what changed).
    const s = await seedCatalog(target.db, { log: (m) => console.log(m), force: process.argv.includes('--resync') });
    console.log(`seeded: ${JSON.stringify(s)}`);
    const e = await indexEmbeddings(target.db);
    console.log(e.skipped ? `embeddings skipped: ${e.skipped}` : `embedded ${e.indexed} titles`);
  }
  // Personal data written before encryption (or under an older key) is (re-)encrypted with
  // PII_KEYS from the environment, else the development keys of .local-keys.json.
  const piiKeys = process.env.PII_KEYS || (existsSync('.local-keys.json') ? (JSON.parse(readFileSync('.local-keys.json', 'utf8')) as { PII_KEYS?: string }).PII_KEYS : undefined);
  if (piiKeys) {
    const t2 = performance.now();
    const p = await backfillPii(target, piiKeys);
    console.log(`encrypted personal data in ${Math.round(performance.now() - t2)} ms: ${p.users} users, ${p.searches} searches, ${p.platforms} webhook secrets`);
  } else if (command === 'reencrypt') {
    throw new Error('PII_KEYS is unset and there is no .local-keys.json');
  } else {
    console.log('PII_KEYS unset: personal data left as it is (run npm run db:reencrypt with PII_KEYS)');
  }
} catch (err) {
  console.error(`db ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await target.close();
}
