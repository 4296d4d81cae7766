import { Hono } from 'hono';
import { requireJson, validate } from '../middleware/validate';
import { CacheInvalidateBodySchema, ContentSyncBodySchema } from '../schemas/ops';
import { invalidateCaches } from '../services/ops/invalidate';
import { startAvailabilitySync } from '../services/ops/sync';
import type { AppEnv } from '../types';

/** POST /api/v1/admin/cache/invalidate: drops cached search and suggestion answers. */
export const adminCache = new Hono<AppEnv>().post('/invalidate', requireJson, validate('json', CacheInvalidateBodySchema), async (c) => {
  const s = c.var.services;
  const result = await invalidateCaches({ bumpCatalogVersion: s.bumpCatalogVersion, repo: s.availability().repo }, c.req.valid('json'));
  c.var.log.info('caches invalidated', { scope: result.scope, catalogVersion: result.catalogVersion, contentIds: result.contentIds?.length });
  return c.json(result);
});

/** POST /api/v1/admin/content/sync: re-verifies titles' availability, or starts a full sync, through the queue (202). */
export const adminContent = new Hono<AppEnv>().post('/sync', requireJson, validate('json', ContentSyncBodySchema), async (c) => {
  const s = c.var.services;
  const started = await startAvailabilitySync({ repo: s.availability().repo, outbox: s.availabilityOutbox() }, c.req.valid('json'));
  c.var.log.info('availability sync started', { mode: started.mode, checksEnqueued: started.checksEnqueued });
  return c.json(started, 202);
});
