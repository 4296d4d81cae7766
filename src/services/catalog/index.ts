import { AppError } from '../../lib/errors';
import type { ContentDetail, Genre, Platform } from '../../schemas/content';
import type { CatalogRepository } from '../ports';

export async function getContent(repo: CatalogRepository, id: string, region?: string): Promise<ContentDetail> {
  const found = await repo.getContent(id, region);
  if (!found) throw new AppError('NOT_FOUND', `No title with id "${id}"`);
  return found;
}

export function listPlatforms(repo: CatalogRepository): Promise<Platform[]> {
  return repo.listPlatforms();
}

export function listGenres(repo: CatalogRepository): Promise<Genre[]> {
  return repo.listGenres();
}
