/**
 * Moves an isolate's recorded metrics to the shared store at most once per interval, off the
 * request path (the caller hands the returned promise to waitUntil). A failed flush puts the
 * figures back (series are few, so memory stays bounded) and logs a warning; it never throws.
 */
import type { MetricsDrain, MetricsRecorder } from './recorder';

export interface MetricsStore {
  /** Adds counters and sets gauges, all or nothing. */
  add(d: MetricsDrain): Promise<void>;
  read(): Promise<{ counters: Record<string, unknown>; gauges: Record<string, unknown> }>;
}

export interface FlushOptions {
  intervalMs: number;
  warn: (msg: string, fields: Record<string, unknown>) => void;
  now?: () => number;
}

export class MetricsFlusher {
  private lastFlush = 0;
  private inFlight: Promise<void> | undefined;

  constructor(
    readonly recorder: MetricsRecorder,
    private readonly opts: FlushOptions,
  ) {}

  /** A flush when the interval has passed and something was recorded; undefined otherwise. */
  maybeFlush(store: MetricsStore | undefined, warn?: FlushOptions['warn']): Promise<void> | undefined {
    const now = (this.opts.now ?? Date.now)();
    if (!store || this.recorder.isEmpty || this.inFlight || now - this.lastFlush < this.opts.intervalMs) return undefined;
    return this.flush(store, warn);
  }

  /** Flushes now (after any flush in flight), e.g. before a scrape or at the end of a queue batch. */
  /** `warn` (the caller's logger, with its trace ids) reports a failure; the isolate's otherwise. */
  async flush(store: MetricsStore | undefined, warn: FlushOptions['warn'] = this.opts.warn): Promise<void> {
    if (this.inFlight) await this.inFlight;
    if (!store || this.recorder.isEmpty) return;
    this.lastFlush = (this.opts.now ?? Date.now)();
    const drained = this.recorder.drain();
    this.inFlight = store
      .add(drained)
      .catch((err: unknown) => {
        this.recorder.restore(drained);
        warn('metrics flush failed; keeping the figures for the next flush', { error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    await this.inFlight;
  }
}
