/**
 * Database access from the Worker. One-shot statements go over Neon's HTTP endpoint (`neon()`):
 * no connection to open, one round trip each. Interactive transactions (`db.transaction`) get a
 * Neon Pool over WebSocket, opened on first use, per request (Workers forbid sharing I/O objects
 * across requests), closed after the response with waitUntil. With DB_HTTP=off (or a local
 * server without the HTTP stand-in) the pool serves everything.
 */
import { Pool, neon, neonConfig } from '@neondatabase/serverless';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import type { Config } from '../env';
import { AppError } from '../lib/errors';
import { countDbRoundTrip, requestTiming } from '../lib/request-timing';
import type * as schema from './schema';

export type Db = NeonDatabase<typeof schema>;

export interface Database {
  db: Db;
  close(): Promise<void>;
}

let proxyConfigured: string | undefined;

/** Points the Neon driver at the local WebSocket pipe (local mode only), once per isolate. */
function configureDriver(wsProxy: string | undefined): void {
  if (!wsProxy || proxyConfigured === wsProxy) return;
  neonConfig.wsProxy = wsProxy;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  proxyConfigured = wsProxy;
}

let httpConfigured = false;

/** Where HTTP statements go (the local stand-in; Neon's own endpoint otherwise), once per isolate. */
function configureHttp(endpoint: string | undefined): void {
  if (httpConfigured) return;
  if (endpoint) neonConfig.fetchEndpoint = endpoint;
  // Each HTTP statement is a round trip to the database: counted like a connection (Server-Timing).
  neonConfig.fetchFunction = (input: RequestInfo | URL, init?: RequestInit) =>
    countDbRoundTrip(requestTiming(), () => fetch(input, init));
  httpConfigured = true;
}

/**
 * `logger` sees every statement drizzle sends and `onConnect` every connection opened (the
 * request's services count them for Server-Timing).
 */
export function openDatabase(
  cfg: Config['database'],
  logger?: Logger,
  onConnect?: () => void,
): Database {
  if (!cfg.url) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      'The database is not configured (DATABASE_URL is unset)',
    );
  }
  if (!cfg.http) return openPool(cfg, cfg.url, logger, onConnect);
  configureHttp(cfg.http.endpoint);
  const url = cfg.url;
  const http = drizzleHttp(neon(url), { logger });
  let pooled: Database | undefined;
  const pool = () => (pooled ??= openPool(cfg, url, logger, onConnect));
  // The repositories see one Db: statements over HTTP, `transaction` on the pool (interactive:
  // later statements depend on earlier ones' answers, which HTTP batches cannot express).
  const db = new Proxy(http, {
    get(target, prop, receiver) {
      if (prop === 'transaction')
        return (...args: Parameters<Db['transaction']>) => pool().db.transaction(...args);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as unknown as Db;
  return { db, close: async () => pooled?.close() };
}

function openPool(
  cfg: Config['database'],
  url: string,
  logger?: Logger,
  onConnect?: () => void,
): Database {
  configureDriver(cfg.wsProxy);
  const pool = new Pool({
    connectionString: url,
    max: cfg.poolMax,
    connectionTimeoutMillis: cfg.connectTimeoutMs,
  });
  // An idle client erroring (server restart) must not become an unhandled rejection.
  pool.on('error', () => {});
  if (onConnect) pool.on('connect', onConnect);
  // No `schema`: nothing uses Drizzle's relational queries, and passing it rebuilds their
  // configuration from every table on each request's drizzle() (about 3% of a search's CPU).
  const db = drizzle(pool, { logger }) as unknown as Db;
  let closed = false;
  return {
    db,
    close: async () => {
      if (closed) return;
      closed = true;
      // Closing ends the request's sockets; a socket the runtime already dropped is no loss.
      await pool.end().catch(() => {});
    },
  };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Postgres SQLSTATE classes that mean "the server is not there for us right now". */
function isUnavailableState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('57P') || code.startsWith('53');
}

function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && i < 4; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && SQLSTATE.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Runs a database call and turns connection failures into a 503 with a clear message.
 * Errors the server raised about the query itself stay as they are (a bug: 500).
 */
export async function dbCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const state = sqlState(err);
    if (state === undefined || isUnavailableState(state)) {
      throw new AppError(
        'DEPENDENCY_UNAVAILABLE',
        'The database is unavailable right now; try again shortly',
        { cause: err },
      );
    }
    throw err;
  }
}
