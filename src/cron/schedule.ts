/** Cron triggers: translate the schedule into a sweep of its priority tier on the queue. */
import { AVAILABILITY_QUEUE_NAME, isolateServices } from '../container';
import { createLogger } from '../lib/logger';
import { M } from '../lib/metrics/families';
import { startRequestTrace } from '../lib/trace';
import { CRON_TIERS, sweepFor } from '../services/availability/polling';

export async function onSchedule(controller: ScheduledController, env: Env, ctx?: ExecutionContext): Promise<void> {
  const tier = CRON_TIERS[controller.cron];
  const iso = isolateServices(env);
  const trace = startRequestTrace(undefined);
  const log = createLogger({ cron: controller.cron, traceId: trace.traceId, spanId: trace.spanId }, iso.config.logLevel);
  if (!tier) {
    log.warn('no job for this cron expression');
    return;
  }
  await env.AVAILABILITY_QUEUE.send(sweepFor(tier));
  log.info('availability sweep started', { tier });
  const metrics = iso.metrics;
  metrics.recorder.inc(M.queueEnqueued, { queue: AVAILABILITY_QUEUE_NAME });
  ctx?.waitUntil(metrics.flusher.flush(metrics.store, log.warn));
}
