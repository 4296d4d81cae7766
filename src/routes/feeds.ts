/**
 * GET /api/v1/feeds/:kind — per-service feeds: `new` arrivals, `leaving` soon and `price-drops`,
 * per platform (`platforms=netflix,hulu`) and region, a page at a time (`cursor`). Anonymous
 * pages are cacheable; a signed-in caller's region preference and parental limit apply.
 */
import { Hono } from 'hono';
import { requestRegion } from '../middleware/request-region';
import { validate } from '../middleware/validate';
import { FeedParamsSchema, FeedQuerySchema } from '../schemas/feeds';
import { readFeed, stricterLimit } from '../services/feeds/feeds';
import type { AppEnv } from '../types';

export const feeds = new Hono<AppEnv>().get(
  '/:kind',
  validate('param', FeedParamsSchema),
  validate('query', FeedQuerySchema),
  async (c) => {
    const { kind } = c.req.valid('param');
    const q = c.req.valid('query');
    const user = c.var.user;
    const prefs = user ? await c.var.services.viewerPreferences(user.id) : null;
    const out = await readFeed(c.var.services.feeds(), {
      kind,
      region: await requestRegion(c, q.region),
      platforms: q.platforms,
      days: q.days,
      maxRating: stricterLimit(q.maxRating, prefs?.maxRating),
      limit: q.limit,
      cursor: q.cursor,
    });
    c.header('Cache-Control', user ? 'private, no-store' : 'public, max-age=60');
    return c.json(out);
  },
);
