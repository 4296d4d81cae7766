/**
 * A stand-in for Neon's HTTP SQL endpoint (`POST /sql`, what `neon()` from
 * @neondatabase/serverless sends to when `neonConfig.fetchEndpoint` points here), over the local
 * PostgreSQL or PGlite. Written here rather than taken from a library: none speaks this side of
 * the protocol. The wire format, as the driver sends and reads it:
 *  - request headers `Neon-Connection-String` (which database), `Neon-Raw-Text-Output: true`,
 *    `Neon-Array-Mode: true`; for a batch `Neon-Batch-Isolation-Level`, `Neon-Batch-Read-Only`,
 *    `Neon-Batch-Deferrable`;
 *  - body `{query, params}` (one statement) or `{queries: [{query, params}, ...]}` (a
 *    non-interactive transaction: all or nothing, one round trip);
 *  - answer `{command, rowCount, fields: [{name, dataTypeID}], rows: [[text | null, ...]], rowAsArray}`,
 *    for a batch `{results: [...]}`; a database error is a 400 with `{message, code, detail, ...}`.
 * Each request is answered one emulated round trip late (`rttMs`, see distance.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { keepIdleSocketsOpen } from './keep-alive.ts';
import type { AddressInfo } from 'node:net';
import type { Pool, PoolClient } from '@neondatabase/serverless';
import { after } from './distance.ts';

export interface NeonHttpOptions {
  /** A pool on the database (through a pipe without emulated distance). */
  pool: Pool;
  /** The database served: a request naming another (Neon-Connection-String) cannot connect, as on Neon. */
  connectionString: string;
  port?: number;
  host?: string;
  rttMs?: number;
  log?: (msg: string) => void;
}

export interface NeonHttpEndpoint {
  /** For `neonConfig.fetchEndpoint`. */
  url: string;
  close(): Promise<void>;
}

interface Statement {
  query: string;
  params?: unknown[];
}

const ERROR_FIELDS = [
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
  'severity',
];
const ISOLATION: Record<string, string> = {
  ReadUncommitted: 'read uncommitted',
  ReadCommitted: 'read committed',
  RepeatableRead: 'repeatable read',
  Serializable: 'serializable',
};

class BadRequest extends Error {}
class MultipleStatements extends Error {
  code = '42601';
  constructor() {
    super('cannot insert multiple commands into a prepared statement');
  }
}

/** Statements in a query: top-level `;` outside strings, quoted names, dollar quotes and comments. */
export function statements(q: string): number {
  let count = 0;
  let content = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (c === "'" || c === '"') {
      const end = q.indexOf(c, i + 1);
      i = end < 0 ? q.length : end; // a doubled quote ('') just reopens on the next pass
      content = true;
    } else if (c === '-' && q[i + 1] === '-') {
      const end = q.indexOf('\n', i);
      i = end < 0 ? q.length : end;
    } else if (c === '/' && q[i + 1] === '*') {
      const end = q.indexOf('*/', i + 2);
      i = end < 0 ? q.length : end + 1;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(q.slice(i));
      if (tag) {
        const end = q.indexOf(tag[0], i + tag[0].length);
        i = end < 0 ? q.length : end + tag[0].length - 1;
      }
      content = true;
    } else if (c === ';') {
      if (content) count++;
      content = false;
    } else if (!/\s/.test(c)) content = true;
  }
  return count + (content ? 1 : 0);
}

// Every value as Postgres's text, as Neon answers with Neon-Raw-Text-Output: the driver parses.
const rawText = { getTypeParser: () => (v: string) => v };

async function run(client: Pool | PoolClient, s: Statement) {
  if (typeof s?.query !== 'string') throw new BadRequest('each statement needs a "query" string');
  // Neon's endpoint prepares each query (extended protocol): one statement per query. Refused
  // here by reading the text rather than by naming statements, because PGlite is one session
  // shared by every connection (a named statement would collide across them).
  if (statements(s.query) > 1) throw new MultipleStatements();
  const r = await client.query({
    text: s.query,
    values: s.params ?? [],
    rowMode: 'array',
    types: rawText,
  } as never);
  const res = r as unknown as {
    command: string;
    rowCount: number | null;
    fields: { name: string; dataTypeID: number }[];
    rows: unknown[][];
  };
  return {
    command: res.command,
    rowCount: res.rowCount,
    fields: (res.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rows: res.rows ?? [],
    rowAsArray: true,
  };
}

async function transaction(pool: Pool, queries: Statement[], headers: IncomingMessage['headers']) {
  const level = ISOLATION[String(headers['neon-batch-isolation-level'] ?? '')];
  const readOnly = String(headers['neon-batch-read-only'] ?? '') === 'true';
  const deferrable = String(headers['neon-batch-deferrable'] ?? '') === 'true';
  const client = await pool.connect();
  try {
    await client.query(
      `begin${level ? ` isolation level ${level}` : ''}${readOnly ? ' read only' : ''}${deferrable ? ' deferrable' : ''}`,
    );
    const results = [];
    for (const q of queries) results.push(await run(client, q));
    await client.query('commit');
    return { results };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

function target(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return undefined;
  }
}
const sameDatabase = (a: string, b: string) => target(a) !== undefined && target(a) === target(b);
const safeTarget = (url: string) => target(url) ?? 'an unreadable connection string';

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export async function startNeonHttp(opts: NeonHttpOptions): Promise<NeonHttpEndpoint> {
  const log = opts.log ?? (() => {});
  const handle = async (req: IncomingMessage): Promise<[number, unknown]> => {
    const path = new URL(req.url ?? '/', 'http://sql').pathname;
    if (req.method !== 'POST' || path !== '/sql') return [404, { message: 'POST /sql only' }];
    const wanted = String(req.headers['neon-connection-string'] ?? '');
    if (!wanted) return [400, { message: 'missing Neon-Connection-String header' }];
    if (!sameDatabase(wanted, opts.connectionString))
      return [
        502,
        {
          message: `could not connect to ${safeTarget(wanted)}: this endpoint serves one local database`,
        },
      ];
    let body: { query?: string; params?: unknown[]; queries?: Statement[] };
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return [400, { message: 'request body is not JSON' }];
    }
    try {
      if (Array.isArray(body.queries))
        return [200, await transaction(opts.pool, body.queries, req.headers)];
      return [200, await run(opts.pool, body as Statement)];
    } catch (err) {
      if (err instanceof BadRequest) return [400, { message: err.message }];
      const e = err as Record<string, unknown> & { message?: string };
      if (typeof e.code !== 'string') {
        log(`neon-http: ${e.message ?? String(err)}`);
        return [503, { message: `local SQL endpoint: ${e.message ?? String(err)}` }];
      }
      // A database error: Neon's 400 with the server's fields, which the driver copies onto its error.
      const out: Record<string, unknown> = { message: e.message };
      for (const k of ERROR_FIELDS) if (e[k] !== undefined) out[k] = e[k];
      return [400, out];
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    Promise.all([handle(req), after(opts.rttMs ?? 0)]).then(
      ([[status, body]]) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      (err: unknown) => {
        log(`neon-http: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'local SQL endpoint failed' }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    keepIdleSocketsOpen(server);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/sql`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
