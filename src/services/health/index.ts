import { withTimeout } from '../../lib/with-timeout';
import type { HealthProbe, ProbeResult } from '../ports';

export interface Readiness {
  ready: boolean;
  status: 'ok' | 'degraded' | 'down';
  checks: Record<string, ProbeResult>;
}

const TIMEOUT_MS = 3000;

/** Runs every probe in parallel with a timeout; not ready when a required one is down. */
export async function checkReadiness(probes: HealthProbe[], now: () => number = () => Date.now()): Promise<Readiness> {
  const results = await Promise.all(
    probes.map(async (p): Promise<[string, ProbeResult]> => {
      const start = now();
      try {
        const r = await withTimeout(p.check(), TIMEOUT_MS, `no answer within ${TIMEOUT_MS} ms`);
        return [p.name, { ...r, latencyMs: now() - start }];
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return [p.name, { status: 'down', backend: 'unknown', message, latencyMs: now() - start }];
      }
    }),
  );
  const checks = Object.fromEntries(results);
  const requiredDown = probes.some((p) => checks[p.name]?.status === 'down' && p.required);
  const anyNotOk = results.some(([, r]) => r.status !== 'ok');
  return { ready: !requiredDown, status: requiredDown ? 'down' : anyNotOk ? 'degraded' : 'ok', checks };
}

/**
 * A deployment's configuration as a required probe: down, naming every problem, while a secret
 * or binding is missing or a development default is still set (see production-readiness.ts).
 */
export function configurationProbe(problems: readonly string[]): HealthProbe {
  return {
    name: 'configuration',
    required: true,
    check: async () =>
      problems.length
        ? { status: 'down', backend: 'wrangler.toml + secrets', message: problems.join('; ') }
        : { status: 'ok', backend: 'wrangler.toml + secrets' },
  };
}
