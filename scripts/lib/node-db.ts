/**
 * Database access for Node-side scripts (migrate, seed, benchmarks): the same Neon driver and
 * Drizzle dialect the Worker uses, over `ws` in Node.
 */
import { Pool, neonConfig } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import { createRequire } from 'node:module';

// The Node build of `ws`, also when loaded by the Workers test plugin's global setup.
const ws = createRequire(import.meta.url)('ws') as typeof import('ws').WebSocket;
import * as schema from '../../src/db/schema.ts';

export interface NodeDb {
  db: NeonDatabase<typeof schema>;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * @param url a postgres:// URL (Neon, PGlite's socket, or any PostgreSQL)
 * @param wsProxy local WebSocket pipe ("127.0.0.1:5488/v1"); omit for Neon
 */
export function connectNodeDb(url: string, wsProxy?: string): NodeDb {
  neonConfig.webSocketConstructor = ws;
  if (wsProxy) {
    neonConfig.wsProxy = wsProxy;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: url, max: 4 });
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
