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
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        });
        const r = await Promise.race([p.check(), timeout]);
        return [p.name, { ...r, latencyMs: now() - start }];
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        return [p.name, { status: 'down', backend: 'unknown', message, latencyMs: now() - start }];
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(results);
  const requiredDown = probes.some((p) => checks[p.name]?.status === 'down' && p.required);
  const anyNotOk = results.some(([, r]) => r.status !== 'ok');
  return { ready: !requiredDown, status: requiredDown ? 'down' : anyNotOk ? 'degraded' : 'ok', checks };
}
