/**
 * The Prometheus scrape: counters and histograms are the sum over all isolates as flushed to
 * Redis (this isolate flushes first); breaker states are read live from each platform's gate.
 * Without Redis, this isolate's own figures are shown and marquee_metrics_store_up is 0.
 */
import {
  PROMETHEUS_CONTENT_TYPE,
  renderExposition,
  type Sample,
} from '../../lib/metrics/exposition';
import { FAMILIES, M, storedSamples } from '../../lib/metrics/families';
import type { MetricsFlusher, MetricsStore } from '../../lib/metrics/flusher';
import type { MetricsRecorder } from '../../lib/metrics/recorder';

export { PROMETHEUS_CONTENT_TYPE };

const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

export interface MetricsScrapeDeps {
  recorder: Pick<MetricsRecorder, 'peek'>;
  flusher: Pick<MetricsFlusher, 'flush'>;
  /** Undefined without Redis. */
  store: MetricsStore | undefined;
  /** The platforms whose breakers are reported (from Postgres). */
  platforms: () => Promise<{ id: string }[]>;
  breakerState: (platformId: string) => Promise<(typeof BREAKER_STATES)[number]>;
  log: { warn(msg: string, fields?: Record<string, unknown>): void };
}

/** The exposition text. Never fails: what cannot be read is left out, with a warning. */
export async function scrapeMetrics(deps: MetricsScrapeDeps): Promise<string> {
  const { flusher, store, recorder, log } = deps;
  let samples: Sample[];
  let storeUp = 0;
  try {
    if (!store) throw new Error('Redis is not configured');
    await flusher.flush(store, log.warn);
    const stored = await store.read();
    samples = storedSamples(stored.counters, stored.gauges);
    storeUp = 1;
  } catch (err) {
    log.warn('metrics store unavailable; showing this isolate only', { error: err });
    const local = recorder.peek();
    samples = storedSamples(Object.fromEntries(local.counters), Object.fromEntries(local.gauges));
  }
  samples.push({ name: M.storeUp, labels: {}, value: storeUp });
  try {
    samples.push(...(await breakerSamples(deps, await deps.platforms())));
  } catch (err) {
    // The platform list lives in Postgres; without it the scrape still answers, without breaker states.
    log.warn('platform list unavailable; metrics without breaker states', { error: err });
  }
  return renderExposition(FAMILIES, samples);
}

async function breakerSamples(
  deps: MetricsScrapeDeps,
  platforms: { id: string }[],
): Promise<Sample[]> {
  const out = await Promise.all(
    platforms.map(async (p): Promise<Sample[]> => {
      try {
        const state = await deps.breakerState(p.id);
        return BREAKER_STATES.map((s) => ({
          name: M.breakerState,
          labels: { platform: p.id, state: s },
          value: state === s ? 1 : 0,
        }));
      } catch (err) {
        deps.log.warn('platform gate unreadable for metrics', { platformId: p.id, error: err });
        return [];
      }
    }),
  );
  return out.flat();
}
