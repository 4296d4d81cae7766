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

const FOREIGN_FLUSH_WAIT_MS = 1000;
const STUCK_FLUSH_MS = 30_000;

async function waitAtMost(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export class MetricsFlusher {
  private lastFlush = 0;
  private inFlight: Promise<void> | undefined;
  private inFlightAt = 0;

  constructor(
    readonly recorder: MetricsRecorder,
    private readonly opts: FlushOptions,
  ) {}

  /** A flush when the interval has passed and something was recorded; undefined otherwise. */
  maybeFlush(
    store: MetricsStore | undefined,
    warn?: FlushOptions['warn'],
  ): Promise<void> | undefined {
    const now = (this.opts.now ?? Date.now)();
    // A flush that never settled (its request was cancelled) must not block the isolate's flushes forever.
    const busy = this.inFlight !== undefined && now - this.inFlightAt < STUCK_FLUSH_MS;
    if (!store || this.recorder.isEmpty || busy || now - this.lastFlush < this.opts.intervalMs)
      return undefined;
    return this.flush(store, warn);
  }

  /**
   * Flushes now (after any flush in flight), e.g. before a scrape or at the end of a queue
   * batch. `warn` (the caller's logger, with its trace ids) reports a failure.
   */
  async flush(
    store: MetricsStore | undefined,
    warn: FlushOptions['warn'] = this.opts.warn,
  ): Promise<void> {
    // Let another request's flush land first (a scrape then sees it), but never wait on it
    // for long: it belongs to another request's context, which may be cancelled.
    if (this.inFlight) await waitAtMost(this.inFlight, FOREIGN_FLUSH_WAIT_MS);
    if (!store || this.recorder.isEmpty) return;
    this.lastFlush = (this.opts.now ?? Date.now)();
    const drained = this.recorder.drain();
    const flight: Promise<void> = store
      .add(drained)
      .catch((err: unknown) => {
        this.recorder.restore(drained);
        warn('metrics flush failed; keeping the figures for the next flush', {
          error: err instanceof Error ? err.message : String(err),
        });
      })
      .finally(() => {
        if (this.inFlight === flight) this.inFlight = undefined;
      });
    this.inFlight = flight;
    this.inFlightAt = this.lastFlush;
    await flight;
  }
}
