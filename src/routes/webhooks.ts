import { Hono } from 'hono';
import { validate } from '../middleware/validate';
import { receiveWebhook } from '../services/availability/receive-webhook';
import { WebhookParamsSchema } from '../schemas/availability';
import type { AppEnv } from '../types';

/**
 * POST /api/v1/webhooks/:platform — a partner says its offers for a title changed. Verified
 * (signature, timestamp, event id seen once), acknowledged with 202, and processed through the
 * availability queue. Nothing is stored before the signature checks out.
 */
export const webhooks = new Hono<AppEnv>().post(
  '/:platform',
  validate('param', WebhookParamsSchema),
  async (c) => {
    const { platform } = c.req.valid('param');
    const out = await receiveWebhook(
      { ...c.var.services.webhooks(), log: c.var.log },
      {
        platform,
        timestamp: c.req.header('x-marquee-timestamp'),
        signature: c.req.header('x-marquee-signature'),
        body: await c.req.text(),
      },
    );
    return c.json(out, out.status === 'accepted' ? 202 : 200);
  },
);
