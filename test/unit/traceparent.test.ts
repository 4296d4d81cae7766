import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';
import {
  createSpanTracer,
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
  startRequestTrace,
} from '../../src/lib/trace';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('traceparent parsing (W3C Trace Context)', () => {
  it('reads a valid version-00 header', () => {
    expect(parseTraceparent(`00-${TRACE}-${PARENT}-01`)).toEqual({
      version: '00',
      traceId: TRACE,
      parentId: PARENT,
      flags: '01',
    });
    expect(parseTraceparent(`00-${TRACE}-${PARENT}-00`)?.flags).toBe('00');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['uppercase hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['short trace id', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['long parent id', `00-${TRACE}-${PARENT}0-01`],
    ['non-hex flags', `00-${TRACE}-${PARENT}-0g`],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['non-hex version', `0x-${TRACE}-${PARENT}-01`],
    ['version 00 with extra fields', `00-${TRACE}-${PARENT}-01-extra`],
    ['wrong separators', `00_${TRACE}_${PARENT}_01`],
    ['two headers joined', `00-${TRACE}-${PARENT}-01, 00-${TRACE}-${PARENT}-01`],
  ])('refuses %s', (_what, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('reads the first four fields of a future version, which may carry more after a dash', () => {
    expect(parseTraceparent(`cc-${TRACE}-${PARENT}-01-what-the-future-holds`)).toMatchObject({
      version: 'cc',
      traceId: TRACE,
      parentId: PARENT,
    });
    expect(parseTraceparent(`cc-${TRACE}-${PARENT}-01x`)).toBeUndefined();
  });

  it('trims surrounding whitespace', () => {
    expect(parseTraceparent(`  00-${TRACE}-${PARENT}-01 `)?.traceId).toBe(TRACE);
  });
});

describe('request traces', () => {
  it('continue a valid caller trace with a new span of their own', () => {
    const t = startRequestTrace(`00-${TRACE}-${PARENT}-01`);
    expect(t).toMatchObject({ traceId: TRACE, parentSpanId: PARENT, flags: '01' });
    expect(t.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(t.spanId).not.toBe(PARENT);
    expect(parseTraceparent(formatTraceparent(t.traceId, t.spanId, t.flags))).toEqual({
      version: '00',
      traceId: TRACE,
      parentId: t.spanId,
      flags: '01',
    });
  });

  it('start a new trace when the header is missing or invalid', () => {
    for (const header of [undefined, `00-${'0'.repeat(32)}-${PARENT}-01`]) {
      const t = startRequestTrace(header);
      expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(t.traceId).not.toBe('0'.repeat(32));
      expect(t.parentSpanId).toBeUndefined();
      expect(parseTraceparent(formatTraceparent(t.traceId, t.spanId, t.flags))).toBeDefined();
    }
  });

  it('generate distinct ids', () => {
    expect(new Set(Array.from({ length: 50 }, newTraceId)).size).toBe(50);
    expect(new Set(Array.from({ length: 50 }, newSpanId)).size).toBe(50);
  });
});

describe('stage tracer', () => {
  it('logs each stage with its own span id, the parent span, the trace id and the duration', async () => {
    const lines: string[] = [];
    const log = createLogger({ traceId: TRACE, spanId: PARENT }, 'debug', (l) => lines.push(l));
    let clock = 100;
    const tracer = createSpanTracer(log, PARENT, 'debug', () => clock);
    const value = await tracer.stage('parse', async () => {
      clock += 12.5;
      return 42;
    });
    await expect(
      tracer.stage('retrieve', async () => {
        clock += 3;
        throw new Error('db down');
      }),
    ).rejects.toThrow('db down');
    expect(value).toBe(42);
    const [parse, retrieve] = lines.map((l) => JSON.parse(l));
    expect(parse).toMatchObject({
      level: 'debug',
      msg: 'stage',
      stage: 'parse',
      durationMs: 12.5,
      traceId: TRACE,
      parentSpanId: PARENT,
    });
    expect(retrieve).toMatchObject({
      stage: 'retrieve',
      durationMs: 3,
      failed: true,
      parentSpanId: PARENT,
    });
    expect(parse.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set([parse.spanId, retrieve.spanId, PARENT]).size).toBe(3);
  });

  it('writes nothing below the logger level', async () => {
    const lines: string[] = [];
    const tracer = createSpanTracer(
      createLogger({}, 'info', (l) => lines.push(l)),
      PARENT,
    );
    await tracer.stage('rank', async () => 1);
    expect(lines).toEqual([]);
  });
});
