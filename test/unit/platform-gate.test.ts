import { describe, expect, it } from 'vitest';
import {
  admit,
  DEFAULT_BREAKER,
  newBreaker,
  record,
  type BreakerState,
} from '../../src/durable-objects/platform-gate/breaker';
import { newBucket, take } from '../../src/durable-objects/platform-gate/token-bucket';

describe('token bucket', () => {
  const limits = { ratePerSecond: 2, burst: 3, ratePerHour: 1000 };

  it('allows a burst, then refills at the rate', () => {
    let s = newBucket(limits, 0);
    for (let i = 0; i < 3; i++) {
      const t = take(s, limits, 0);
      expect(t.granted).toBe(true);
      s = t.state;
    }
    const refused = take(s, limits, 0);
    expect(refused).toMatchObject({ granted: false, reason: 'rate', waitMs: 500 });
    expect(take(refused.state, limits, 500).granted).toBe(true);
  });

  it('never exceeds the sustained rate, whatever the demand', () => {
    let s = newBucket(limits, 0);
    let granted = 0;
    for (let t = 0; t <= 10_000; t += 10) {
      const r = take(s, limits, t);
      s = r.state;
      if (r.granted) granted++;
    }
    expect(granted).toBeLessThanOrEqual(3 + 2 * 10);
  });

  it('enforces the hourly budget until the next hour', () => {
    const hourly = { ratePerSecond: 100, burst: 100, ratePerHour: 5 };
    let s = newBucket(hourly, 0);
    for (let i = 0; i < 5; i++) s = take(s, hourly, i).state;
    const r = take(s, hourly, 10);
    expect(r).toMatchObject({ granted: false, reason: 'hourly' });
    expect(take(r.state, hourly, 3_600_000).granted).toBe(true);
  });
});

describe('circuit breaker', () => {
  const cfg = {
    ...DEFAULT_BREAKER,
    minimumVolume: 4,
    failureRateThreshold: 0.5,
    resetTimeoutMs: 1000,
    halfOpenProbes: 2,
  };
  const fail = (s: BreakerState, n: number, at = 0) => {
    for (let i = 0; i < n; i++) s = record(s, cfg, false, at, false);
    return s;
  };

  it('stays closed below the minimum volume, opens at the failure rate', () => {
    let s = fail(newBreaker(), 3);
    expect(s.status).toBe('closed');
    s = fail(s, 1);
    expect(s.status).toBe('open');
    expect(admit(s, cfg, 500)).toMatchObject({ allowed: false, retryAfterMs: 500 });
  });

  it('half-opens after the reset timeout with a limited number of probes', () => {
    let s = fail(newBreaker(), 4);
    const a = admit(s, cfg, 1000);
    expect(a).toMatchObject({ allowed: true, probe: true });
    s = a.state;
    const b = admit(s, cfg, 1000);
    expect(b.allowed).toBe(true);
    s = b.state;
    expect(admit(s, cfg, 1000).allowed).toBe(false); // only two probes
    s = record(s, cfg, true, 1001, true);
    s = record(s, cfg, true, 1002, true);
    expect(s.status).toBe('closed');
  });

  it('re-opens when a probe fails', () => {
    let s = fail(newBreaker(), 4);
    const a = admit(s, cfg, 1000);
    s = record(a.state, cfg, false, 1000, true);
    expect(s.status).toBe('open');
    expect(admit(s, cfg, 1500).allowed).toBe(false);
  });

  it('forgets failures outside the rolling window', () => {
    let s = fail(newBreaker(), 3, 0);
    s = record(s, cfg, false, cfg.windowMs + 1, false);
    expect(s.status).toBe('closed');
  });
});

import { backoffSeconds } from '../../src/queues/availability';
import { detectChanges } from '../../src/services/availability/detect-changes';
import { signWebhook, verifyWebhook } from '../../src/services/availability/webhook-signature';

describe('queue retry backoff', () => {
  it('grows exponentially with jitter and is capped', () => {
    expect(backoffSeconds(1, () => 0.5)).toBe(5);
    expect(backoffSeconds(3, () => 0.5)).toBe(20);
    expect(backoffSeconds(3, () => 0)).toBe(15);
    expect(backoffSeconds(3, () => 0.999)).toBe(25);
    expect(backoffSeconds(20, () => 0.5)).toBe(600);
  });
});

describe('change detection', () => {
  const sub = {
    priceTier: 'subscription' as const,
    amount: null,
    currency: null,
    url: 'u',
    quality: 'hd' as const,
    leavingAt: null,
  };
  const rent = {
    priceTier: 'rent' as const,
    amount: 3.99,
    currency: 'USD',
    url: 'u',
    quality: 'hd' as const,
    leavingAt: null,
  };
  const now = new Date('2026-11-24T00:00:00Z');
  it('finds added, removed, price changes and leaving-soon, and nothing when equal', () => {
    expect(detectChanges([sub], [sub, rent], now).map((e) => e.kind)).toEqual(['added']);
    expect(detectChanges([sub, rent], [sub], now).map((e) => e.kind)).toEqual(['removed']);
    expect(detectChanges([rent], [{ ...rent, amount: 4.99 }], now).map((e) => e.kind)).toEqual([
      'price_changed',
    ]);
    expect(
      detectChanges([sub], [{ ...sub, leavingAt: '2026-12-01T00:00:00Z' }], now).map((e) => e.kind),
    ).toEqual(['leaving_soon']);
    expect(detectChanges([sub], [{ ...sub, leavingAt: '2027-06-01T00:00:00Z' }], now)).toEqual([]);
    expect(detectChanges([sub, rent], [rent, sub], now)).toEqual([]);
  });
});

describe('webhook signatures', () => {
  it('verifies its own signature, refuses tampering, other secrets and old timestamps', async () => {
    const sig = await signWebhook('s3cret', 1000, '{"a":1}');
    expect(await verifyWebhook('s3cret', '1000', sig, '{"a":1}', 1100)).toEqual({ ok: true });
    expect((await verifyWebhook('s3cret', '1000', sig, '{"a":2}', 1100)).ok).toBe(false);
    expect((await verifyWebhook('other', '1000', sig, '{"a":1}', 1100)).ok).toBe(false);
    expect(await verifyWebhook('s3cret', '1000', sig, '{"a":1}', 1000 + 301)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/5 minutes/),
    });
    expect((await verifyWebhook('s3cret', undefined, sig, '{"a":1}', 1000)).ok).toBe(false);
    expect((await verifyWebhook('s3cret', '1000', 'v1=zz', '{"a":1}', 1000)).ok).toBe(false);
  });
});
