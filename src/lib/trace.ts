/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): parse and write `traceparent`,
 * and a stage tracer that gives each stage its own span id and one log line with its duration.
 */
import type { Logger } from './logger';

export interface TraceParent {
  version: string;
  /** 32 lowercase hex digits, not all zeros. */
  traceId: string;
  /** The caller's span: 16 lowercase hex digits, not all zeros. */
  parentId: string;
  /** Two hex digits; bit 0 is "sampled". */
  flags: string;
}

const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);
const VERSION = HEX(2);
const TRACE_ID = HEX(32);
const SPAN_ID = HEX(16);
const FLAGS = HEX(2);
const ALL_ZEROS = /^0+$/;

/**
 * Parses a `traceparent` header; undefined when it is absent or invalid (the caller then
 * starts a new trace, as the spec asks). Version 00 must be exactly 55 characters; a higher
 * version is read by its first four fields when what follows them starts with "-"; "ff" is
 * never valid. Hex must be lowercase.
 */
export function parseTraceparent(header: string | null | undefined): TraceParent | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (value.length < 55) return undefined;
  const version = value.slice(0, 2);
  if (!VERSION.test(version) || version === 'ff') return undefined;
  if (version === '00' && value.length !== 55) return undefined;
  if (value.length > 55 && value[55] !== '-') return undefined;
  if (value[2] !== '-' || value[35] !== '-' || value[52] !== '-') return undefined;
  const traceId = value.slice(3, 35);
  const parentId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (!TRACE_ID.test(traceId) || ALL_ZEROS.test(traceId)) return undefined;
  if (!SPAN_ID.test(parentId) || ALL_ZEROS.test(parentId)) return undefined;
  if (!FLAGS.test(flags)) return undefined;
  return { version, traceId, parentId, flags };
}

function randomHex(bytes: number): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  // All zeros is invalid; the odds are 2^-64 at worst, but the spec forbids it outright.
  return ALL_ZEROS.test(hex) ? randomHex(bytes) : hex;
}

export const newTraceId = () => randomHex(16);
export const newSpanId = () => randomHex(8);

/** The `traceparent` this service sends on: always version 00, with its own span id. */
export function formatTraceparent(traceId: string, spanId: string, flags: string): string {
  return `00-${traceId}-${spanId}-${flags}`;
}

/** This request's place in a trace. */
export interface RequestTrace {
  traceId: string;
  spanId: string;
  /** The caller's span, when the request came with a valid traceparent. */
  parentSpanId?: string;
  flags: string;
}

/** Continues the caller's trace when its header is valid; otherwise starts one (sampled: logs are always written). */
export function startRequestTrace(header: string | null | undefined): RequestTrace {
  const parent = parseTraceparent(header);
  return parent
    ? {
        traceId: parent.traceId,
        spanId: newSpanId(),
        parentSpanId: parent.parentId,
        flags: parent.flags,
      }
    : { traceId: newTraceId(), spanId: newSpanId(), flags: '01' };
}

/** Times named stages under a parent span (structurally the services' `StageTracer` port). */
export interface SpanTracer {
  stage<T>(name: string, run: () => Promise<T>): Promise<T>;
}

/**
 * Each stage gets a fresh span id and, when it ends, one log line with `spanId`,
 * `parentSpanId` (the request's span), the stage name, its duration and whether it failed.
 * `log` should already carry the trace id (the request's child logger does).
 */
export function createSpanTracer(
  log: Logger,
  parentSpanId: string,
  level: 'debug' | 'info' = 'debug',
  now: () => number = () => performance.now(),
): SpanTracer {
  return {
    async stage(name, run) {
      const spanId = newSpanId();
      const started = now();
      let failed = false;
      try {
        return await run();
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        const durationMs = Math.round((now() - started) * 100) / 100;
        log
          .child({ spanId, parentSpanId })
          [level]('stage', { stage: name, durationMs, ...(failed ? { failed: true } : {}) });
      }
    },
  };
}
