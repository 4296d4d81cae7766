/** Cron triggers: translate the schedule into a sweep of its priority tier on the queue. */
import { createLogger } from '../lib/logger';
import { CRON_TIERS, sweepFor } from '../services/availability/polling';

export async function onSchedule(controller: ScheduledController, env: Env): Promise<void> {
  const tier = CRON_TIERS[controller.cron];
  const log = createLogger({ cron: controller.cron });
  if (!tier) {
    log.warn('no job for this cron expression');
    return;
  }
  await env.AVAILABILITY_QUEUE.send(sweepFor(tier));
  log.info('availability sweep started', { tier });
}
