/**
 * Embedded Postgres for local runs: PGlite (with pgvector and pg_trgm) served over the
 * Postgres wire protocol by pglite-socket. The Neon driver reaches it through ws-pipe.ts.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { IVFFLAT_PROBES } from '../../src/db/vector-schema.ts';

export interface PgliteServerOptions {
  /** Folder for the data files; omit for an in-memory database (tests). */
  dataDir?: string;
  port?: number;
  host?: string;
  /** Must cover every pooled connection of every client, or connects queue. */
  maxConnections?: number;
}

export interface PgliteServer {
  host: string;
  port: number;
  /** postgres:// URL of the wire-protocol endpoint. */
  url: string;
  db: PGlite;
  close(): Promise<void>;
}

export async function startPgliteServer(opts: PgliteServerOptions = {}): Promise<PgliteServer> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: opts.dataDir,
    extensions: { vector, pg_trgm },
  });
  // PGlite's one session serves every connection, and neither a database-level setting
  // (`alter database … set`) nor a transaction-local one reaches pgvector's IVFFlat scan in it
  // (measured: 1 list probed of 92, the vector leg's known-item MRR on the sample 0.333 → 0.159):
  // set for the session, before pgvector loads, it holds.
  await db.exec(`set ivfflat.probes = ${IVFFLAT_PROBES}`);
  const host = opts.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({
    db,
    host,
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 64,
  });
  await server.start();
  const conn = server.getServerConn(); // "host:port"
  const port = Number(conn.split(':').pop());
  return {
    host,
    port,
    url: `postgresql://postgres:postgres@${host}:${port}/postgres`,
    db,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
