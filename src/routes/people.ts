import { Hono } from 'hono';
import { validate } from '../middleware/validate';
import { PersonParamsSchema, PersonQuerySchema } from '../schemas/people';
import { getPerson } from '../services/catalog/person';
import type { AppEnv } from '../types';

export const people = new Hono<AppEnv>().get(
  '/:id',
  validate('param', PersonParamsSchema),
  validate('query', PersonQuerySchema),
  async (c) => {
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    return c.json(await getPerson(c.var.services.catalog(), id, { limit, cursor }));
  },
);
