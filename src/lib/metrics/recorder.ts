/**
 * Per-isolate accumulation of counters, histograms and last-value gauges, drained in one
 * piece for a flush to the shared store. Histograms are kept as cumulative bucket counters
 * (`le` labels) plus a sum in microseconds, so every series is an integer that adds up
 * across isolates with HINCRBY.
 */
import { seriesKey, type Labels } from './exposition';

/** Seconds; the same buckets for every latency histogram keep the store's field count bounded. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Suffix of the stored sum field: microseconds as an integer, rendered as seconds. */
export const SUM_MICROS_SUFFIX = '_sum_micros';

export interface MetricsDrain {
  /** Series key → amount to add. */
  counters: Map<string, number>;
  /** Series key → last value (gauges that are "latest observation", not sums). */
  gauges: Map<string, number>;
}

export class MetricsRecorder {
  private counters = new Map<string, number>();
  private gauges = new Map<string, number>();

  inc(name: string, labels: Labels = {}, by = 1): void {
    const key = seriesKey(name, labels);
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  /** Records a duration in seconds into `name`'s histogram. */
  observe(name: string, labels: Labels, seconds: number): void {
    for (const le of LATENCY_BUCKETS)
      if (seconds <= le) this.inc(`${name}_bucket`, { ...labels, le: String(le) });
    this.inc(`${name}_bucket`, { ...labels, le: '+Inf' });
    this.inc(`${name}${SUM_MICROS_SUFFIX}`, labels, Math.max(0, Math.round(seconds * 1e6)));
  }

  setGauge(name: string, labels: Labels, value: number): void {
    this.gauges.set(seriesKey(name, labels), value);
  }

  /** Keeps the larger of the current and the new value (e.g. the oldest message age seen). */
  maxGauge(name: string, labels: Labels, value: number): void {
    const key = seriesKey(name, labels);
    this.gauges.set(key, Math.max(this.gauges.get(key) ?? -Infinity, value));
  }

  get isEmpty(): boolean {
    return this.counters.size === 0 && this.gauges.size === 0;
  }

  /** A copy of what is recorded and not yet flushed. */
  peek(): MetricsDrain {
    return { counters: new Map(this.counters), gauges: new Map(this.gauges) };
  }

  /** Takes everything recorded so far, leaving the recorder empty. */
  drain(): MetricsDrain {
    const d = { counters: this.counters, gauges: this.gauges };
    this.counters = new Map();
    this.gauges = new Map();
    return d;
  }

  /** Puts back a drain whose flush failed; counters add up, gauges keep the newer value. */
  restore(d: MetricsDrain): void {
    for (const [k, v] of d.counters) this.counters.set(k, (this.counters.get(k) ?? 0) + v);
    for (const [k, v] of d.gauges) if (!this.gauges.has(k)) this.gauges.set(k, v);
  }
}
