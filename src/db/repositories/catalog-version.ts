/**
 * The catalog version: part of every search cache key. Postgres holds the truth; Redis holds
 * a copy so the cached path needs no database round trip.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { sql } from 'drizzle-orm';
import { dbCall, type Db } from '../client';

const KEY = 'catalog:version';

export async function readCatalogVersion(db: () => Db, redis?: Redis): Promise<number> {
  if (redis) {
    const v = await redis.get<number | string>(KEY).catch(() => null);
    if (v !== null && v !== undefined && Number.isFinite(Number(v))) return Number(v);
  }
  const r = await dbCall(() => db().execute(sql`select coalesce(max(version), 1) as v from catalog_version`));
  const version = Number((r.rows[0] as { v: unknown }).v);
  if (redis) await redis.set(KEY, version, { nx: true }).catch(() => null);
  return version;
}

/** Call after any catalog or availability change: stale cached answers become unreachable. */
export async function bumpCatalogVersion(db: Db, redis?: Redis): Promise<number> {
  const r = await dbCall(() =>
    db.execute(sql`insert into catalog_version (id, version, updated_at) values (1, 2, now())
      on conflict (id) do update set version = catalog_version.version + 1, updated_at = now() returning version`),
  );
  const version = Number((r.rows[0] as { version: unknown }).version);
  if (redis) await redis.set(KEY, version).catch(() => null);
  return version;
}
