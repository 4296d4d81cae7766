import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteServer, type PgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe, TerminateDetector, type WsPipe } from '../../dev/local-stack/ws-pipe.ts';
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
    pg = await startPgliteServer({ maxConnections: 8 });
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
    const r = await c.db.execute(sql`select similarity('godfather', 'godfahter') as s, '[1,0]'::vector <=> '[0,1]'::vector as d`);
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

  it('refuses non-loopback targets', async () => {
    const c = connectNodeDb('postgresql://postgres@10.255.255.1:5432/x', pipe.wsProxy);
    await expect(c.db.execute(sql`select 1`)).rejects.toThrow();
    await c.close().catch(() => {});
  });
});
