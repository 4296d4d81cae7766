import { withTimeout } from '../../lib/with-timeout';
import type { HealthProbe, ProbeResult } from '../ports';

export interface Readiness {
  ready: boolean;
  status: 'ok' | 'degraded' | 'down';
  checks: Record<string, ProbeResult>;
}

const TIMEOUT_MS = 3000;

const TIMEOUT_MESSAGE = `no answer within ${TIMEOUT_MS} ms`;

const LABEL: Record<string, string> = {
  database: 'The database',
  redis: 'Redis',
  vector: 'The vector index',
};

/**
 * What /ready may say about a failed probe: a short reason of our own wording. The driver's
 * message ("Failed query: select 1", an address, a stack) never reaches this public route.
 */
export function probeFailureMessage(name: string, err: unknown): string {
  const who = LABEL[name] ?? name;
  if (err instanceof Error && err.message === TIMEOUT_MESSAGE)
    return `${who} gave no answer within ${TIMEOUT_MS} ms`;
  const text: string[] = [];
  for (
    let e: unknown = err, i = 0;
    e !== undefined && i < 6;
    i++, e = e instanceof Error ? e.cause : undefined
  ) {
    text.push(
      e instanceof Error
        ? `${e.name} ${e.message} ${(e as { code?: unknown }).code ?? ''}`
        : String(e),
    );
  }
  const all = text.join(' ');
  const reason = /ECONNREFUSED|refused/i.test(all)
    ? 'connection refused'
    : /timed? ?out|ETIMEDOUT/i.test(all)
      ? 'timed out'
      : /password|auth|permission|denied|401|403/i.test(all)
        ? 'access denied'
        : /ENOTFOUND|EAI_AGAIN|getaddrinfo|DNS/i.test(all)
          ? 'host not found'
          : 'not answering';
  return `${who} is unavailable: ${reason}`;
}

/** Runs every probe in parallel with a timeout; not ready when a required one is down. */
export async function checkReadiness(
  probes: HealthProbe[],
  now: () => number = () => Date.now(),
): Promise<Readiness> {
  const results = await Promise.all(
    probes.map(async (p): Promise<[string, ProbeResult]> => {
      const start = now();
      try {
        const r = await withTimeout(p.check(), TIMEOUT_MS, TIMEOUT_MESSAGE);
        return [p.name, { ...r, latencyMs: now() - start }];
      } catch (err) {
        return [
          p.name,
          {
            status: 'down',
            backend: 'unknown',
            message: probeFailureMessage(p.name, err),
            latencyMs: now() - start,
          },
        ];
      }
    }),
  );
  const checks = Object.fromEntries(results);
  const requiredDown = probes.some((p) => checks[p.name]?.status === 'down' && p.required);
  const anyNotOk = results.some(([, r]) => r.status !== 'ok');
  return {
    ready: !requiredDown,
    status: requiredDown ? 'down' : anyNotOk ? 'degraded' : 'ok',
    checks,
  };
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
