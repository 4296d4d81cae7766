/** The catalog, its version (which every cached answer is keyed by), the vector index, and /ready's probes. */
import { createEmbedder } from '../adapters/embedders';
import { createPgVectorIndex } from '../adapters/pgvector';
import type { AiBinding } from '../adapters/workers-ai/embedder';
import type { Embedder } from '../services/search/ports';
import { createPineconeIndex } from '../adapters/pinecone';
import { createCatalogRepository } from '../db/repositories/catalog';
import { bumpCatalogVersion, readCatalogVersion } from '../db/repositories/catalog-version';
import type { CatalogRepository, HealthProbe, VectorIndex } from '../services/ports';
import { versionLease } from '../lib/isolate-cache';
import { offRequestPath } from '../lib/request-timing';
import type { RequestScope } from './request-scope';
import { withTimeout } from '../lib/with-timeout';

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
  const dbBackend = iso.config.database.hyperdrive
    ? 'postgres via hyperdrive (node-postgres over TCP)'
    : iso.config.database.wsProxy
      ? 'postgres via local ws pipe'
      : 'neon';
  return {
    catalog: () => createCatalogRepository(db()),
    vector,
    bumpCatalogVersion: () => bumpVersion(scope),
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

/**
 * The configured embedder (one per isolate): titles and queries go through the same model, the
 * vector index's identity. Query vectors are remembered in the isolate (the embedder's LRU), not
 * in KV: a query is embedded only when its answer is in neither cache, and for such a query a KV
 * read (a miss, for a text never asked) and a write on the answer's path cost more than the
 * embedding they could save. A KV write ($5 per million) is dearer than embedding a query with
 * text-embedding-3-small (about 10 tokens at $0.02 per million tokens), and in the Worker the
 * two KV operations were 4-5 ms of an uncached search's CPU (bench:search --rtt 25).
 */
export function embedder(scope: RequestScope): Embedder {
  const { iso } = scope;
  const cached = iso.embedder as Embedder | undefined;
  if (cached) return cached;
  const made = createEmbedder(iso.config.embeddings, {
    ai: (iso.env as { AI?: AiBinding }).AI,
  });
  iso.embedder = made;
  return made;
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
  // A hung index (Pinecone not answering) must not hold a search: given up after a second.
  const usable = await scope.iso.memo
    .get(
      'vector-usable',
      async () =>
        (await withTimeout(vectorIndex(scope).status(), 1000, 'vector index status')).status ===
        'ok',
    )
    .catch((err: unknown) => {
      scope.log.warn('vector index status unreadable; running without the vector leg', {
        error: err instanceof Error ? err.message : String(err),
      });
      return false;
    });
  return usable ? vectorIndex(scope) : undefined;
}

/**
 * How an isolate keeps the catalog version (every cached answer's key): read again once a second,
 * in a request's background, while the value it holds is under 10 s old. A cached search then
 * waits on no round trip at all; the cost is that a change made by another isolate (a queue
 * consumer, a cron) reaches this isolate's cached answers about a second later (at most 10 s,
 * after an idle spell). A change this isolate makes is seen at once.
 */
export const CATALOG_VERSION_TTL_MS = 1000;
export const CATALOG_VERSION_STALE_MS = 10_000;
const knownVersion = versionLease(CATALOG_VERSION_TTL_MS, CATALOG_VERSION_STALE_MS);

/** Bumps the catalog version; this isolate's cached answers follow at once. */
export async function bumpVersion(scope: RequestScope): Promise<number> {
  const version = await bumpCatalogVersion(scope.db(), scope.iso.redis, scope.log.warn);
  knownVersion.learn(version);
  return version;
}

/** The catalog version: this isolate's recent reading, else Redis, else Postgres. */
export const catalogVersion = (scope: RequestScope) => () =>
  knownVersion.read(
    () => readCatalogVersion(scope.db, scope.iso.redis, scope.log.warn),
    // A refresh in the background is not a round trip the answer waited for.
    (refresh) => scope.background(offRequestPath(refresh)),
  );
