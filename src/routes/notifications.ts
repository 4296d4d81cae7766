import { Hono } from 'hono';
import { AppError } from '../lib/errors';
import { requireAuth } from '../middleware/auth';
import { requireJson, validate } from '../middleware/validate';
import { NotificationsQuerySchema, NotificationsReadBodySchema } from '../schemas/accounts';
import type { AppEnv } from '../types';

const me = (c: { var: AppEnv['Variables'] }) => {
  if (!c.var.user) throw new AppError('UNAUTHORIZED', 'Sign in to see your notifications');
  return c.var.user.id;
};

/** GET /api/v1/me/notifications — availability changes to titles on the caller's watchlist. */
export const notificationsRoute = new Hono<AppEnv>()
  .get('/', requireAuth, validate('query', NotificationsQuerySchema), async (c) => {
    const q = c.req.valid('query');
    const repo = c.var.services.notifications();
    return c.json(await repo.list(me(c), { unreadOnly: q.unread === 'true', limit: q.limit }));
  })
  .post(
    '/read',
    requireAuth,
    requireJson,
    validate('json', NotificationsReadBodySchema),
    async (c) => {
      const repo = c.var.services.notifications();
      return c.json({ marked: await repo.markRead(me(c), c.req.valid('json').ids) });
    },
  );
