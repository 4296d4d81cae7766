/** Gates over the PlatformGate Durable Objects (one per platform, by name). */
import type { Gates } from '../../services/availability/ports';

export function createGates(ns: Env['PLATFORM_GATE']): Gates {
  const gateOf = (platformId: string) => ns.get(ns.idFromName(platformId));
  return {
    async acquire(platformId) {
      const r = await gateOf(platformId).acquire();
      return r.granted ? { granted: true, permitId: r.permitId } : { granted: false, reason: r.reason, retryAfterMs: r.retryAfterMs };
    },
    async release(platformId, permitId, outcome, latencyMs) {
      await gateOf(platformId).release(permitId, outcome, latencyMs);
    },
  };
}
