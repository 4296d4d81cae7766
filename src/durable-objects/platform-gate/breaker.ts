/**
 * Circuit breaker: closed → open when the failure rate over a rolling window reaches the
 * threshold (with a minimum number of calls); open → half-open after the reset timeout;
 * half-open lets a few probes through and closes after they succeed, re-opens on a failure.
 */
export interface BreakerConfig {
  failureRateThreshold: number;
  minimumVolume: number;
  windowMs: number;
  resetTimeoutMs: number;
  halfOpenProbes: number;
}

export const DEFAULT_BREAKER: BreakerConfig = {
  failureRateThreshold: 0.5,
  minimumVolume: 10,
  windowMs: 60_000,
  resetTimeoutMs: 30_000,
  halfOpenProbes: 3,
};

export type BreakerStatus = 'closed' | 'open' | 'half_open';

export interface BreakerState {
  status: BreakerStatus;
  /** [time, ok] of calls in the rolling window (closed state). */
  calls: [number, boolean][];
  openedAt: number;
  probesInFlight: number;
  probeSuccesses: number;
}

export const newBreaker = (): BreakerState => ({
  status: 'closed',
  calls: [],
  openedAt: 0,
  probesInFlight: 0,
  probeSuccesses: 0,
});

export type AdmitResult =
  | { allowed: true; probe: boolean; state: BreakerState }
  | { allowed: false; retryAfterMs: number; state: BreakerState };

export function admit(s: BreakerState, cfg: BreakerConfig, now: number): AdmitResult {
  if (s.status === 'open') {
    const wait = s.openedAt + cfg.resetTimeoutMs - now;
    if (wait > 0) return { allowed: false, retryAfterMs: wait, state: s };
    s = { ...s, status: 'half_open', probesInFlight: 0, probeSuccesses: 0 };
  }
  if (s.status === 'half_open') {
    if (s.probesInFlight + s.probeSuccesses >= cfg.halfOpenProbes)
      return { allowed: false, retryAfterMs: 1000, state: s };
    return { allowed: true, probe: true, state: { ...s, probesInFlight: s.probesInFlight + 1 } };
  }
  return { allowed: true, probe: false, state: s };
}

export function record(
  s: BreakerState,
  cfg: BreakerConfig,
  ok: boolean,
  now: number,
  probe: boolean,
): BreakerState {
  if (s.status === 'half_open' && probe) {
    if (!ok)
      return {
        ...s,
        status: 'open',
        openedAt: now,
        probesInFlight: 0,
        probeSuccesses: 0,
        calls: [],
      };
    const successes = s.probeSuccesses + 1;
    const inFlight = Math.max(0, s.probesInFlight - 1);
    return successes >= cfg.halfOpenProbes
      ? newBreaker()
      : { ...s, probeSuccesses: successes, probesInFlight: inFlight };
  }
  if (s.status !== 'closed') return s;
  const calls = [
    ...s.calls.filter(([t]) => t > now - cfg.windowMs),
    [now, ok] as [number, boolean],
  ];
  const failures = calls.filter(([, k]) => !k).length;
  if (calls.length >= cfg.minimumVolume && failures / calls.length >= cfg.failureRateThreshold) {
    return { ...s, status: 'open', openedAt: now, calls: [] };
  }
  return { ...s, calls };
}
