import { Hono } from 'hono';
import { validate } from '../middleware/validate';
import { ContentParamsSchema, ContentQuerySchema } from '../schemas/content';
import { getContent } from '../services/catalog';
import type { AppEnv } from '../types';

export const content = new Hono<AppEnv>().get(
  '/:id',
  validate('param', ContentParamsSchema),
  validate('query', ContentQuerySchema),
  async (c) => {
    const { id } = c.req.valid('param');
    const { region } = c.req.valid('query');
    return c.json(await getContent(c.var.services.catalog(), id, region));
  },
);
