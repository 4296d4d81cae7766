/**
 * The availability queue consumer: thin — parse each message, apply it, ack; retry failures
 * with exponential backoff and jitter; after max_retries (wrangler.toml) the platform sends
 * it to the dead-letter queue, whose consumer records why.
 */
import { isolateServices, requestServices } from '../container';
import { createLogger } from '../lib/logger';
import { AvailabilityMessageSchema } from '../schemas/availability';
import { applyPlatformSnapshot } from '../services/availability/apply-snapshot';
import { runCheck, runSweep, type PollingDeps } from '../services/availability/polling';

export const backoffSeconds = (attempts: number, random = Math.random) =>
  Math.min(600, Math.round(5 * 2 ** Math.max(0, attempts - 1) * (0.75 + random() * 0.5)));

const reasonKey = (id: string) => `dlq:reason:${id}`;

export async function consumeAvailability(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const iso = isolateServices(env);
  const services = requestServices(iso);
  const log = createLogger({ queue: batch.queue }, iso.config.logLevel);
  try {
    if (batch.queue.endsWith('-dlq')) {
      for (const msg of batch.messages) {
        const reason = iso.redis ? await iso.redis.get<string>(reasonKey(msg.id)).catch(() => null) : null;
        log.error('availability message dead-lettered', { messageId: msg.id, attempts: msg.attempts, reason: reason ?? 'unknown', body: msg.body });
        await services.availability().repo.recordDeadLetter(msg.id, reason ?? 'unknown', msg.body);
        msg.ack();
      }
      return;
    }
    const avail = services.availability();
    const polling: PollingDeps = {
      ...services.verification(),
      outbox: { send: async (messages) => void (await env.AVAILABILITY_QUEUE.sendBatch(messages)) },
      backoffSeconds,
      recordDeadLetter: (reason, body) => avail.repo.recordDeadLetter(`check:${crypto.randomUUID()}`, reason, body),
    };
    for (const msg of batch.messages) {
      const parsed = AvailabilityMessageSchema.safeParse(msg.body);
      if (!parsed.success) {
        // A malformed message will never succeed: straight to the dead-letter record, no retries.
        log.error('malformed availability message dropped', { messageId: msg.id, issues: parsed.error.issues.slice(0, 3) });
        msg.ack();
        continue;
      }
      try {
        const m = parsed.data;
        if (m.kind === 'sweep') {
          const n = await runSweep(polling, m);
          log.info('availability sweep page', { tier: m.tier, offset: m.offset, titles: n });
        } else if (m.kind === 'check') {
          const r = await runCheck(polling, m);
          if (r.changes || r.failed.length || r.deferred.length) log.info('availability checked', { contentId: m.contentId, region: m.region, ...r });
        } else {
          const events = await applyPlatformSnapshot(avail, m);
          if (events.length) log.info('availability changed', { contentId: m.contentId, platformId: m.platformId, region: m.region, events: events.map((e) => `${e.kind}:${e.priceTier}`) });
        }
        msg.ack();
      } catch (err) {
        const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        if (iso.redis) await iso.redis.set(reasonKey(msg.id), reason, { ex: 7 * 86400 }).catch(() => null);
        log.warn('availability message failed; retrying', { messageId: msg.id, attempts: msg.attempts, reason });
        msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      }
    }
  } finally {
    ctx.waitUntil(services.dispose());
  }
}
