/**
 * Cron triggers: each schedule starts a sweep of its availability priority tier on the queue;
 * the hourly and daily ones also refresh the recommendation models (incrementally, in full).
 */
import { isolateServices, requestServices } from '../container';
import { createLogger } from '../lib/logger';
import { REGIONS } from '../schemas/content';
import { CRON_TIERS, sweepFor } from '../services/availability/polling';
import { RECS_CRONS, refreshRecommendations } from '../services/recommendations/refresh';

export async function onSchedule(controller: ScheduledController, env: Env): Promise<void> {
  const log = createLogger({ cron: controller.cron });
  const tier = CRON_TIERS[controller.cron];
  const recs = RECS_CRONS[controller.cron];
  if (!tier && !recs) {
    log.warn('no job for this cron expression');
    return;
  }
  if (tier) {
    await env.AVAILABILITY_QUEUE.send(sweepFor(tier));
    log.info('availability sweep started', { tier });
  }
  if (recs) {
    const services = requestServices(isolateServices(env));
    try {
      const trending = services.trending();
      const report = await refreshRecommendations({ repo: trending.repo, trending }, { full: recs.full, regions: REGIONS });
      log.info('recommendation models refreshed', report);
    } catch (err) {
      // The next run catches up from the same watermark; the sweep above is already queued.
      log.error('recommendation refresh failed', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      await services.dispose();
    }
  }
}
