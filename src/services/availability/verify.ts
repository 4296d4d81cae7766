/**
 * On-demand verification: answer from storage when every offer was verified within the hour;
 * otherwise ask each platform (through its gate, with a timeout), store what changed, and mark
 * the offers of platforms that could not answer as stale with when they were last verified.
 */
import { AppError } from '../../lib/errors';
import type { Warn } from '../../lib/logger';
import type { ChangeEvent } from './detect-changes';
import type {
  AvailabilityRepository,
  Gates,
  LivePublisher,
  PlatformClient,
  StoredOffer,
} from './ports';
import { GateRefusedError, PlatformRateLimitedError } from './ports';

export const FRESH_FOR_MS = 3_600_000;

export interface VerifyDeps {
  repo: AvailabilityRepository;
  gates: Gates;
  clientFor: (platformId: string) => PlatformClient | undefined;
  bumpCatalogVersion: () => Promise<unknown>;
  live?: LivePublisher;
  /** Reports what fails open (a live update not pushed). */
  warn?: Warn;
  timeoutMs: number;
  now?: () => Date;
  /** Reports each platform call (metrics): its outcome and, when it was made, its latency. */
  observeCall?: (
    platformId: string,
    outcome: 'success' | 'error' | 'rate_limited' | 'gate_refused',
    latencyMs?: number,
  ) => void;
}

export interface VerifiedOffer extends StoredOffer {
  stale: boolean;
}

export interface VerifyResult {
  contentId: string;
  region: string;
  source: 'cache' | 'live';
  offers: VerifiedOffer[];
  checked: string[];
  failed: { platformId: string; reason: string }[];
  changes: number;
}

export async function checkOne(
  deps: VerifyDeps,
  platformId: string,
  contentId: string,
  region: string,
  now: Date,
): Promise<ChangeEvent[]> {
  const client = deps.clientFor(platformId);
  if (!client) throw new Error('no adapter for this platform');
  const permit = await deps.gates.acquire(platformId);
  if (!permit.granted) {
    deps.observeCall?.(platformId, 'gate_refused');
    throw new GateRefusedError(permit.reason, permit.retryAfterMs);
  }
  const started = Date.now();
  const abort = new AbortController();
  let answered = false;
  const timer = setTimeout(
    () => abort.abort(new Error(`no answer within ${deps.timeoutMs} ms`)),
    deps.timeoutMs,
  );
  try {
    const offers = await client.offers(contentId, region, abort.signal);
    const latencyMs = Date.now() - started;
    answered = true;
    deps.observeCall?.(platformId, 'success', latencyMs);
    await deps.gates.release(platformId, permit.permitId, 'success', latencyMs);
    const { events, notifiedUserIds } = await deps.repo.applySnapshot({
      contentId,
      platformId,
      region,
      offers,
      source: `verified:${platformId}`,
      now,
    });
    // Live subscribers hear about it; a failure to push never fails the check.
    if (events.length)
      await deps.live
        ?.publish(contentId, region, platformId, events, notifiedUserIds)
        .catch((err: unknown) =>
          deps.warn?.('live update not pushed', { contentId, platformId, error: err }),
        );
    return events;
  } catch (err) {
    // A 429 is the platform protecting itself, not a fault: it does not count against the breaker.
    const limited = err instanceof PlatformRateLimitedError;
    const latencyMs = Date.now() - started;
    // Only calls that went out are observed: a failure after the answer (storing it) is not the platform's.
    if (!answered) deps.observeCall?.(platformId, limited ? 'rate_limited' : 'error', latencyMs);
    await deps.gates.release(
      platformId,
      permit.permitId,
      limited ? 'success' : 'failure',
      latencyMs,
    );
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** `stored`: the title's stored offers when the caller read them already. */
export async function verifyAvailability(
  deps: VerifyDeps,
  contentId: string,
  region: string,
  opts: { verify: boolean },
  storedAlready?: Awaited<ReturnType<VerifyDeps['repo']['storedOffers']>>,
): Promise<VerifyResult> {
  const now = deps.now?.() ?? new Date();
  const stored = storedAlready ?? (await deps.repo.storedOffers(contentId, region));
  const fresh =
    stored.length > 0 &&
    stored.every((o) => now.getTime() - new Date(o.lastVerifiedAt).getTime() < FRESH_FOR_MS);
  if (!opts.verify || fresh) {
    return {
      contentId,
      region,
      source: 'cache',
      offers: stored.map((o) => ({ ...o, stale: false })),
      checked: [],
      failed: [],
      changes: 0,
    };
  }
  const platforms = (await deps.repo.platformsIn(region)).filter((p) => deps.clientFor(p));
  const outcomes = await Promise.allSettled(
    platforms.map((p) => checkOne(deps, p, contentId, region, now)),
  );
  const failed: VerifyResult['failed'] = [];
  let changes = 0;
  outcomes.forEach((o, i) => {
    if (o.status === 'fulfilled') changes += o.value.length;
    else
      failed.push({
        platformId: platforms[i]!,
        reason: o.reason instanceof Error ? o.reason.message : String(o.reason),
      });
  });
  if (changes > 0) await deps.bumpCatalogVersion();
  const after = await deps.repo.storedOffers(contentId, region);
  const down = new Set(failed.map((f) => f.platformId));
  return {
    contentId,
    region,
    source: 'live',
    offers: after.map((o) => ({ ...o, stale: down.has(o.platformId) })),
    checked: platforms.filter((p) => !down.has(p)),
    failed,
    changes,
  };
}

/** Where a title streams in a region (REST and GraphQL): NOT_FOUND for an unknown title. */
export async function titleAvailability(
  deps: VerifyDeps,
  contentId: string,
  region: string,
  opts: { verify: boolean },
): Promise<VerifyResult> {
  // Both reads at once: one database round trip, not two in turn.
  const [exists, stored] = await Promise.all([
    deps.repo.contentExists(contentId),
    deps.repo.storedOffers(contentId, region),
  ]);
  if (!exists) throw new AppError('NOT_FOUND', `No title with id "${contentId}"`);
  return verifyAvailability(deps, contentId, region, opts, stored);
}
