import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteServer, type PgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { TerminateDetector } from '../../dev/local-stack/pg-relay.ts';
import { startWsPipe, type WsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { connectNodeDb } from '../../scripts/lib/node-db.ts';

const startup = (): Buffer => {
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const b = Buffer.alloc(8 + params.length);
  b.writeInt32BE(b.length, 0);
  b.writeInt32BE(196608, 4);
  params.copy(b, 8);
  return b;
};
const query = (q: string): Buffer => {
  const body = Buffer.from(`${q}\0`);
  const b = Buffer.alloc(5 + body.length);
  b[0] = 0x51;
  b.writeInt32BE(4 + body.length, 1);
  body.copy(b, 5);
  return b;
};
const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

describe('TerminateDetector', () => {
  it('spots Terminate only at a message boundary, across chunk splits', () => {
    const d = new TerminateDetector();
    const stream = Buffer.concat([startup(), query("select 'X'"), TERMINATE]);
    let seen = false;
    for (let i = 0; i < stream.length; i += 3) seen = d.push(stream.subarray(i, i + 3)) || seen;
    expect(seen).toBe(true);
  });

  it('does not mistake X bytes inside a query for Terminate', () => {
    const d = new TerminateDetector();
    expect(d.push(Buffer.concat([startup(), query('XXXX\u0000\u0000\u0000\u0004')]))).toBe(false);
  });
});

describe('PGlite through the pipe with the Neon driver', () => {
  let pg: PgliteServer;
  let pipe: WsPipe;
  beforeAll(async () => {
    pg = await startPgliteServer({ maxConnections: 32 });
    pipe = await startWsPipe();
  });
  afterAll(async () => {
    await pipe?.close();
    await pg?.close();
  });

  it('runs pgvector and pg_trgm queries', async () => {
    const c = connectNodeDb(pg.url, pipe.wsProxy);
    await c.db.execute(sql`create extension if not exists vector`);
    await c.db.execute(sql`create extension if not exists pg_trgm`);
    const r = await c.db.execute(
      sql`select similarity('godfather', 'godfahter') as s, '[1,0]'::vector <=> '[0,1]'::vector as d`,
    );
    expect(Number((r.rows[0] as any).s)).toBeGreaterThan(0.3);
    expect(Number((r.rows[0] as any).d)).toBeCloseTo(1);
    await c.close();
  });

  it('closes the TCP side when pools end, so slots never run out', async () => {
    // More pools than pglite-socket has slots: without the Terminate handling this hangs.
    for (let i = 0; i < 20; i++) {
      const c = connectNodeDb(pg.url, pipe.wsProxy);
      await c.db.execute(sql`select 1`);
      await c.close();
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(pipe.connections()).toBe(0);
  });

  it('keeps concurrent connections from clobbering each other (pglite-socket queues per message)', async () => {
    const pools = Array.from({ length: 6 }, () => connectNodeDb(pg.url, pipe.wsProxy));
    const results = await Promise.all(
      pools.flatMap((c, i) =>
        Array.from({ length: 25 }, async (_, j) => {
          // A different statement text per connection: interleaved Parse messages would swap them.
          const r = await c.db.execute(
            sql`select ${j}::int + ${sql.raw(String(i * 1000))} as n, ${`p${i}`}::text as ${sql.raw(`who${i}`)}`,
          );
          return (r.rows[0] as { n: number }).n === i * 1000 + j;
        }),
      ),
    );
    expect(results.every(Boolean)).toBe(true);
    // a transaction keeps the server to itself until it ends, and others carry on afterwards
    const [a, b] = pools;
    const during = a!.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table if not exists t_lock (x int)`);
      await tx.execute(sql`insert into t_lock values (${1})`);
      return tx.execute(sql`select count(*)::int as n from t_lock`);
    });
    const other = b!.db.execute(sql`select ${1}::int as one`);
    expect(((await during).rows[0] as { n: number }).n).toBeGreaterThan(0);
    expect(((await other).rows[0] as { one: number }).one).toBe(1);
    await Promise.all(pools.map((c) => c.close()));
  });

  it('refuses non-loopback targets', async () => {
    const c = connectNodeDb('postgresql://postgres@10.255.255.1:5432/x', pipe.wsProxy);
    await expect(c.db.execute(sql`select 1`)).rejects.toThrow();
    await c.close().catch(() => {});
  });
});

describe('the pipe after the server restarts', () => {
  it('serves new queries within seconds once the server is back, even with requests queued when it died', async () => {
    let pg = await startPgliteServer({ maxConnections: 16 });
    const port = pg.port;
    const pipe = await startWsPipe();
    const a = connectNodeDb(pg.url, pipe.wsProxy);
    const b = connectNodeDb(pg.url, pipe.wsProxy);
    try {
      await a.db.execute(sql`select 1`);
      // A transaction holds the server; b's query waits its turn in the pipe when the server dies.
      const holder = await a.pool.connect();
      await holder.query('begin');
      const queued = b.db.execute(sql`select 1`).catch(() => 'failed');
      await new Promise((r) => setTimeout(r, 100));
      await pg.close();
      holder.release(true);
      await queued;
      pg = await startPgliteServer({ maxConnections: 16, port });
      const started = Date.now();
      let answered = false;
      while (!answered && Date.now() - started < 15_000) {
        answered = await Promise.race([
          b.db.execute(sql`select 1 as one`).then(
            () => true,
            () => false,
          ),
          new Promise<boolean>((r) => setTimeout(() => r(false), 2_000)),
        ]);
      }
      expect(answered).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
      const again = await Promise.all(
        Array.from({ length: 4 }, (_, i) => a.db.execute(sql`select ${i}::int as n`)),
      );
      expect(again.map((r) => (r.rows[0] as { n: number }).n)).toEqual([0, 1, 2, 3]);
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
      await pipe.close();
      await pg.close().catch(() => {});
    }
  }, 180_000); // two PGlite start-ups, each slow on a loaded machine
});
