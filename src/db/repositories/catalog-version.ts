/**
 * The catalog version: part of every search cache key. Postgres holds the truth; Redis holds
 * a copy so the cached path needs no database round trip.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { sql } from 'drizzle-orm';
import type { Warn } from '../../lib/logger';
import { dbCall, type Db } from '../client';

const KEY = 'catalog:version';

export async function readCatalogVersion(db: () => Db, redis?: Redis, warn?: Warn): Promise<number> {
  if (redis) {
    // Redis only spares the database a round trip: when it cannot answer, Postgres does.
    const v = await redis.get<number | string>(KEY).catch((err: unknown) => {
      warn?.('catalog version not read from Redis; reading Postgres', { error: err });
      return null;
    });
    if (v !== null && v !== undefined && Number.isFinite(Number(v))) return Number(v);
  }
  const r = await dbCall(() => db().execute(sql`select coalesce(max(version), 1) as v from catalog_version`));
  const version = Number((r.rows[0] as { v: unknown }).v);
  // Seeding the copy is best effort: the next read that finds Redis empty seeds it again.
  if (redis) await redis.set(KEY, version, { nx: true }).catch(() => null);
  return version;
}

/** Call after any catalog or availability change: stale cached answers become unreachable. */
export async function bumpCatalogVersion(db: Db, redis?: Redis, warn?: Warn): Promise<number> {
  const r = await dbCall(() =>
    db.execute(sql`insert into catalog_version (id, version, updated_at) values (1, 2, now())
      on conflict (id) do update set version = catalog_version.version + 1, updated_at = now() returning version`),
  );
  const version = Number((r.rows[0] as { version: unknown }).version);
  // Redis keeps serving the old version (and so old cached answers) until it is written again.
  if (redis) {
    await redis.set(KEY, version).catch((err: unknown) => {
      warn?.('catalog version not copied to Redis: cached answers may stay stale until the next change', { version, error: err });
    });
  }
  return version;
}
