/**
 * The only place that picks concrete adapters. Per isolate: the parsed config and clients
 * without I/O state (Upstash is plain fetch). Per request: the database pool, because
 * Workers forbid sharing I/O objects across requests.
 */
import { Redis } from '@upstash/redis/cloudflare';
import { createPgVectorIndex } from './adapters/pgvector';
import { createPineconeIndex } from './adapters/pinecone';
import { openDatabase, type Database, type Db } from './db/client';
import { createCatalogRepository } from './db/repositories/catalog';
import { parseConfig, type Config } from './env';
import { AppError } from './lib/errors';
import type { CatalogRepository, HealthProbe, VectorIndex } from './services/ports';

export interface IsolateServices {
  config: Config;
  redis: Redis | undefined;
}

let cached: { env: object; services: IsolateServices } | undefined;

/** Builds the per-isolate services once (the env object is stable for an isolate). */
export function isolateServices(env: object): IsolateServices {
  if (cached?.env === env) return cached.services;
  const config = parseConfig(env as Record<string, unknown>);
  const redis =
    config.redis.url && config.redis.token
      ? new Redis({ url: config.redis.url, token: config.redis.token, enableTelemetry: false, retry: { retries: 1, backoff: () => 50 } })
      : undefined;
  cached = { env, services: { config, redis } };
  return cached.services;
}

export interface RequestServices {
  config: Config;
  /** Opens the request's pool on first use. */
  db(): Db;
  catalog(): CatalogRepository;
  vector(): VectorIndex;
  redis(): Redis;
  probes(): HealthProbe[];
  /** Closes what this request opened; call through waitUntil. */
  dispose(): Promise<void>;
}

export function requestServices(iso: IsolateServices): RequestServices {
  let database: Database | undefined;
  const db = () => (database ??= openDatabase(iso.config.database)).db;
  const vector = (): VectorIndex =>
    iso.config.vector.kind === 'pinecone' ? createPineconeIndex(iso.config.vector) : createPgVectorIndex(db());
  const redis = () => {
    if (!iso.redis) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Redis is not configured (UPSTASH_REDIS_REST_URL / _TOKEN are unset)');
    return iso.redis;
  };
  const dbBackend = iso.config.database.wsProxy ? 'postgres via local ws pipe' : 'neon';
  return {
    config: iso.config,
    db,
    catalog: () => createCatalogRepository(db()),
    vector,
    redis,
    probes: () => [
      {
        name: 'database',
        required: true,
        check: async () => {
          await db().execute('select 1');
          return { status: 'ok', backend: dbBackend };
        },
      },
      {
        name: 'redis',
        required: true,
        check: async () => {
          const pong = await redis().ping();
          return { status: pong === 'PONG' ? 'ok' : 'down', backend: 'upstash-rest' };
        },
      },
      { name: 'vector', required: true, check: () => vector().status() },
    ],
    dispose: async () => {
      await database?.close();
    },
  };
}
