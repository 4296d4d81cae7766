/**
 * The personal-data API. One sub-app serves both `/api/v1/users/:id/...` (own id, or any id
 * for admins) and `/api/v1/me/...` (the caller). Responses are private and never cached.
 */
import { Hono } from 'hono';
import { currentUser, requireRole, requireSelfOrAdmin } from '../middleware/auth';
import { requireJson, validate } from '../middleware/validate';
import { countryOrDefaultRegion, withDefaultRegion } from '../middleware/request-region';
import {
  ConsentBodySchema,
  ContentIdParamsSchema,
  HistoryBodySchema,
  PageQuerySchema,
  PreferencesBodySchema,
  RatingBodySchema,
  UserPatchBodySchema,
  WatchlistBodySchema,
} from '../schemas/accounts';
import * as personal from '../services/accounts/personal-data';
import { countEngagement, EVENT_WEIGHTS } from '../services/recommendations/trending';
import type { AppEnv, AppVariables } from '../types';

type PersonalEnv = AppEnv & { Variables: { targetUserId: string } };
type Ctx = { var: Pick<AppVariables, 'services' | 'log' | 'user'> };

const deps = (c: Ctx): personal.PersonalDataDeps => ({
  ...c.var.services.accounts(),
  log: c.var.log,
});
const caller = (c: Ctx): personal.Caller => {
  const u = currentUser(c);
  return { id: u.id, role: u.role, jti: u.jti, exp: u.exp };
};

/** After the response: the title counts toward trending in the person's region. */
function countTrending(c: Ctx, userId: string, contentId: string, weight: number): void {
  const s = c.var.services;
  s.background(countEngagement(s.engagement(), { userId, contentId, weight }));
}

export const personalData = new Hono<PersonalEnv>()
  .use('*', requireSelfOrAdmin, async (c, next) => {
    await next();
    c.header('Cache-Control', 'private, no-store');
  })
  .get('/', async (c) => c.json(await personal.getProfile(deps(c), c.var.targetUserId)))
  .patch('/', requireJson, validate('json', UserPatchBodySchema), async (c) =>
    c.json(
      await personal.updateProfile(deps(c), caller(c), c.var.targetUserId, c.req.valid('json')),
    ),
  )
  .delete('/', async (c) => {
    const removed = await personal.eraseAccount(deps(c), caller(c), c.var.targetUserId);
    return c.json({ erased: true, removed });
  })
  .get('/export', async (c) => {
    const data = await personal.exportData(deps(c), c.var.targetUserId);
    c.header('Content-Disposition', 'attachment; filename="marquee-export.json"');
    return c.json(data);
  })
  .get('/consent', async (c) => c.json(await personal.getConsent(deps(c), c.var.targetUserId)))
  .put('/consent', requireJson, validate('json', ConsentBodySchema), async (c) =>
    c.json(
      await personal.setConsent(deps(c), c.var.targetUserId, c.req.valid('json').personalisation),
    ),
  )
  .get('/preferences', async (c) => {
    const prefs = await personal.getPreferences(deps(c), c.var.targetUserId);
    // Your own, not yet saved: the region where you are (an admin reading yours sees the stored default).
    return c.json(c.var.targetUserId === c.var.user?.id ? withDefaultRegion(c, prefs) : prefs);
  })
  .post('/preferences', requireJson, validate('json', PreferencesBodySchema), async (c) =>
    c.json(
      await personal.savePreferences(deps(c), c.var.targetUserId, c.req.valid('json'), {
        // A first save that names no region keeps the one onboarding offered (where you are).
        regionIfFirst:
          c.var.targetUserId === c.var.user?.id ? countryOrDefaultRegion(c) : undefined,
      }),
    ),
  )
  .get('/watchlist', async (c) =>
    c.json({ items: await personal.listWatchlist(deps(c), c.var.targetUserId) }),
  )
  .post('/watchlist', requireJson, validate('json', WatchlistBodySchema), async (c) => {
    const r = await personal.addToWatchlist(
      deps(c),
      c.var.targetUserId,
      c.req.valid('json').contentId,
    );
    if (r.added) countTrending(c, c.var.targetUserId, r.item.contentId, EVENT_WEIGHTS.watchlist);
    return c.json(r.item, r.added ? 201 : 200);
  })
  .delete('/watchlist/:contentId', validate('param', ContentIdParamsSchema), async (c) => {
    await personal.removeFromWatchlist(deps(c), c.var.targetUserId, c.req.valid('param').contentId);
    return c.body(null, 204);
  })
  .get('/ratings', async (c) =>
    c.json({ ratings: await personal.listRatings(deps(c), c.var.targetUserId) }),
  )
  .put(
    '/ratings/:contentId',
    validate('param', ContentIdParamsSchema),
    requireJson,
    validate('json', RatingBodySchema),
    async (c) =>
      c.json(
        await personal.rate(
          deps(c),
          c.var.targetUserId,
          c.req.valid('param').contentId,
          c.req.valid('json').score,
        ),
      ),
  )
  .get('/history', validate('query', PageQuerySchema), async (c) =>
    c.json(await personal.listHistory(deps(c), c.var.targetUserId, c.req.valid('query'))),
  )
  .post('/history', requireJson, validate('json', HistoryBodySchema), async (c) => {
    const body = c.req.valid('json');
    const entry = await personal.recordView(
      deps(c),
      c.var.targetUserId,
      body.contentId,
      body.progress,
    );
    countTrending(c, c.var.targetUserId, body.contentId, EVENT_WEIGHTS.view);
    return c.json(entry, 201);
  });

/** GET /api/v1/users: accounts for admins, newest first. */
export const userAdmin = new Hono<AppEnv>().get(
  '/',
  requireRole('admin'),
  validate('query', PageQuerySchema),
  async (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json(await c.var.services.accounts().users.list(c.req.valid('query')));
  },
);
