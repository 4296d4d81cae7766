import { describe, expect, it } from 'vitest';
import { parseSeriesKey, renderExposition, seriesKey, type MetricFamily } from '../../src/lib/metrics/exposition';
import { FAMILIES, M, storedSamples } from '../../src/lib/metrics/families';
import { MetricsFlusher, type MetricsStore } from '../../src/lib/metrics/flusher';
import { MetricsRecorder } from '../../src/lib/metrics/recorder';

/** What a store holds after adding drains: counters summed, gauges overwritten. */
function memoryStore(failing = () => false) {
  const counters: Record<string, number> = {};
  const gauges: Record<string, number> = {};
  let adds = 0;
  const store: MetricsStore = {
    async add(d) {
      if (failing()) throw new Error('redis down');
      adds++;
      for (const [k, v] of d.counters) counters[k] = (counters[k] ?? 0) + v;
      for (const [k, v] of d.gauges) gauges[k] = v;
    },
    async read() {
      return { counters, gauges };
    },
  };
  return { store, counters, gauges, adds: () => adds };
}

describe('Prometheus text rendering', () => {
  const families: MetricFamily[] = [
    { name: 'a_total', type: 'counter', help: 'A counter.\nSecond line \\ slash' },
    { name: 'lat_seconds', type: 'histogram', help: 'Latency.' },
    { name: 'empty_gauge', type: 'gauge', help: 'Nothing recorded.' },
  ];

  it('writes HELP and TYPE per family, escapes label values and help, and drops undeclared series', () => {
    const text = renderExposition(families, [
      { name: 'a_total', labels: { route: '/x/:id', quote: 'say "hi"\\\n' }, value: 3 },
      { name: 'undeclared_total', labels: {}, value: 1 },
    ]);
    expect(text).toBe(
      [
        '# HELP a_total A counter.\\nSecond line \\\\ slash',
        '# TYPE a_total counter',
        'a_total{quote="say \\"hi\\"\\\\\\n",route="/x/:id"} 3',
        '# HELP lat_seconds Latency.',
        '# TYPE lat_seconds histogram',
        '# HELP empty_gauge Nothing recorded.',
        '# TYPE empty_gauge gauge',
        '',
      ].join('\n'),
    );
  });

  it('orders a histogram by label set, buckets by ascending le, then _sum and _count', () => {
    const r = new MetricsRecorder();
    r.observe('lat_seconds', { route: '/b' }, 0.02);
    r.observe('lat_seconds', { route: '/a' }, 0.2);
    r.observe('lat_seconds', { route: '/a' }, 20);
    const d = r.drain();
    const text = renderExposition(families, storedSamples(Object.fromEntries(d.counters), {}));
    const a = text.split('\n').filter((l) => l.startsWith('lat_seconds') && l.includes('route="/a"'));
    expect(a[0]).toBe('lat_seconds_bucket{route="/a",le="0.005"} 0');
    expect(a).toContain('lat_seconds_bucket{route="/a",le="0.1"} 0');
    expect(a).toContain('lat_seconds_bucket{route="/a",le="0.25"} 1');
    expect(a).toContain('lat_seconds_bucket{route="/a",le="10"} 1');
    expect(a.at(-3)).toBe('lat_seconds_bucket{route="/a",le="+Inf"} 2');
    expect(a).toHaveLength(11 + 1 + 2);
    expect(a.at(-2)).toBe('lat_seconds_sum{route="/a"} 20.2');
    expect(a.at(-1)).toBe('lat_seconds_count{route="/a"} 2');
    // Every /a line comes before every /b line (series of one label set stay together).
    const lines = text.split('\n');
    expect(lines.findLastIndex((l) => l.includes('route="/a"'))).toBeLessThan(lines.findIndex((l) => l.includes('route="/b"')));
  });

  it('round-trips series keys whatever the label order', () => {
    expect(seriesKey('x', { b: '2', a: '1' })).toBe(seriesKey('x', { a: '1', b: '2' }));
    expect(parseSeriesKey(seriesKey('x', { a: 'q"u\\o' }))).toEqual({ name: 'x', labels: { a: 'q"u\\o' } });
    expect(parseSeriesKey('not json')).toBeUndefined();
  });
});

describe('stored metrics', () => {
  it('estimate queue depth as enqueued minus consumed', () => {
    const r = new MetricsRecorder();
    r.inc(M.queueEnqueued, { queue: 'q' }, 10);
    r.inc(M.queueConsumed, { queue: 'q', outcome: 'acked' }, 6);
    r.inc(M.queueConsumed, { queue: 'q', outcome: 'dead_lettered' }, 1);
    r.setGauge(M.queueOldestAge, { queue: 'q' }, 4.5);
    const d = r.drain();
    const text = renderExposition(FAMILIES, storedSamples(Object.fromEntries(d.counters), Object.fromEntries(d.gauges)));
    expect(text).toContain('marquee_queue_depth_estimate{queue="q"} 3');
    expect(text).toContain('marquee_queue_oldest_message_age_seconds{queue="q"} 4.5');
    expect(text).toContain('# TYPE marquee_http_request_duration_seconds histogram');
  });
});

describe('flushing to the shared store', () => {
  it('adds up several isolates, flushes at most once per interval, and keeps figures through a failed flush', async () => {
    let now = 0;
    let down = false;
    const mem = memoryStore(() => down);
    const warnings: string[] = [];
    const isolates = [new MetricsRecorder(), new MetricsRecorder()].map(
      (r) => new MetricsFlusher(r, { intervalMs: 5000, now: () => now, warn: (m) => void warnings.push(m) }),
    );
    for (const f of isolates) f.recorder.inc(M.httpRequests, { route: '/r', method: 'GET', status_class: '2xx' }, 2);
    now = 6000;
    await Promise.all(isolates.map((f) => f.maybeFlush(mem.store)));
    const key = seriesKey(M.httpRequests, { route: '/r', method: 'GET', status_class: '2xx' });
    expect(mem.counters[key]).toBe(4);

    // Within the interval: nothing goes out.
    isolates[0]!.recorder.inc(M.httpRequests, { route: '/r', method: 'GET', status_class: '2xx' });
    now = 7000;
    expect(isolates[0]!.maybeFlush(mem.store)).toBeUndefined();

    // Redis down: the flush fails quietly with a warning and the figure waits for the next one.
    now = 12_000;
    down = true;
    await isolates[0]!.maybeFlush(mem.store);
    expect(warnings).toHaveLength(1);
    expect(mem.counters[key]).toBe(4);
    down = false;
    await isolates[0]!.flush(mem.store);
    expect(mem.counters[key]).toBe(5);
    expect(mem.adds()).toBe(3);
  });

  it('never waits long on a flush that does not settle (its request was cancelled)', async () => {
    const now = 10_000;
    const mem = memoryStore();
    const hanging: MetricsStore = { add: () => new Promise(() => {}), read: mem.store.read };
    const f = new MetricsFlusher(new MetricsRecorder(), { intervalMs: 5000, now: () => now, warn: () => {} });
    f.recorder.inc('x_total');
    void f.maybeFlush(hanging);
    f.recorder.inc('x_total');
    const started = Date.now();
    await f.flush(mem.store);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(mem.counters[seriesKey('x_total')]).toBe(1);
  });

  it('holds periodic flushes back while a flush is in flight, and gives up on one that never settles', async () => {
    let now = 10_000;
    const mem = memoryStore();
    const hanging: MetricsStore = { add: () => new Promise(() => {}), read: mem.store.read };
    const f = new MetricsFlusher(new MetricsRecorder(), { intervalMs: 5000, now: () => now, warn: () => {} });
    f.recorder.inc('x_total');
    void f.maybeFlush(hanging);
    f.recorder.inc('x_total');
    now += 6000;
    expect(f.maybeFlush(mem.store)).toBeUndefined();
    now += 30_000;
    await f.maybeFlush(mem.store);
    expect(mem.counters[seriesKey('x_total')]).toBe(1);
  });

  it('does nothing without a store or without figures', async () => {
    const f = new MetricsFlusher(new MetricsRecorder(), { intervalMs: 0, warn: () => {} });
    expect(f.maybeFlush(undefined)).toBeUndefined();
    expect(f.maybeFlush(memoryStore().store)).toBeUndefined();
  });
});
