/** The catalog, its version (which every cached answer is keyed by), the vector index, and /ready's probes. */
import { createPgVectorIndex } from '../adapters/pgvector';
import { createPineconeIndex } from '../adapters/pinecone';
import { createCatalogRepository } from '../db/repositories/catalog';
import { bumpCatalogVersion, readCatalogVersion } from '../db/repositories/catalog-version';
import type { CatalogRepository, HealthProbe, VectorIndex } from '../services/ports';
import type { RequestScope } from './request-scope';

export interface CatalogServices {
  catalog(): CatalogRepository;
  vector(): VectorIndex;
  /** Makes every cached search and suggestion answer unreachable; returns the new catalog version. */
  bumpCatalogVersion(): Promise<number>;
  probes(): HealthProbe[];
}

export function catalogServices(scope: RequestScope): CatalogServices {
  const { iso, db } = scope;
  const vector = () => vectorIndex(scope);
  const dbBackend = iso.config.database.wsProxy ? 'postgres via local ws pipe' : 'neon';
  return {
    catalog: () => createCatalogRepository(db()),
    vector,
    bumpCatalogVersion: () => bumpCatalogVersion(db(), iso.redis, scope.log.warn),
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
          const pong = await scope.redis().ping();
          return { status: pong === 'PONG' ? 'ok' : 'down', backend: 'upstash-rest' };
        },
      },
      { name: 'vector', required: true, check: () => vector().status() },
    ],
  };
}

/** Pinecone when configured, else pgvector in the request's database. */
export function vectorIndex(scope: RequestScope): VectorIndex {
  const { vector } = scope.iso.config;
  return vector.kind === 'pinecone' ? createPineconeIndex(vector) : createPgVectorIndex(scope.db());
}

/**
 * The vector index when it answers (checked once every few minutes per isolate), else
 * undefined: search and recommendations then run without their vector leg.
 */
export async function usableVector(scope: RequestScope): Promise<VectorIndex | undefined> {
  const usable = await scope.iso.memo
    .get('vector-usable', async () => (await vectorIndex(scope).status()).status === 'ok')
    .catch((err: unknown) => {
      scope.log.warn('vector index status unreadable; running without the vector leg', { error: err instanceof Error ? err.message : String(err) });
      return false;
    });
  return usable ? vectorIndex(scope) : undefined;
}

/** The catalog version: Redis, else Postgres. */
export const catalogVersion = (scope: RequestScope) => () => readCatalogVersion(scope.db, scope.iso.redis, scope.log.warn);
