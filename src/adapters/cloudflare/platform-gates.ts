/** Gates over the PlatformGate Durable Objects (one per platform, by name). */
import type { Gates } from '../../services/availability/ports';

export function createGates(ns: Env['PLATFORM_GATE']): Gates {
  const gateOf = (platformId: string) => ns.get(ns.idFromName(platformId));
  return {
    async acquire(platformId) {
      const r = await gateOf(platformId).acquire();
      return r.granted
        ? { granted: true, permitId: r.permitId }
        : { granted: false, reason: r.reason, retryAfterMs: r.retryAfterMs };
    },
    async release(platformId, permitId, outcome, latencyMs) {
      await gateOf(platformId).release(permitId, outcome, latencyMs);
    },
  };
}

/** Each gate's breaker state, read live from its Durable Object (for the metrics scrape). */
export function createBreakerReader(
  ns: Env['PLATFORM_GATE'],
): (platformId: string) => Promise<'closed' | 'open' | 'half_open'> {
  return async (platformId) => (await ns.get(ns.idFromName(platformId)).snapshot()).breaker;
}

/** Applies a platform's limits to its gate (idempotent; the bucket keeps its tokens) and returns the gate's state. */
export function createGateConfigurer(ns: Env['PLATFORM_GATE']) {
  return async (
    platformId: string,
    limits: { ratePerSecond: number; ratePerHour: number; burst: number },
  ) => ns.get(ns.idFromName(platformId)).configure(limits);
}
