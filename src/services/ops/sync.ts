/**
 * Operator-started availability work, through the same queue and polling code as the cron
 * sweeps: a re-verification of chosen titles enqueues a check per title and region; a full
 * sync enqueues the daily sweep, which enqueues the checks page by page.
 */
import { AppError } from '../../lib/errors';
import type { AvailabilitySyncBody } from '../../schemas/ops';
import type { AvailabilityRepository } from '../availability/ports';
import { enqueueChecks, REGIONS_POLLED, sweepFor, type Outbox } from '../availability/polling';

export interface SyncDeps {
  repo: Pick<AvailabilityRepository, 'existingContentIds' | 'titleCount'>;
  outbox: Outbox;
}

export type SyncStarted =
  | {
      scope: 'availability';
      mode: 'titles';
      contentIds: string[];
      regions: string[];
      checksEnqueued: number;
    }
  | {
      scope: 'availability';
      mode: 'full';
      sweepsEnqueued: 1;
      checksEnqueued: 0;
      checksExpected: number;
      regions: string[];
    };

export async function startAvailabilitySync(
  deps: SyncDeps,
  body: AvailabilitySyncBody,
): Promise<SyncStarted> {
  if (!body.contentIds) {
    await deps.outbox.send([{ body: sweepFor('full') }]);
    const titles = await deps.repo.titleCount();
    return {
      scope: 'availability',
      mode: 'full',
      sweepsEnqueued: 1,
      checksEnqueued: 0,
      checksExpected: titles * REGIONS_POLLED.length,
      regions: REGIONS_POLLED,
    };
  }
  const ids = [...new Set(body.contentIds)];
  const known = new Set(await deps.repo.existingContentIds(ids));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown contentIds: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`,
      {
        details: unknown.map((id) => ({ path: 'contentIds', message: `no title with id "${id}"` })),
      },
    );
  }
  const regions = body.regions ? [...new Set(body.regions)] : REGIONS_POLLED;
  const checksEnqueued = await enqueueChecks(deps.outbox, ids, regions);
  return { scope: 'availability', mode: 'titles', contentIds: ids, regions, checksEnqueued };
}
