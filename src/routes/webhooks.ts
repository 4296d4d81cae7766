import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { validate } from '../middleware/validate';
import { WebhookPayloadSchema, type AvailabilityMessage } from '../schemas/availability';
import { verifyWebhook } from '../services/availability/webhook-signature';
import type { AppEnv } from '../types';

const REPLAY_TTL_SECONDS = 24 * 3600;

/**
 * POST /api/v1/webhooks/:platform — a partner says its offers for a title changed. Verified
 * (signature, timestamp, event id seen once), acknowledged with 202, and processed through the
 * availability queue. Nothing is stored before the signature checks out.
 */
export const webhooks = new Hono<AppEnv>().post(
  '/:platform',
  validate('param', z.object({ platform: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a platform id such as "netflix"') })),
  async (c) => {
    const { platform } = c.req.valid('param');
    const { repo, replay } = c.var.services.availability();
    const secret = await repo.webhookSecret(platform);
    if (secret === undefined) throw new AppError('NOT_FOUND', `No platform "${platform}"`);
    if (!secret) throw new AppError('NOT_FOUND', `Platform "${platform}" has no webhook configured`);
    const raw = await c.req.text();
    const check = await verifyWebhook(secret, c.req.header('x-marquee-timestamp'), c.req.header('x-marquee-signature'), raw, Math.floor(Date.now() / 1000));
    if (!check.ok) throw new AppError('UNAUTHORIZED', `Webhook rejected: ${check.reason}`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AppError('BAD_REQUEST', 'Malformed JSON in webhook body');
    }
    const parsed = WebhookPayloadSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
      throw new AppError('VALIDATION_FAILED', `Invalid webhook payload: ${issues[0]?.path} ${issues[0]?.message}`, { details: issues });
    }
    const p = parsed.data;
    if (!(await repo.contentExists(p.contentId))) throw new AppError('VALIDATION_FAILED', `Unknown contentId "${p.contentId}"`);
    let first = true;
    try {
      first = await replay.firstSeen(`webhook:${platform}:${p.eventId}`, REPLAY_TTL_SECONDS);
    } catch (err) {
      // Processing is idempotent, so a Redis outage only costs a redundant diff.
      c.var.log.warn('webhook replay guard unavailable; processing anyway', { error: err, platform });
    }
    if (!first) return c.json({ status: 'duplicate', eventId: p.eventId }, 200);
    const message: AvailabilityMessage = {
      kind: 'snapshot', platformId: platform, eventId: p.eventId, contentId: p.contentId, region: p.region, offers: p.offers, source: `webhook:${platform}`,
    };
    await c.var.services.availabilityOutbox().send([{ body: message }]);
    return c.json({ status: 'accepted', eventId: p.eventId }, 202);
  },
);
