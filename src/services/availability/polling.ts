/**
 * Polling by priority. Cron triggers start a sweep per tier; a sweep walks its slice of the
 * priority order a page at a time, enqueueing a check per title and region; a check asks each
 * platform through its gate. Gate refusals and 429s re-enqueue with the wait the gate or the
 * platform asked for, so polling never exceeds a platform's limit whatever the backlog; errors
 * retry with backoff and end as a recorded dead letter after MAX_ATTEMPTS.
 */
import type { AvailabilityMessage, Tier } from '../../schemas/availability';
import { GateRefusedError, PlatformRateLimitedError } from './ports';
import { checkOne, type VerifyDeps } from './verify';
import { REGIONS } from '../../schemas/enums';

export const CRON_TIERS: Record<string, Tier> = {
  '*/15 * * * *': 'high',
  '0 * * * *': 'medium',
  '0 */6 * * *': 'low',
  '0 2 * * *': 'full',
};

/** Slices of the priority order each tier covers. */
export const TIER_RANGE: Record<Tier, [number, number]> = { high: [0, 100], medium: [100, 500], low: [500, 2500], full: [0, 1_000_000] };

export const SWEEP_PAGE = 50;
export const MAX_ATTEMPTS = 5;
export const REGIONS_POLLED: string[] = [...REGIONS];

export interface Outbox {
  send(messages: { body: AvailabilityMessage; delaySeconds?: number }[]): Promise<void>;
}

export interface PollingDeps extends VerifyDeps {
  outbox: Outbox;
  backoffSeconds: (attempt: number) => number;
  recordDeadLetter: (reason: string, body: AvailabilityMessage) => Promise<void>;
}

export function sweepFor(tier: Tier): AvailabilityMessage {
  const [offset, end] = TIER_RANGE[tier];
  return { kind: 'sweep', tier, offset, end };
}

/** Enqueues a check of each title in each region (all polled regions by default); returns how many. */
export async function enqueueChecks(outbox: Outbox, contentIds: string[], regions: readonly string[] = REGIONS_POLLED): Promise<number> {
  const checks: { body: AvailabilityMessage }[] = contentIds.flatMap((contentId) =>
    regions.map((region) => ({ body: { kind: 'check' as const, contentId, region, attempt: 1 } })),
  );
  for (let i = 0; i < checks.length; i += 100) await outbox.send(checks.slice(i, i + 100));
  return checks.length;
}

export async function runSweep(deps: PollingDeps, msg: Extract<AvailabilityMessage, { kind: 'sweep' }>): Promise<number> {
  const size = Math.min(SWEEP_PAGE, msg.end - msg.offset);
  if (size <= 0) return 0;
  const ids = await deps.repo.titlesByPriority(msg.offset, size);
  await enqueueChecks(deps.outbox, ids);
  if (ids.length === size && msg.offset + size < msg.end) await deps.outbox.send([{ body: { ...msg, offset: msg.offset + size } }]);
  return ids.length;
}

export interface CheckOutcome {
  checked: string[];
  deferred: string[];
  failed: { platformId: string; reason: string }[];
  changes: number;
}

export async function runCheck(deps: PollingDeps, msg: Extract<AvailabilityMessage, { kind: 'check' }>): Promise<CheckOutcome> {
  const now = deps.now?.() ?? new Date();
  const platforms = (msg.platforms ?? (await deps.repo.platformsIn(msg.region))).filter((p) => deps.clientFor(p));
  const out: CheckOutcome = { checked: [], deferred: [], failed: [], changes: 0 };
  let waitMs = 0;
  for (const platformId of platforms) {
    try {
      const events = await checkOne(deps, platformId, msg.contentId, msg.region, now);
      out.changes += events.length;
      out.checked.push(platformId);
    } catch (err) {
      if (err instanceof PlatformRateLimitedError || err instanceof GateRefusedError) {
        out.deferred.push(platformId);
        waitMs = Math.max(waitMs, err.retryAfterMs);
      } else {
        out.failed.push({ platformId, reason: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  if (out.changes > 0) await deps.bumpCatalogVersion();
  if (out.deferred.length) {
    await deps.outbox.send([{ body: { ...msg, platforms: out.deferred }, delaySeconds: Math.max(1, Math.ceil(waitMs / 1000)) }]);
  }
  if (out.failed.length) {
    const body: AvailabilityMessage = { ...msg, platforms: out.failed.map((f) => f.platformId), attempt: msg.attempt + 1 };
    if (msg.attempt >= MAX_ATTEMPTS) await deps.recordDeadLetter(out.failed.map((f) => `${f.platformId}: ${f.reason}`).join('; '), body);
    else await deps.outbox.send([{ body, delaySeconds: deps.backoffSeconds(msg.attempt) }]);
  }
  return out;
}
