/**
 * Starts the stack the Worker tests run against, once per run: the embedded default
 * (in-memory PGlite + Upstash bridge over the embedded engine), or real servers when
 * TEST_DATABASE_URL / REDIS_URL are set (CI sets both). The test database is reset.
 */
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { sql } from 'drizzle-orm';
import { startLocalStack } from '../dev/local-stack/stack.ts';
import { connectNodeDb } from '../scripts/lib/node-db.ts';
import { prepareDatabase, testCatalogSample } from '../scripts/lib/prepare.ts';
import { sharedBundledRecords } from '../scripts/catalog/bundled.ts';
import { createJwtKeySet, createPiiKeys } from '../scripts/lib/local-keys.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stackVars: Record<string, string>;
    stackDescription: string;
    /** Fresh JWT signing keys for this run (JWT_PRIVATE_KEYS). */
    authVars: Record<string, string>;
    /** An address that accepts connections and never answers: a hung (not refusing) dependency. */
    hungUrl: string;
    /** The local connection string of a Hyperdrive binding (the stack's TCP pipe). */
    hyperdriveUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.TEST_DATABASE_URL || undefined;
  // The feed serves the same sample the database is loaded with, so a sync a cron tick starts in
  // a suite finds nothing new (the whole edition would add 32,000 titles mid-run).
  const sample = testCatalogSample(sharedBundledRecords());
  const stack = await startLocalStack({
    databaseUrl,
    redisUrl: process.env.REDIS_URL || undefined,
    contentFeed: { records: () => sample },
  });
  if (databaseUrl) {
    const conn = connectNodeDb(stack.vars.DATABASE_URL!, stack.vars.PG_WS_PROXY);
    await conn.db.execute(sql`drop schema if exists drizzle cascade`);
    await conn.db.execute(sql`drop schema if exists public cascade`);
    await conn.db.execute(sql`create schema public`);
    await conn.close();
  }
  const piiKeys = createPiiKeys('test-pii-1');
  await prepareDatabase(stack.vars, undefined, { catalog: 'test-sample', piiKeys });
  project.provide('stackVars', stack.vars);
  // None for a database off this machine (the stack pipes local servers only): the Hyperdrive test skips.
  project.provide('hyperdriveUrl', stack.hyperdriveUrl ?? '');
  project.provide('authVars', {
    JWT_PRIVATE_KEYS: await createJwtKeySet('test-key-1'),
    PII_KEYS: piiKeys,
  });
  // Accepts and then says nothing, like a Redis stopped with SIGSTOP behind its proxy.
  const hung = createServer(() => {});
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  project.provide('hungUrl', `http://127.0.0.1:${(hung.address() as { port: number }).port}`);
  project.provide('stackDescription', `${stack.describe.database}; ${stack.describe.redis}`);
  console.log(`[test stack] ${stack.describe.database}; ${stack.describe.redis}`);
  return async () => {
    hung.close();
    await stack.close();
  };
}
