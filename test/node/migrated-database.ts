/**
 * A migrated database for Node-side tests on either stack: in-memory PGlite, or, when
 * TEST_DATABASE_URL names a real PostgreSQL (CI's second run), a database of the test's own on
 * that server (the Worker tests reset TEST_DATABASE_URL's database while these run).
 */
import { startWsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { runMigrations } from '../../scripts/lib/migrate.ts';
import { connectNodeDb } from '../../scripts/lib/node-db.ts';
import { startMigratedPglite, type MigratedPglite } from './migrated-pglite.ts';

export async function startMigratedDatabase(
  name: string,
): Promise<MigratedPglite & { describe: string }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { ...(await startMigratedPglite()), describe: 'PGlite' };
  const pipe = await startWsPipe();
  const admin = connectNodeDb(url, pipe.wsProxy);
  const db = `${new URL(url).pathname.slice(1) || 'test'}_${name}`.replace(/[^a-z0-9_]/g, '_');
  await admin.pool.query(`drop database if exists ${db} with (force)`);
  await admin.pool.query(`create database ${db}`);
  await admin.close();
  const own = new URL(url);
  own.pathname = `/${db}`;
  const conn = connectNodeDb(own.toString(), pipe.wsProxy);
  const { vector } = await runMigrations(conn);
  return {
    conn,
    url: own.toString(),
    vector,
    describe: `PostgreSQL (${db})`,
    async close() {
      await conn.close();
      await pipe.close();
    },
  };
}
