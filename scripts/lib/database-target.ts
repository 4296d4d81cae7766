/**
 * Resolves where Node-side scripts talk to: DATABASE_URL when set (Neon or any Postgres),
 * otherwise the embedded PGlite in .data/pglite, started for the duration of the script.
 */
import { fileURLToPath } from 'node:url';
import { startPgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { connectNodeDb, type NodeDb } from './node-db.ts';

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.data/pglite', import.meta.url));

const isLoopback = (url: string) =>
  ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(url).hostname);

export async function openDatabaseTarget(
  env: NodeJS.ProcessEnv = process.env,
): Promise<NodeDb & { label: string }> {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    const pipe = isLoopback(url) && !env.PG_WS_PROXY ? await startWsPipe() : undefined;
    const conn = connectNodeDb(url, env.PG_WS_PROXY || pipe?.wsProxy);
    return {
      ...conn,
      label: `PostgreSQL ${new URL(url).host}`,
      close: async () => {
        await conn.close();
        await pipe?.close();
      },
    };
  }
  const pg = await startPgliteServer({ dataDir: env.PGLITE_DATA_DIR || DEFAULT_DATA_DIR });
  const pipe = await startWsPipe();
  const conn = connectNodeDb(pg.url, pipe.wsProxy);
  return {
    ...conn,
    label: `PGlite (${env.PGLITE_DATA_DIR || DEFAULT_DATA_DIR})`,
    close: async () => {
      await conn.close();
      await pipe.close();
      await pg.close();
    },
  };
}
