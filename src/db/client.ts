/**
 * Database access from the Worker. One-shot statements go over Neon's HTTP endpoint (`neon()`):
 * no connection to open, one round trip each. Interactive transactions (`db.transaction`) get a
 * Neon Pool over WebSocket, opened on first use, per request (Workers forbid sharing I/O objects
 * across requests), closed after the response with waitUntil. With DB_HTTP=off (or a local
 * server without the HTTP stand-in) the pool serves everything. With a `HYPERDRIVE` binding,
 * node-postgres over TCP to Hyperdrive serves everything instead (see openHyperdrive).
 */
import { Pool, neon, neonConfig } from '@neondatabase/serverless';
import type { SQLWrapper } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import { drizzle as drizzleHttp } from 'drizzle-orm/neon-http';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { type ClientConfig, Pool as PgPool, type PoolClient, type QueryResult } from 'pg';
import * as pgCloudflare from 'pg-cloudflare';
import type { Config } from '../env';
import { AppError } from '../lib/errors';
import { countDbRoundTrip, requestTiming, type RequestTiming } from '../lib/request-timing';
import { inlineParams } from './inline-params';
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
  timing?: RequestTiming,
): Database {
  if (cfg.hyperdrive)
    return openHyperdrive(cfg, cfg.hyperdrive.connectionString, logger, onConnect, timing);
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
  return closingOnce(drizzle(pool, { logger }) as unknown as Db, pool);
}

/** The request's database, closed once: closing ends its sockets (one the runtime already dropped is no loss). */
function closingOnce(db: Db, pool: { end(): Promise<unknown> }): Database {
  let closed = false;
  return {
    db,
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end().catch(() => {});
    },
  };
}

/**
 * Through Hyperdrive (the `HYPERDRIVE` binding): node-postgres over TCP (`cloudflare:sockets`)
 * to Hyperdrive in the Worker's own location, which sends each statement over a warm pooled
 * connection to the database. A pool per request, as above (its connections are cheap: they end
 * at Hyperdrive, not at the database), so statements sent at once go at once, on a connection
 * each. Every statement and transaction goes this way; `batch` (what Neon's HTTP endpoint gives:
 * several statements, one transaction, one round trip) is the statements inlined into one simple
 * Query (inline-params.ts). Server-Timing: `dbconn` counts connections opened, `dbrt` each
 * query in turn (one client message answered by one ReadyForQuery: a round trip to the
 * database's region when deployed).
 */
function openHyperdrive(
  cfg: Config['database'],
  connectionString: string,
  logger?: Logger,
  onConnect?: () => void,
  timing?: RequestTiming,
): Database {
  const pool = new PgPool({
    connectionString,
    max: cfg.poolMax,
    connectionTimeoutMillis: cfg.connectTimeoutMs,
    // The socket over `cloudflare:sockets`, named here: node-postgres would otherwise require()
    // it itself, which the Workers test runner resolves to the package's empty Node stand-in.
    // node-postgres calls this with the connection's settings, TLS among them (as its own does).
    stream: ((c?: { ssl?: unknown }) =>
      new CloudflareSocket(Boolean(c?.ssl))) as ClientConfig['stream'],
  });
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    onConnect?.();
    if (timing) countQueries(client, timing);
  });
  const db = drizzlePg(pool, { logger }) as unknown as Db;
  const batch = async (queries: readonly SQLWrapper[]) => {
    const dialect = (
      db as unknown as { dialect: { sqlToQuery(q: unknown): { sql: string; params: unknown[] } } }
    ).dialect;
    const texts = queries.map((q) => {
      const { sql, params } = dialect.sqlToQuery(q.getSQL());
      return inlineParams(sql, params);
    });
    // Several statements in one simple Query run as one implicit transaction (all or nothing,
    // and a transaction-local setting holds to its end); no explicit BEGIN, so a failure cannot
    // leave the pooled connection inside an aborted transaction.
    const res = (await pool.query(texts.join(';\n'))) as unknown as QueryResult | QueryResult[];
    return Array.isArray(res) ? res : [res];
  };
  Object.assign(db, { batch });
  return closingOnce(db, pool);
}

/**
 * Counts each query a pooled client sends as one round trip in turn. A pooled client runs one
 * request's query at a time, so a query is sent when it is called.
 */
function countQueries(client: PoolClient, timing: RequestTiming): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    const last = args[args.length - 1];
    if (typeof last !== 'function')
      return countDbRoundTrip(timing, () => query(...args) as Promise<unknown>, false);
    let answered!: () => void;
    void countDbRoundTrip(timing, () => new Promise<void>((r) => (answered = r)), false);
    return query(...args.slice(0, -1), (...res: unknown[]) => {
      answered();
      (last as (...a: unknown[]) => void)(...res);
    });
  };
}

// The package's types describe its Node stand-in (an empty module); its `workerd` build, which
// wrangler and the Workers test runner pick, exports the socket.
const { CloudflareSocket } = pgCloudflare as unknown as {
  CloudflareSocket: new (
    ssl: boolean,
  ) => NonNullable<Exclude<ClientConfig['stream'], () => unknown>>;
};

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
