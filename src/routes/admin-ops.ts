import { Hono } from 'hono';
import { requireJson, validate } from '../middleware/validate';
import {
  CacheInvalidateBodySchema,
  ContentSyncBodySchema,
  IngestRunParamsSchema,
  IngestRunsQuerySchema,
} from '../schemas/ops';
import { getRun, listRuns, startSync } from '../services/catalog/ingest/run';
import { invalidateCaches } from '../services/ops/invalidate';
import { startAvailabilitySync } from '../services/ops/sync';
import type { AppEnv } from '../types';

/** POST /api/v1/admin/cache/invalidate: drops cached search and suggestion answers. */
export const adminCache = new Hono<AppEnv>().post(
  '/invalidate',
  requireJson,
  validate('json', CacheInvalidateBodySchema),
  async (c) => {
    const s = c.var.services;
    const result = await invalidateCaches(
      { bumpCatalogVersion: s.bumpCatalogVersion, repo: s.availability().repo },
      c.req.valid('json'),
    );
    c.var.log.info('caches invalidated', {
      scope: result.scope,
      catalogVersion: result.catalogVersion,
      contentIds: result.contentIds?.length,
    });
    return c.json(result);
  },
);

/**
 * POST /api/v1/admin/content/sync, through the queues (202):
 * - scope "availability": re-verifies titles' availability, or starts a full availability sync;
 * - scope "catalog": starts a catalog sync from a content source (see GET /admin/ingest/runs/:id).
 */
export const adminContent = new Hono<AppEnv>().post(
  '/sync',
  requireJson,
  validate('json', ContentSyncBodySchema),
  async (c) => {
    const s = c.var.services;
    const body = c.req.valid('json');
    if (body.scope === 'catalog') {
      const started = await startSync(s.ingestion(), {
        source: body.source,
        mode: body.mode,
        trigger: 'admin',
      });
      c.var.log.info('catalog sync started', { ...started });
      return c.json(
        {
          scope: 'catalog' as const,
          ...started,
          run: `/api/v1/admin/ingest/runs/${started.runId}`,
        },
        202,
      );
    }
    const started = await startAvailabilitySync(
      { repo: s.availability().repo, outbox: s.availabilityOutbox() },
      body,
    );
    c.var.log.info('availability sync started', {
      mode: started.mode,
      checksEnqueued: started.checksEnqueued,
    });
    return c.json(started, 202);
  },
);

/** GET /api/v1/admin/ingest/runs (newest first) and /runs/:id: what each catalog sync did. */
export const adminIngest = new Hono<AppEnv>()
  .get('/runs', validate('query', IngestRunsQuerySchema), async (c) =>
    c.json({ runs: await listRuns(c.var.services.ingestion(), c.req.valid('query').limit) }),
  )
  .get('/runs/:id', validate('param', IngestRunParamsSchema), async (c) =>
    c.json(await getRun(c.var.services.ingestion(), c.req.valid('param').id)),
  );
