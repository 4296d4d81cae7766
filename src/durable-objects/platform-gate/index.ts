/**
 * PlatformGate: one Durable Object per platform (idFromName(platformId)) in front of its
 * partner API. A caller asks for a permit before each call and reports the outcome after it.
 * The gate enforces the platform's token bucket (per second, burst, per hour), a circuit
 * breaker, and a bulkhead (a cap on calls in flight). State lives in the object's SQLite-backed
 * storage and is written on every change, so an eviction loses nothing.
 */
import { DurableObject } from 'cloudflare:workers';
import {
  admit,
  DEFAULT_BREAKER,
  newBreaker,
  record,
  type BreakerConfig,
  type BreakerState,
} from './breaker';
import { newBucket, take, type BucketLimits, type BucketState } from './token-bucket';

export interface GateLimits extends BucketLimits {
  /** Bulkhead: calls in flight at once. */
  maxConcurrent: number;
}

export const DEFAULT_LIMITS: GateLimits = {
  ratePerSecond: 5,
  burst: 10,
  ratePerHour: 10_000,
  maxConcurrent: 4,
};

/** A permit not released within this time is presumed lost (caller crashed) and counted as a failure. */
const PERMIT_TTL_MS = 30_000;

interface Permit {
  id: string;
  at: number;
  probe: boolean;
}

interface GateState {
  limits: GateLimits;
  breakerConfig: BreakerConfig;
  bucket: BucketState;
  breaker: BreakerState;
  inFlight: Permit[];
  stats: {
    granted: number;
    refused: number;
    successes: number;
    failures: number;
    lastLatencyMs: number | null;
  };
}

export type Acquire =
  | { granted: true; permitId: string; probe: boolean }
  | {
      granted: false;
      reason: 'rate' | 'hourly' | 'breaker_open' | 'bulkhead';
      retryAfterMs: number;
    };

export interface GateSnapshot {
  platformId: string;
  breaker: BreakerState['status'];
  openedAt: string | null;
  tokens: number;
  hourCount: number;
  inFlight: number;
  limits: GateLimits;
  stats: GateState['stats'];
}

const KEY = 'gate';

export class PlatformGate extends DurableObject<Env> {
  private state: GateState;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const now = Date.now();
    this.state = ctx.storage.kv.get<GateState>(KEY) ?? {
      limits: DEFAULT_LIMITS,
      breakerConfig: DEFAULT_BREAKER,
      bucket: newBucket(DEFAULT_LIMITS, now),
      breaker: newBreaker(),
      inFlight: [],
      stats: { granted: 0, refused: 0, successes: 0, failures: 0, lastLatencyMs: null },
    };
  }

  private save(): void {
    this.ctx.storage.kv.put(KEY, this.state);
  }

  /** Sets the platform's limits (from the platforms table); the bucket keeps its tokens. */
  configure(limits: Partial<GateLimits>, breaker?: Partial<BreakerConfig>): GateSnapshot {
    this.state.limits = { ...this.state.limits, ...limits };
    this.state.bucket.tokens = Math.min(this.state.bucket.tokens, this.state.limits.burst);
    if (breaker) this.state.breakerConfig = { ...this.state.breakerConfig, ...breaker };
    this.save();
    return this.snapshot();
  }

  acquire(now = Date.now()): Acquire {
    const s = this.state;
    this.expirePermits(now);
    const refuse = (
      reason: Extract<Acquire, { granted: false }>['reason'],
      retryAfterMs: number,
    ): Acquire => {
      s.stats.refused++;
      this.save();
      return { granted: false, reason, retryAfterMs: Math.max(1, Math.round(retryAfterMs)) };
    };
    const b = admit(s.breaker, s.breakerConfig, now);
    s.breaker = b.state;
    if (!b.allowed) return refuse('breaker_open', b.retryAfterMs);
    const undoProbe = () => {
      if (b.probe)
        s.breaker = { ...s.breaker, probesInFlight: Math.max(0, s.breaker.probesInFlight - 1) };
    };
    if (s.inFlight.length >= s.limits.maxConcurrent) {
      undoProbe();
      return refuse('bulkhead', 250);
    }
    const t = take(s.bucket, s.limits, now);
    s.bucket = t.state;
    if (!t.granted) {
      undoProbe();
      return refuse(t.reason, t.waitMs);
    }
    const permit: Permit = { id: crypto.randomUUID(), at: now, probe: b.probe };
    s.inFlight.push(permit);
    s.stats.granted++;
    this.save();
    return { granted: true, permitId: permit.id, probe: b.probe };
  }

  /** Reports how the call went; unknown or expired permits are ignored. */
  release(
    permitId: string,
    outcome: 'success' | 'failure',
    latencyMs?: number,
    now = Date.now(),
  ): GateSnapshot {
    const s = this.state;
    const permit = s.inFlight.find((p) => p.id === permitId);
    if (permit) {
      s.inFlight = s.inFlight.filter((p) => p.id !== permitId);
      s.breaker = record(s.breaker, s.breakerConfig, outcome === 'success', now, permit.probe);
      if (outcome === 'success') s.stats.successes++;
      else s.stats.failures++;
      if (latencyMs !== undefined) s.stats.lastLatencyMs = latencyMs;
      this.save();
    }
    return this.snapshot();
  }

  snapshot(): GateSnapshot {
    const s = this.state;
    return {
      platformId: this.ctx.id.name ?? this.ctx.id.toString(),
      breaker: s.breaker.status,
      openedAt: s.breaker.status === 'closed' ? null : new Date(s.breaker.openedAt).toISOString(),
      tokens: Math.floor(s.bucket.tokens * 100) / 100,
      hourCount: s.bucket.hourCount,
      inFlight: s.inFlight.length,
      limits: s.limits,
      stats: { ...s.stats },
    };
  }

  private expirePermits(now: number): void {
    const stale = this.state.inFlight.filter((p) => now - p.at > PERMIT_TTL_MS);
    for (const p of stale) {
      this.state.inFlight = this.state.inFlight.filter((x) => x.id !== p.id);
      this.state.breaker = record(
        this.state.breaker,
        this.state.breakerConfig,
        false,
        now,
        p.probe,
      );
      this.state.stats.failures++;
    }
  }
}
