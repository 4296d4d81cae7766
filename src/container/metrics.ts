/**
 * Metrics: each isolate adds up its figures in memory (no I/O on the request path) and flushes
 * them to Redis in one MULTI of HINCRBYs at most every METRICS_FLUSH_MS, through waitUntil;
 * a scrape reads the sum over all isolates from Redis. Chosen over a Durable Object because a
 * DO would be one more paid round trip per flush into a single global object, while Redis is
 * already a dependency and HINCRBY sums across isolates for free. Cost: figures an evicted
 * isolate had not flushed (at most a few seconds' worth) are lost, and a Redis outage only
 * delays them (they stay in memory, bounded by the few series, until a flush succeeds).
 */
import type { Redis } from '@upstash/redis/cloudflare';
import { createBreakerReader } from '../adapters/cloudflare/platform-gates';
import { createRedisMetricsStore } from '../adapters/upstash/metrics-store';
import { createCatalogRepository } from '../db/repositories/catalog';
import { createLogger } from '../lib/logger';
import { MetricsFlusher, type MetricsStore } from '../lib/metrics/flusher';
import { MetricsRecorder } from '../lib/metrics/recorder';
import type { MetricsScrapeDeps } from '../services/ops/metrics-scrape';
import type { RequestScope } from './request-scope';

export interface IsolateMetrics {
  recorder: MetricsRecorder;
  flusher: MetricsFlusher;
  /** Undefined without Redis: metrics then live only in each isolate's memory. */
  store: MetricsStore | undefined;
}

export const METRICS_FLUSH_MS = 5_000;
// Module scope, not per env: the recorder must outlive a rebuilt IsolateServices.
const metricsRecorder = new MetricsRecorder();
/** For isolate-level events outside any request (a request's own logger is preferred). */
export const isolateLog = createLogger({ component: 'isolate' });
const metricsFlusher = new MetricsFlusher(metricsRecorder, {
  intervalMs: METRICS_FLUSH_MS,
  warn: (msg, fields) => isolateLog.warn(msg, fields),
});

export function isolateMetrics(redis: Redis | undefined): IsolateMetrics {
  return {
    recorder: metricsRecorder,
    flusher: metricsFlusher,
    store: redis ? createRedisMetricsStore(redis) : undefined,
  };
}

export interface MetricsServices {
  /** This isolate's metrics recorder and its flush to the shared store. */
  metrics: IsolateMetrics;
  /** What the Prometheus scrape reads: the stored sums, this isolate's figures, each platform's breaker. */
  metricsScrape(): Omit<MetricsScrapeDeps, 'log'>;
}

export function metricsServices(scope: RequestScope): MetricsServices {
  const { metrics, env } = scope.iso;
  return {
    metrics,
    metricsScrape: () => ({
      ...metrics,
      platforms: () => createCatalogRepository(scope.db()).platformLimits(),
      breakerState: createBreakerReader(env.PLATFORM_GATE),
    }),
  };
}
