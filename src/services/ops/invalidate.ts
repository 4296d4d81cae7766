/**
 * Cache invalidation. Search and suggestion answers are keyed by the catalog version, so
 * bumping it makes every one unreachable at once (they expire on their own TTLs). Cached
 * answers are keyed by query, not by title, so "content" scope cannot be narrower than a bump
 * either; title details and offers themselves are read from Postgres, not cached.
 */
import { AppError } from '../../lib/errors';
import type { CacheInvalidateBody } from '../../schemas/ops';
import type { AvailabilityRepository } from '../availability/ports';

export interface InvalidateDeps {
  bumpCatalogVersion: () => Promise<number>;
  repo: Pick<AvailabilityRepository, 'existingContentIds'>;
}

export interface Invalidated {
  scope: CacheInvalidateBody['scope'];
  /** Which caches no longer answer. */
  invalidated: ('search' | 'suggestions')[];
  catalogVersion: number;
  contentIds?: string[];
  note: string;
}

export async function invalidateCaches(
  deps: InvalidateDeps,
  body: CacheInvalidateBody,
): Promise<Invalidated> {
  let contentIds: string[] | undefined;
  if (body.contentIds) {
    contentIds = [...new Set(body.contentIds)];
    const known = new Set(await deps.repo.existingContentIds(contentIds));
    const unknown = contentIds.filter((id) => !known.has(id));
    if (unknown.length)
      throw new AppError(
        'NOT_FOUND',
        `No title with id ${unknown
          .slice(0, 5)
          .map((id) => `"${id}"`)
          .join(', ')}`,
      );
  }
  const catalogVersion = await deps.bumpCatalogVersion();
  return {
    scope: body.scope,
    invalidated: ['search', 'suggestions'],
    catalogVersion,
    ...(contentIds ? { contentIds } : {}),
    note:
      body.scope === 'content'
        ? 'Cached answers are keyed by query and catalog version, so every cached search and suggestion answer was dropped (any may hold these titles); title details and offers are not cached.'
        : 'Every cached search and suggestion answer was dropped (catalog version bumped).',
  };
}
