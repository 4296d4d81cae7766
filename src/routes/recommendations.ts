/** GET /api/v1/recommendations (signed in) and GET /api/v1/trending. */
import { Hono } from 'hono';
import { getUserPreferences } from '../db/repositories/users';
import { AppError } from '../lib/errors';
import { requireAuth } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { RecommendationsQuerySchema, TrendingQuerySchema } from '../schemas/recommendations';
import { recommend } from '../services/recommendations/recommend';
import { trending } from '../services/recommendations/trending';
import type { AppEnv } from '../types';

export const recommendations = new Hono<AppEnv>().get('/', requireAuth, validate('query', RecommendationsQuerySchema), async (c) => {
  const q = c.req.valid('query');
  const s = c.var.services;
  const user = c.var.user!;
  const prefs = await getUserPreferences(s.db(), user.id);
  if (!prefs) throw new AppError('UNAUTHORIZED', 'This account no longer exists');
  const region = q.region ?? prefs.region;
  const started = Date.now();
  const out = await recommend(await s.recommendations(), {
    userId: user.id,
    region,
    platforms: prefs.platforms,
    genres: prefs.genres,
    limit: q.limit,
    anyPlatform: q.anyPlatform,
  });
  c.header('Cache-Control', 'private, no-store');
  return c.json({
    items: out.items,
    meta: {
      region,
      platforms: q.anyPlatform ? 'any' : prefs.platforms.length ? prefs.platforms : 'any in region',
      strategy: out.strategy,
      legs: out.legs,
      weights: { collaborative: s.config.recs.cfWeight, content: s.config.recs.contentWeight },
      notes: out.notes,
      took_ms: Date.now() - started,
    },
  });
});

export const trendingRoute = new Hono<AppEnv>().get('/', validate('query', TrendingQuerySchema), async (c) => {
  const q = c.req.valid('query');
  const out = await trending(c.var.services.trending(), q);
  c.header('Cache-Control', 'public, max-age=60');
  return c.json(out);
});
