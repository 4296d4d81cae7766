/**
 * The local stand-in for Neon's HTTP SQL endpoint, driven by the real driver (`neon()` and
 * drizzle's neon-http) over PGlite, as the Worker uses it.
 */
import { neon, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNeonHttp,
  statements,
  type NeonHttpEndpoint,
} from '../../dev/local-stack/neon-http.ts';
import { startPgliteServer, type PgliteServer } from '../../dev/local-stack/pglite-server.ts';
import { startWsPipe, type WsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { selectWithSettings } from '../../src/db/sql-values.ts';
import { connectNodeDb, type NodeDb } from '../../scripts/lib/node-db.ts';

describe('Neon HTTP stand-in', () => {
  let pg: PgliteServer;
  let pipe: WsPipe;
  let conn: NodeDb;
  let endpoint: NeonHttpEndpoint;
  let sql: ReturnType<typeof neon>;
  beforeAll(async () => {
    pg = await startPgliteServer({ maxConnections: 32 });
    pipe = await startWsPipe();
    conn = connectNodeDb(pg.url, pipe.wsProxy);
    endpoint = await startNeonHttp({ pool: conn.pool, connectionString: pg.url });
    neonConfig.fetchEndpoint = endpoint.url;
    sql = neon(pg.url);
    await conn.pool.query(
      'create table if not exists t (id int primary key, at timestamptz not null default now(), tags text[])',
    );
  });
  afterAll(async () => {
    await endpoint?.close();
    await conn?.close();
    await pipe?.close();
    await pg?.close();
  });

  it('runs a statement with parameters, the driver parsing the text values by type', async () => {
    const rows = (await sql.query(
      'select $1::int + 1 as n, $2::text as s, array[1,2] as a, null::int as z',
      [41, 'x'],
    )) as Record<string, unknown>[];
    expect(rows).toEqual([{ n: 42, s: 'x', a: [1, 2], z: null }]);
  });

  it('runs a batch as one transaction: all or nothing', async () => {
    const [ins, count] = (await sql.transaction([
      sql`insert into t (id, tags) values (1, ${['a', 'b']})`,
      sql`select count(*)::int as c from t`,
    ])) as Record<string, unknown>[][];
    expect(ins).toEqual([]);
    expect(count).toEqual([{ c: 1 }]);
    await expect(
      sql.transaction([sql`insert into t (id) values (2)`, sql`insert into t (id) values (1)`]),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await sql.query('select id from t order by id')).toEqual([{ id: 1 }]);
  });

  it('answers a database error with its SQLSTATE, and refuses several statements in one query, as Neon does', async () => {
    await expect(sql.query('select * from no_such_table')).rejects.toMatchObject({ code: '42P01' });
    await expect(sql.query('select 1; select 2')).rejects.toThrow();
  });

  it('cannot reach a database it does not serve, as a down server', async () => {
    await expect(neon('postgresql://postgres@127.0.0.1:1/none').query('select 1')).rejects.toThrow(
      /HTTP status 502/,
    );
  });

  it('counts statements as Postgres would split them', () => {
    expect(statements('select 1')).toBe(1);
    expect(statements('select 1;')).toBe(1);
    expect(statements('select \';\' as a, "x;y" from t -- ;\n')).toBe(1);
    expect(statements('select $$a;b$$, $t$;$t$ /* ; */')).toBe(1);
    expect(statements('begin; select 1; commit')).toBe(3);
  });

  it('selectWithSettings sends its settings and SELECT as one batch over HTTP', async () => {
    const db = drizzle(sql);
    const rows = await selectWithSettings(
      db,
      { 'pg_trgm.similarity_threshold': 0.6 },
      "select current_setting('pg_trgm.similarity_threshold') as v",
    );
    expect(rows).toEqual([{ v: '0.6' }]);
  });
});
