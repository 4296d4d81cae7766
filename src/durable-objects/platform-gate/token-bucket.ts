/**
 * Token bucket with a second, hourly budget: a platform's partner API allows `ratePerSecond`
 * sustained with bursts up to `burst`, and at most `ratePerHour` in any clock hour.
 */
export interface BucketLimits {
  ratePerSecond: number;
  burst: number;
  ratePerHour: number;
}

export interface BucketState {
  tokens: number;
  refilledAt: number;
  hourStart: number;
  hourCount: number;
}

export type TakeResult =
  | { granted: true; state: BucketState }
  | { granted: false; waitMs: number; reason: 'rate' | 'hourly'; state: BucketState };

const HOUR = 3_600_000;

export function newBucket(limits: BucketLimits, now: number): BucketState {
  return { tokens: limits.burst, refilledAt: now, hourStart: now - (now % HOUR), hourCount: 0 };
}

function refill(s: BucketState, limits: BucketLimits, now: number): BucketState {
  const elapsed = Math.max(0, now - s.refilledAt) / 1000;
  const hourStart = now - (now % HOUR);
  return {
    tokens: Math.min(limits.burst, s.tokens + elapsed * limits.ratePerSecond),
    refilledAt: now,
    hourStart,
    hourCount: hourStart === s.hourStart ? s.hourCount : 0,
  };
}

export function take(state: BucketState, limits: BucketLimits, now: number): TakeResult {
  const s = refill(state, limits, now);
  if (s.hourCount >= limits.ratePerHour)
    return { granted: false, waitMs: s.hourStart + HOUR - now, reason: 'hourly', state: s };
  if (s.tokens < 1)
    return {
      granted: false,
      waitMs: Math.ceil(((1 - s.tokens) / limits.ratePerSecond) * 1000),
      reason: 'rate',
      state: s,
    };
  return { granted: true, state: { ...s, tokens: s.tokens - 1, hourCount: s.hourCount + 1 } };
}
