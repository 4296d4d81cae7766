/** Each platform's gate as operators see it: breaker state, tokens, in-flight calls, counters. */
import type { PlatformLimits } from '../ports';

export interface GateStatusDeps<S extends object> {
  platforms: () => Promise<PlatformLimits[]>;
  /** Applies the platform's limits to its gate and returns the gate's state. */
  configure: (
    platformId: string,
    limits: Pick<PlatformLimits, 'ratePerSecond' | 'ratePerHour' | 'burst'>,
  ) => Promise<S>;
}

export async function gateStatuses<S extends object>(
  deps: GateStatusDeps<S>,
): Promise<(S & { platformId: string; name: string })[]> {
  const platforms = await deps.platforms();
  return Promise.all(
    platforms.map(async (p) => {
      // Limits come from the platforms table; configuring is idempotent and keeps the bucket's tokens.
      const snapshot = await deps.configure(p.id, {
        ratePerSecond: p.ratePerSecond,
        ratePerHour: p.ratePerHour,
        burst: p.burst,
      });
      return { ...snapshot, platformId: p.id, name: p.name };
    }),
  );
}
