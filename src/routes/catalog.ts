import { Hono } from 'hono';
import { listGenres, listPlatforms } from '../services/catalog';
import type { AppEnv } from '../types';

export const platforms = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ platforms: await listPlatforms(c.var.services.catalog()) }),
);

export const genres = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ genres: await listGenres(c.var.services.catalog()) }),
);
