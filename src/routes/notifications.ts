import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { requireAuth } from '../middleware/auth';
import { requireJson, validate } from '../middleware/validate';
import type { AppEnv } from '../types';

const me = (c: { var: AppEnv['Variables'] }) => {
  if (!c.var.user) throw new AppError('UNAUTHORIZED', 'Sign in to see your notifications');
  return c.var.user.id;
};

/** GET /api/v1/me/notifications — availability changes to titles on the caller's watchlist. */
export const notificationsRoute = new Hono<AppEnv>()
  .get(
    '/',
    requireAuth,
    validate('query', z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) })),
    async (c) => {
      const q = c.req.valid('query');
      const repo = c.var.services.notifications();
      return c.json(await repo.list(me(c), { unreadOnly: q.unread === 'true', limit: q.limit }));
    },
  )
  .post('/read', requireAuth, requireJson, validate('json', z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }).strict()), async (c) => {
    const repo = c.var.services.notifications();
    return c.json({ marked: await repo.markRead(me(c), c.req.valid('json').ids) });
  });
