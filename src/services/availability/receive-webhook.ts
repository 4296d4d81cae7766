/**
 * A partner says its offers for a title changed. Verified (signature, timestamp, event id seen
 * once) before anything is stored, then handed to the availability queue, whose consumer
 * applies it idempotently.
 */
import { AppError } from '../../lib/errors';
import { WebhookPayloadSchema, type AvailabilityMessage } from '../../schemas/availability';
import type { Outbox } from './polling';
import type { AvailabilityRepository, ReplayGuard } from './ports';
import { verifyWebhook } from './webhook-signature';

/** How long an event id is remembered (a replay after that is refused by its timestamp). */
export const REPLAY_TTL_SECONDS = 24 * 3600;

export interface WebhookDeps {
  repo: Pick<AvailabilityRepository, 'webhookSecret' | 'contentExists'>;
  replay: ReplayGuard;
  outbox: Outbox;
  log: { warn(msg: string, fields?: Record<string, unknown>): void };
  now?: () => number;
}

export interface WebhookDelivery {
  platform: string;
  timestamp: string | undefined;
  signature: string | undefined;
  /** The raw body, as signed. */
  body: string;
}

export async function receiveWebhook(deps: WebhookDeps, d: WebhookDelivery): Promise<{ status: 'accepted' | 'duplicate'; eventId: string }> {
  const { platform } = d;
  const secret = await deps.repo.webhookSecret(platform);
  if (secret === undefined) throw new AppError('NOT_FOUND', `No platform "${platform}"`);
  if (!secret) throw new AppError('NOT_FOUND', `Platform "${platform}" has no webhook configured`);
  const nowSec = Math.floor((deps.now ?? Date.now)() / 1000);
  const check = await verifyWebhook(secret, d.timestamp, d.signature, d.body, nowSec);
  if (!check.ok) throw new AppError('UNAUTHORIZED', `Webhook rejected: ${check.reason}`);
  let json: unknown;
  try {
    json = JSON.parse(d.body);
  } catch {
    throw new AppError('BAD_REQUEST', 'Malformed JSON in webhook body');
  }
  const parsed = WebhookPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    throw new AppError('VALIDATION_FAILED', `Invalid webhook payload: ${issues[0]?.path} ${issues[0]?.message}`, { details: issues });
  }
  const p = parsed.data;
  if (!(await deps.repo.contentExists(p.contentId))) throw new AppError('VALIDATION_FAILED', `Unknown contentId "${p.contentId}"`);
  // Durable (Postgres) with Redis as the fast path; throws 503 when Postgres cannot answer.
  const replayKey = `webhook:${platform}:${p.eventId}`;
  if (!(await deps.replay.firstSeen(replayKey, REPLAY_TTL_SECONDS))) return { status: 'duplicate', eventId: p.eventId };
  const message: AvailabilityMessage = {
    kind: 'snapshot', platformId: platform, eventId: p.eventId, contentId: p.contentId, region: p.region, offers: p.offers, source: `webhook:${platform}`,
  };
  try {
    await deps.outbox.send([{ body: message }]);
  } catch (err) {
    // Not queued: the partner's retry must not be taken for a replay.
    await deps.replay.release?.(replayKey).catch((e: unknown) => deps.log.warn('could not release a webhook claim', { error: e, platform }));
    throw err;
  }
  return { status: 'accepted', eventId: p.eventId };
}
