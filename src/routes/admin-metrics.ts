import { Hono } from 'hono';
import { M, FAMILIES, storedSamples } from '../lib/metrics/families';
import { PROMETHEUS_CONTENT_TYPE, renderExposition, type Sample } from '../lib/metrics/exposition';
import type { AppEnv } from '../types';

const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

/**
 * GET /api/v1/admin/metrics: Prometheus text format. Counters and histograms are the sum over
 * all isolates as flushed to Redis (this isolate flushes first); breaker states are read live
 * from each platform's gate. Without Redis, this isolate's own figures are shown and
 * marquee_metrics_store_up is 0.
 */
export const adminMetrics = new Hono<AppEnv>().get('/', async (c) => {
  const s = c.var.services;
  const { flusher, store, recorder } = s.metrics;
  let samples: Sample[];
  let storeUp = 0;
  try {
    if (!store) throw new Error('Redis is not configured');
    await flusher.flush(store, c.var.log.warn);
    const stored = await store.read();
    samples = storedSamples(stored.counters, stored.gauges);
    storeUp = 1;
  } catch (err) {
    c.var.log.warn('metrics store unavailable; showing this isolate only', { error: err });
    const local = recorder.peek();
    samples = storedSamples(Object.fromEntries(local.counters), Object.fromEntries(local.gauges));
  }
  samples.push({ name: M.storeUp, labels: {}, value: storeUp });
  try {
    samples.push(...(await breakerSamples(c.env.PLATFORM_GATE, await s.catalog().platformLimits(), c.var.log)));
  } catch (err) {
    // The platform list lives in Postgres; without it the scrape still answers, without breaker states.
    c.var.log.warn('platform list unavailable; metrics without breaker states', { error: err });
  }
  return c.body(renderExposition(FAMILIES, samples), 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
});

async function breakerSamples(ns: Env['PLATFORM_GATE'], platforms: { id: string }[], log: AppEnv['Variables']['log']): Promise<Sample[]> {
  const out = await Promise.all(
    platforms.map(async (p): Promise<Sample[]> => {
      try {
        const snap = await ns.get(ns.idFromName(p.id)).snapshot();
        return BREAKER_STATES.map((state) => ({ name: M.breakerState, labels: { platform: p.id, state }, value: snap.breaker === state ? 1 : 0 }));
      } catch (err) {
        log.warn('platform gate unreadable for metrics', { platformId: p.id, error: err });
        return [];
      }
    }),
  );
  return out.flat();
}
