/**
 * Live availability for subscribers: a title's changes as they happen, and what newly became
 * available to one person (changes to titles on their watchlist, pushed to their own hub).
 */
import { AppError } from '../../lib/errors';
import type { ChangeEvent } from './detect-changes';
import type { AvailabilityRepository, LiveEvent, LiveFeed } from './ports';

export interface LiveDeps {
  repo: Pick<AvailabilityRepository, 'contentExists'>;
  feed: LiveFeed;
}

/** Changes to one title (in one region, when given); NOT_FOUND for an unknown title. */
export async function watchTitle(
  deps: LiveDeps,
  contentId: string,
  region?: string,
): Promise<AsyncIterableIterator<LiveEvent>> {
  if (!(await deps.repo.contentExists(contentId)))
    throw new AppError('NOT_FOUND', `No title with id "${contentId}"`);
  return deps.feed.subscribe({ contentId }, { region });
}

/**
 * What became available to a signed-in person: their watchlist notifications as they are
 * written, keeping only the change kinds asked for ('added' by default: new to watch).
 */
export async function watchNewForUser(
  deps: Pick<LiveDeps, 'feed'>,
  userId: string,
  kinds: readonly ChangeEvent['kind'][] = ['added'],
): Promise<AsyncIterableIterator<LiveEvent>> {
  const source = await deps.feed.subscribe({ userId });
  const wanted = new Set(kinds);
  const it: AsyncIterableIterator<LiveEvent> = {
    async next() {
      for (;;) {
        const r = await source.next();
        if (r.done) return r;
        const changes = r.value.changes.filter((c) => wanted.has(c.kind));
        if (changes.length) return { done: false, value: { ...r.value, changes } };
      }
    },
    // Straight through, so closing ends the hub subscription even while a read is pending.
    return: async () => (await source.return?.()) ?? { done: true, value: undefined },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
