/**
 * The TCP pipe behind DB_DRIVER=hyperdrive (dev/local-stack/tcp-pipe.ts): node-postgres reaches
 * PGlite through it as the Worker's driver reaches Hyperdrive, concurrent connections do not
 * clobber each other (they share the WebSocket pipe's lock on the server), a query waits the
 * emulated round trip, and closing the client closes the server side.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteServer, type PgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startTcpPipe, type TcpPipe } from '../../dev/local-stack/tcp-pipe.ts';

const RTT = 40;

describe('PGlite through the TCP pipe with node-postgres', () => {
  let server: PgliteServer;
  let pipe: TcpPipe;
  beforeAll(async () => {
    server = await startPgliteServer({ maxConnections: 32 });
    pipe = await startTcpPipe({ target: { host: server.host, port: server.port }, rttMs: RTT });
  });
  afterAll(async () => {
    await pipe?.close();
    await server?.close();
  });

  it('points a connection string at the pipe, keeping user, password and database', () => {
    const url = new URL(pipe.urlFor(server.url));
    expect(url.port).toBe(String(pipe.port));
    expect(url.username).toBe('postgres');
    expect(url.password).toBe('postgres');
    expect(url.pathname).toBe('/postgres');
  });

  it('runs statements, a multi-statement simple Query and a transaction; each query waits a round trip', async () => {
    const pool = new pg.Pool({ connectionString: pipe.urlFor(server.url), max: 4 });
    try {
      await pool.query('select 1');
      const t0 = performance.now();
      const r = await pool.query('select $1::int + 1 as n', [41]);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(RTT - 2);
      expect(r.rows[0].n).toBe(42);
      const multi = (await pool.query(
        "select set_config('pg_trgm.similarity_threshold', '0.6', true); select current_setting('pg_trgm.similarity_threshold') as s",
      )) as unknown as pg.QueryResult[];
      expect(multi[1]!.rows[0].s).toBe('0.6');
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query('create temporary table t_tcp (x int)');
        await c.query('insert into t_tcp values (1), (2)');
        expect((await c.query('select count(*)::int as n from t_tcp')).rows[0].n).toBe(2);
        await c.query('rollback');
      } finally {
        c.release();
      }
    } finally {
      await pool.end();
    }
  });

  it('keeps concurrent connections from clobbering each other', async () => {
    const pool = new pg.Pool({ connectionString: pipe.urlFor(server.url), max: 6 });
    try {
      const ok = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const r = await pool.query(
            `select $1::int + ${i * 1000} as n, 'c${i}'::text as who${i}`,
            [i],
          );
          return r.rows[0].n === i * 1001;
        }),
      );
      expect(ok.every(Boolean)).toBe(true);
    } finally {
      await pool.end();
    }
    await new Promise((r) => setTimeout(r, RTT + 100));
    expect(pipe.connections()).toBe(0);
  });
});
