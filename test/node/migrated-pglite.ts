/** An in-memory PGlite, migrated, reached through the WebSocket pipe as the Worker reaches it. */
import { startPgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { runMigrations } from '../../scripts/lib/migrate.ts';
import { connectNodeDb, type NodeDb } from '../../scripts/lib/node-db.ts';

export interface MigratedPglite {
  conn: NodeDb;
  /** Its postgres:// URL, for a script run against it as a child process. */
  url: string;
  /** Whether pgvector's table was created. */
  vector: boolean;
  close(): Promise<void>;
}

export async function startMigratedPglite(): Promise<MigratedPglite> {
  const pg = await startPgliteServer({});
  const pipe = await startWsPipe();
  const conn = connectNodeDb(pg.url, pipe.wsProxy);
  const { vector } = await runMigrations(conn);
  return {
    conn,
    url: pg.url,
    vector,
    async close() {
      await conn.close();
      await pipe.close();
      await pg.close();
    },
  };
}
