/**
 * The availability queue consumer: thin — parse each message, apply it, ack; retry failures
 * with exponential backoff and jitter; after max_retries (wrangler.toml) the platform sends
 * it to the dead-letter queue, whose consumer records why.
 */
import { isolateServices, requestServices } from '../container';
import { createLogger } from '../lib/logger';
import { M } from '../lib/metrics/families';
import { startRequestTrace } from '../lib/trace';
import { AvailabilityMessageSchema } from '../schemas/availability';
import { applyPlatformSnapshot } from '../services/availability/apply-snapshot';
import { runCheck, runSweep, type PollingDeps } from '../services/availability/polling';

export const backoffSeconds = (attempts: number, random = Math.random) =>
  Math.min(600, Math.round(5 * 2 ** Math.max(0, attempts - 1) * (0.75 + random() * 0.5)));

const reasonKey = (id: string) => `dlq:reason:${id}`;

export async function consumeAvailability(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const iso = isolateServices(env);
  const trace = startRequestTrace(undefined);
  const log = createLogger({ queue: batch.queue, traceId: trace.traceId, spanId: trace.spanId }, iso.config.logLevel);
  const services = requestServices(iso, log);
  const metrics = iso.metrics.recorder;
  // Depth and age are counted here because Cloudflare Queues do not expose them to a Worker.
  const queue = batch.queue.replace(/-dlq$/, '');
  const consumed = (outcome: 'acked' | 'dropped' | 'dead_lettered') => metrics.inc(M.queueConsumed, { queue, outcome });
  try {
    if (batch.queue.endsWith('-dlq')) {
      for (const msg of batch.messages) {
        const unread = (err: unknown) => {
          log.warn('dead-letter reason not read from Redis', { messageId: msg.id, error: err });
          return null;
        };
        const reason = iso.redis ? await iso.redis.get<string>(reasonKey(msg.id)).catch(unread) : null;
        log.error('availability message dead-lettered', { messageId: msg.id, attempts: msg.attempts, reason: reason ?? 'unknown', body: msg.body });
        await services.availability().repo.recordDeadLetter(msg.id, reason ?? 'unknown', msg.body);
        msg.ack();
        consumed('dead_lettered');
      }
      return;
    }
    const now = Date.now();
    const oldest = batch.messages.reduce((max, m) => Math.max(max, now - m.timestamp.getTime()), 0);
    if (batch.messages.length) metrics.setGauge(M.queueOldestAge, { queue }, Math.max(0, Math.round(oldest / 100) / 10));
    const avail = services.availability();
    const polling: PollingDeps = {
      ...services.verification(),
      outbox: services.availabilityOutbox(),
      backoffSeconds,
      recordDeadLetter: (reason, body) => avail.repo.recordDeadLetter(`check:${crypto.randomUUID()}`, reason, body),
    };
    for (const msg of batch.messages) {
      const parsed = AvailabilityMessageSchema.safeParse(msg.body);
      if (!parsed.success) {
        // A malformed message will never succeed: straight to the dead-letter record, no retries.
        log.error('malformed availability message dropped', { messageId: msg.id, issues: parsed.error.issues.slice(0, 3) });
        msg.ack();
        consumed('dropped');
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
        consumed('acked');
      } catch (err) {
        const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        if (iso.redis) {
          await iso.redis.set(reasonKey(msg.id), reason, { ex: 7 * 86400 }).catch((e: unknown) => {
            log.warn('failure reason not kept in Redis (a dead letter will say "unknown")', { messageId: msg.id, error: e });
          });
        }
        log.warn('availability message failed; retrying', { messageId: msg.id, attempts: msg.attempts, reason });
        msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
        metrics.inc(M.queueRetried, { queue });
      }
    }
  } finally {
    // A batch is already background work: its metrics go to Redis now (one round trip a batch).
    ctx.waitUntil(Promise.all([services.dispose(), iso.metrics.flusher.flush(iso.metrics.store, log.warn)]));
  }
}
