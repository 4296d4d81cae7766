/**
 * Cron triggers: each schedule starts a sweep of its availability priority tier on the queue;
 * the hourly and daily ones also refresh the recommendation models (incrementally, in full)
 * and apply retention (services/ops/retention.ts); every one drains the search log into
 * search_history.
 */
import { AVAILABILITY_QUEUE_NAME, isolateServices, requestServices } from '../container';
import { createLogger } from '../lib/logger';
import { M } from '../lib/metrics/families';
import { startRequestTrace } from '../lib/trace';
import { REGIONS } from '../schemas/content';
import { CRON_TIERS, sweepFor } from '../services/availability/polling';
import { RECS_CRONS, refreshRecommendations } from '../services/recommendations/refresh';
import { CATALOG_CRONS, scheduledSync } from '../services/catalog/ingest/run';
import { applyRetention, RETENTION_CRONS } from '../services/ops/retention';

export async function onSchedule(controller: ScheduledController, env: Env, ctx?: ExecutionContext): Promise<void> {
  const tier = CRON_TIERS[controller.cron];
  const recs = RECS_CRONS[controller.cron];
  const catalog = CATALOG_CRONS[controller.cron];
  const iso = isolateServices(env);
  const trace = startRequestTrace(undefined);
  const log = createLogger({ cron: controller.cron, traceId: trace.traceId, spanId: trace.spanId }, iso.config.logLevel);
  const retention = RETENTION_CRONS[controller.cron];
  if (!tier && !recs && !catalog && !retention) {
    log.warn('no job for this cron expression');
    return;
  }
  if (tier) {
    await env.AVAILABILITY_QUEUE.send(sweepFor(tier));
    log.info('availability sweep started', { tier });
    const metrics = iso.metrics;
    metrics.recorder.inc(M.queueEnqueued, { queue: AVAILABILITY_QUEUE_NAME });
    ctx?.waitUntil(metrics.flusher.flush(metrics.store, log.warn));
  }
  if (catalog) {
    const services = requestServices(iso, log);
    try {
      const r = await scheduledSync(services.ingestion(), catalog);
      log.info('catalog syncs started', { mode: catalog, resumed: r.resumed, started: r.started });
    } catch (err) {
      // The next tick tries again; the availability sweep above is already queued.
      log.error('catalog sync not started', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      await services.dispose();
    }
  }
  if (recs) {
    const services = requestServices(iso);
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
  if (retention) {
    const services = requestServices(iso, log);
    try {
      const removed = await applyRetention(services.retention(), iso.config.retention);
      log.info('retention applied', removed);
    } catch (err) {
      // The next tick deletes what this one could not.
      log.error('retention failed', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      await services.dispose();
    }
  }
  // Every tick moves the searches waiting in the search log into search_history.
  const services = requestServices(iso, log);
  try {
    const moved = await services.drainSearchLog();
    if (moved) log.info('search log drained', { moved });
  } finally {
    await services.dispose();
  }
}
