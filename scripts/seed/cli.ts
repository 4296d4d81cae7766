/**
 * Seeds the catalog into an already-migrated database:
 *
 *   DATABASE_URL=postgres://… [PG_WS_PROXY=127.0.0.1:5488/v1] npx tsx scripts/seed/cli.ts
 *
 * DATABASE_URL is required (Neon, or any PostgreSQL). PG_WS_PROXY names the local WebSocket
 * pipe for a non-Neon server; for a loopback URL without one, a pipe is started for the run.
 * Optional SEED_SIMULATION overrides the availability simulation seed.
 */
import { sql } from 'drizzle-orm';
import { startWsPipe, type WsPipe } from '../../dev/local-stack/ws-pipe.ts';
import { connectNodeDb, type NodeDb } from '../lib/node-db.ts';
import { seedCatalog } from './seed.ts';

/** The error and its causes (drizzle wraps the driver's error as "Failed query: …"). */
function explain(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 4; e = e instanceof Error ? e.cause : undefined) {
    const m = e instanceof Error ? e.message || e.constructor.name : String(e);
    parts.push(m.split('\n')[0]!);
  }
  return parts.join(': ');
}

const fail = (message: string): never => {
  console.error(`seed failed: ${message}`);
  process.exit(1);
};

const url = process.env.DATABASE_URL?.trim();
if (!url)
  fail(
    'DATABASE_URL is not set (postgres://user:pass@host/db; for the embedded database use `npm run db:seed`)',
  );
let host: string;
try {
  host = new URL(url!).hostname;
} catch {
  fail('DATABASE_URL is not a valid URL');
}

let pipe: WsPipe | undefined;
let conn: NodeDb | undefined;
let code = 0;
try {
  let wsProxy = process.env.PG_WS_PROXY?.trim() || undefined;
  if (!wsProxy && ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host!)) {
    pipe = await startWsPipe();
    wsProxy = pipe.wsProxy;
  }
  conn = connectNodeDb(url!, wsProxy);
  const ready = await conn.db.execute(
    sql`select to_regclass('public.content') is not null and to_regclass('public.platform_availability') is not null as ok`,
  );
  if (!(ready.rows[0] as { ok: boolean } | undefined)?.ok)
    throw new Error(
      'the catalog tables do not exist: run the migrations first (npm run db:migrate)',
    );
  const r = await seedCatalog(conn.db, {
    log: (m) => console.log(m),
    seed: process.env.SEED_SIMULATION || undefined,
  });
  console.log(
    `content ${r.content}, people ${r.people}, credits ${r.credits}, platforms ${r.platforms}, offers ${r.offers} in ${r.tookMs} ms`,
  );
} catch (err) {
  console.error(`seed failed: ${explain(err)}`);
  code = 1;
} finally {
  await conn?.close().catch(() => {});
  await pipe?.close().catch(() => {});
}
process.exit(code);
