/** The metric families Marquee exposes, and how stored series become Prometheus samples. */
import { parseSeriesKey, seriesKey, type MetricFamily, type Sample } from './exposition';
import { LATENCY_BUCKETS, SUM_MICROS_SUFFIX } from './recorder';

export const M = {
  httpRequests: 'marquee_http_requests_total',
  httpErrors: 'marquee_http_errors_total',
  httpDuration: 'marquee_http_request_duration_seconds',
  searchCache: 'marquee_search_cache_lookups_total',
  breakerState: 'marquee_platform_breaker_state',
  platformRequests: 'marquee_platform_requests_total',
  platformDuration: 'marquee_platform_request_duration_seconds',
  queueEnqueued: 'marquee_queue_messages_enqueued_total',
  queueConsumed: 'marquee_queue_messages_consumed_total',
  queueRetried: 'marquee_queue_messages_retried_total',
  queueDepth: 'marquee_queue_depth_estimate',
  queueOldestAge: 'marquee_queue_oldest_message_age_seconds',
  storeUp: 'marquee_metrics_store_up',
} as const;

export const FAMILIES: MetricFamily[] = [
  {
    name: M.httpRequests,
    type: 'counter',
    help: 'HTTP requests by matched route pattern, method and status class (2xx..5xx); route="unmatched" when no route matched.',
  },
  {
    name: M.httpErrors,
    type: 'counter',
    help: 'HTTP responses with a 4xx or 5xx status, by route pattern, method and status class.',
  },
  {
    name: M.httpDuration,
    type: 'histogram',
    help: 'HTTP request duration in seconds by matched route pattern and method (wall time as the isolate saw it).',
  },
  {
    name: M.searchCache,
    type: 'counter',
    help: "Search answer cache lookups by layer (memo = the isolate's memory, edge = Cache API per data centre, kv = global KV) and result (hit/miss); personalised searches skip the caches and are not counted.",
  },
  {
    name: M.breakerState,
    type: 'gauge',
    help: "Each platform's circuit breaker state, read live from its PlatformGate Durable Object: 1 for the current state, 0 for the others.",
  },
  {
    name: M.platformRequests,
    type: 'counter',
    help: 'Calls to partner platform APIs through their gates, by platform and outcome (success, error, rate_limited by the platform, refused by the gate).',
  },
  {
    name: M.platformDuration,
    type: 'histogram',
    help: 'Partner platform API call duration in seconds, by platform (calls the gate let through).',
  },
  {
    name: M.queueEnqueued,
    type: 'counter',
    help: 'Messages this Worker sent to the queue, counted in Redis (Cloudflare Queues do not expose depth to a Worker).',
  },
  {
    name: M.queueConsumed,
    type: 'counter',
    help: 'Messages finished by the consumer: acked, or dead-lettered after their retries; counted in Redis.',
  },
  {
    name: M.queueRetried,
    type: 'counter',
    help: 'Deliveries the consumer handed back for a retry with backoff.',
  },
  {
    name: M.queueDepth,
    type: 'gauge',
    help: 'Estimated messages waiting (including delayed ones): enqueued minus consumed as counted in Redis, not read from Cloudflare Queues, which do not expose depth to a Worker. Counts not yet flushed from an isolate (a few seconds) or lost with an evicted isolate skew it.',
  },
  {
    name: M.queueOldestAge,
    type: 'gauge',
    help: 'Age in seconds (now minus message.timestamp) of the oldest message in the most recently consumed batch; a proxy for queue lag, since Cloudflare Queues do not expose the oldest waiting message to a Worker.',
  },
  {
    name: M.storeUp,
    type: 'gauge',
    help: "1 when the shared metrics store (Redis) answered this scrape; 0 means only this isolate's unflushed figures are shown.",
  },
];

/** Turns the stored counter and gauge hashes into samples (sums to seconds, _count from +Inf, depth derived). */
export function storedSamples(
  counters: Record<string, unknown>,
  gauges: Record<string, unknown>,
): Sample[] {
  const out: Sample[] = [];
  const depth = new Map<string, number>();
  for (const [key, raw] of Object.entries(counters)) {
    const s = parseSeriesKey(key);
    const value = Number(raw);
    if (!s || !Number.isFinite(value)) continue;
    if (s.name.endsWith(SUM_MICROS_SUFFIX)) {
      out.push({
        name: `${s.name.slice(0, -SUM_MICROS_SUFFIX.length)}_sum`,
        labels: s.labels,
        value: value / 1e6,
      });
      continue;
    }
    out.push({ name: s.name, labels: s.labels, value });
    if (s.name.endsWith('_bucket') && s.labels.le === '+Inf') {
      const { le: _le, ...labels } = s.labels;
      out.push({ name: `${s.name.slice(0, -'_bucket'.length)}_count`, labels, value });
    }
    const queue = s.labels.queue;
    if (queue && s.name === M.queueEnqueued) depth.set(queue, (depth.get(queue) ?? 0) + value);
    if (queue && s.name === M.queueConsumed) depth.set(queue, (depth.get(queue) ?? 0) - value);
  }
  // Buckets are stored only once something fell in them; Prometheus wants every bucket of a series.
  const seen = new Set(
    out.filter((x) => x.name.endsWith('_bucket')).map((x) => seriesKey(x.name, x.labels)),
  );
  for (const x of out.filter((x) => x.name.endsWith('_bucket') && x.labels.le === '+Inf')) {
    for (const le of LATENCY_BUCKETS) {
      const labels = { ...x.labels, le: String(le) };
      if (!seen.has(seriesKey(x.name, labels))) out.push({ name: x.name, labels, value: 0 });
    }
  }
  for (const [queue, n] of depth)
    out.push({ name: M.queueDepth, labels: { queue }, value: Math.max(0, n) });
  for (const [key, raw] of Object.entries(gauges)) {
    const s = parseSeriesKey(key);
    const value = Number(raw);
    if (s && Number.isFinite(value)) out.push({ name: s.name, labels: s.labels, value });
  }
  return out;
}

/** Status class label: "2xx" .. "5xx". */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;
