/** GET /api/v1/recommendations (signed in) and GET /api/v1/trending. */
import { Hono } from 'hono';
import { requireAuth } from '../middleware/auth';
import { requestRegion } from '../middleware/request-region';
import { validate } from '../middleware/validate';
import { RecommendationsQuerySchema, TrendingQuerySchema } from '../schemas/recommendations';
import { recommendationsFor } from '../services/recommendations/for-person';
import { trending } from '../services/recommendations/trending';
import type { AppEnv } from '../types';

export const recommendations = new Hono<AppEnv>().get(
  '/',
  requireAuth,
  validate('query', RecommendationsQuerySchema),
  async (c) => {
    const s = c.var.services;
    const q = c.req.valid('query');
    const out = await recommendationsFor(await s.recommendations(), c.var.user!.id, {
      ...q,
      region: await requestRegion(c, q.region),
    });
    c.header('Cache-Control', 'private, no-store');
    return c.json({
      items: out.items,
      meta: {
        region: out.region,
        platforms: out.platforms,
        strategy: out.strategy,
        legs: out.legs,
        weights: { collaborative: s.config.recs.cfWeight, content: s.config.recs.contentWeight },
        notes: out.notes,
        took_ms: out.tookMs,
        cache: out.cache,
      },
    });
  },
);

export const trendingRoute = new Hono<AppEnv>().get(
  '/',
  validate('query', TrendingQuerySchema),
  async (c) => {
    const q = c.req.valid('query');
    const out = await trending(c.var.services.trending(), {
      ...q,
      region: await requestRegion(c, q.region),
    });
    // Without a region, a signed-in caller's answer is in their saved region: theirs alone.
    c.header('Cache-Control', c.var.user && !q.region ? 'private, no-store' : 'public, max-age=60');
    return c.json(out);
  },
);
