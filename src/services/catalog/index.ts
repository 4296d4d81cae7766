import { AppError } from '../../lib/errors';
import type { ContentDetail, Genre, Platform } from '../../schemas/content';
import type { CatalogRepository } from '../ports';

export async function getContent(
  repo: CatalogRepository,
  id: string,
  region?: string,
): Promise<ContentDetail> {
  const found = await repo.getContent(id, region);
  if (!found) throw new AppError('NOT_FOUND', `No title with id "${id}"`);
  return found;
}

/** Titles in the order asked, null where there is no such title (one round trip). */
export async function getContents(
  repo: CatalogRepository,
  ids: readonly string[],
  region?: string,
): Promise<(ContentDetail | null)[]> {
  const found = await repo.getContents(ids, region);
  return ids.map((id) => found.get(id) ?? null);
}

export function listPlatforms(repo: CatalogRepository): Promise<Platform[]> {
  return repo.listPlatforms();
}

export function listGenres(repo: CatalogRepository): Promise<Genre[]> {
  return repo.listGenres();
}
