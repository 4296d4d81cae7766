import { Hono } from 'hono';
import { requestRegion } from '../middleware/request-region';
import { validate } from '../middleware/validate';
import { AppError } from '../lib/errors';
import {
  AvailabilityQuerySchema,
  AvailabilityStreamQuerySchema,
  ContentParamsSchema,
  ContentQuerySchema,
} from '../schemas/content';
import { titleAvailability } from '../services/availability/verify';
import { getContent } from '../services/catalog';
import { SimilarQuerySchema } from '../schemas/recommendations';
import { similarTitles } from '../services/recommendations/similar';
import type { AppEnv } from '../types';

export const content = new Hono<AppEnv>()
  .get(
    '/:id/availability/stream',
    validate('param', ContentParamsSchema),
    validate('query', AvailabilityStreamQuerySchema),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await c.var.services.verification().repo.contentExists(id)))
        throw new AppError('NOT_FOUND', `No title with id "${id}"`);
      // The title's hub holds the Server-Sent Events stream open and fans changes out to it.
      return c.var.services.live().stream({ contentId: id }, c.req.raw);
    },
  )
  .get(
    '/:id/availability',
    validate('param', ContentParamsSchema),
    validate('query', AvailabilityQuerySchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const region = await requestRegion(c, q.region);
      return c.json(
        await titleAvailability(c.var.services.verification(), id, region, { verify: q.verify }),
      );
    },
  )
  .get(
    '/:id/similar',
    validate('param', ContentParamsSchema),
    validate('query', SimilarQuerySchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const region = await requestRegion(c, q.region);
      const out = await similarTitles(await c.var.services.recommendations(), {
        contentId: id,
        region,
        limit: q.limit,
      });
      c.header(
        'Cache-Control',
        c.var.user && !q.region ? 'private, no-store' : 'public, max-age=300',
      );
      return c.json({ region, ...out });
    },
  )
  .get(
    '/:id',
    validate('param', ContentParamsSchema),
    validate('query', ContentQuerySchema),
    async (c) => {
      const { id } = c.req.valid('param');
      const { region } = c.req.valid('query');
      return c.json(await getContent(c.var.services.catalog(), id, region));
    },
  );
