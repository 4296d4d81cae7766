/**
 * Per-service feeds: what arrived on a platform in a region, what is leaving it soon and whose
 * price dropped, newest (or soonest) first, a page at a time. A page is read at most once per
 * FEED_TTL_MS per isolate (the same page is asked by every visitor's home page); a parental
 * limit leaves out titles rated above it, and unrated ones.
 */
import { AppError } from '../../lib/errors';
import type { FeedKind, FeedResponse } from '../../schemas/feeds';
import { ratingsUpTo } from '../parental-limit';
import type { FeedPosition, FeedsRepository } from './ports';

export { stricterLimit } from '../parental-limit';

export const FEED_TTL_MS = 30_000;

export function encodeCursor(kind: FeedKind, p: FeedPosition): string {
  return btoa(`${kind}:${p.at}:${p.id}`).replace(/=+$/, '');
}

export function decodeCursor(kind: FeedKind, cursor: string): FeedPosition {
  let parts: string[];
  try {
    parts = atob(cursor).split(':');
  } catch {
    parts = [];
  }
  const [k, at, id] = parts;
  if (parts.length !== 3 || !/^-?\d{1,15}$/.test(at ?? '') || !/^\d{1,18}$/.test(id ?? '')) {
    throw new AppError(
      'VALIDATION_FAILED',
      'cursor is not valid: pass back the nextCursor of a previous response unchanged',
    );
  }
  if (k !== kind)
    throw new AppError('VALIDATION_FAILED', `cursor belongs to the ${k} feed, not ${kind}`);
  return { at: Number(at), id: Number(id) };
}

export interface FeedsDeps {
  repo: FeedsRepository;
  /** Reads a page through the isolate's short-lived memo (see FEED_TTL_MS). */
  memo: <T>(key: string, read: () => Promise<T>) => Promise<T>;
  now?: () => Date;
}

export interface FeedInput {
  kind: FeedKind;
  region: string;
  platforms?: string[];
  days: number;
  maxRating: string | null;
  limit: number;
  cursor?: string;
}

export async function readFeed(deps: FeedsDeps, input: FeedInput): Promise<FeedResponse> {
  const after = input.cursor ? decodeCursor(input.kind, input.cursor) : null;
  const platforms = input.platforms?.length ? [...input.platforms].sort() : null;
  const ratings = ratingsUpTo(input.maxRating);
  const key = JSON.stringify([
    input.kind,
    input.region,
    platforms,
    input.days,
    ratings,
    input.limit,
    after,
  ]);
  const rows = await deps.memo(key, () =>
    deps.repo.feed({
      kind: input.kind,
      region: input.region,
      platforms,
      days: input.days,
      ratings,
      limit: input.limit + 1,
      after,
      now: (deps.now ?? (() => new Date()))(),
    }),
  );
  const page = rows.slice(0, input.limit);
  const more = rows.length > input.limit;
  return {
    kind: input.kind,
    region: input.region as FeedResponse['region'],
    platforms,
    items: page.map(({ position: _p, ...item }) => item),
    meta: {
      nextCursor:
        more && page.length ? encodeCursor(input.kind, page[page.length - 1]!.position) : null,
      days: input.days,
      maxRating: input.maxRating,
    },
  };
}
