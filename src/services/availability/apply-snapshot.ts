import type { Warn } from '../../lib/logger';
import type { AvailabilityMessage } from '../../schemas/availability';
import type { ChangeEvent } from './detect-changes';
import type { AvailabilityRepository, LivePublisher } from './ports';

export interface ApplyDeps {
  repo: AvailabilityRepository;
  /** Invalidates cached answers (search keys carry the catalog version). */
  bumpCatalogVersion: () => Promise<unknown>;
  live?: LivePublisher;
  /** Reports what fails open (a live update not pushed: the snapshot is applied all the same). */
  warn?: Warn;
  now?: () => Date;
}

/**
 * Applies a platform's offers for one title and region. Idempotent: the same snapshot twice
 * yields no change the second time, so a redelivered queue message is harmless.
 */
export async function applyPlatformSnapshot(deps: ApplyDeps, msg: Extract<AvailabilityMessage, { kind: 'snapshot' }>): Promise<ChangeEvent[]> {
  const { events, notifiedUserIds } = await deps.repo.applySnapshot({
    contentId: msg.contentId,
    platformId: msg.platformId,
    region: msg.region,
    offers: msg.offers,
    source: msg.source,
    now: deps.now?.() ?? new Date(),
  });
  if (events.length > 0) {
    await deps.bumpCatalogVersion();
    await deps.live?.publish(msg.contentId, msg.region, msg.platformId, events, notifiedUserIds)
      .catch((err: unknown) => deps.warn?.('live update not pushed', { contentId: msg.contentId, platformId: msg.platformId, error: err }));
  }
  return events;
}
