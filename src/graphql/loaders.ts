/**
 * Per-request batching (dataloader): every title asked for while one GraphQL response is being
 * resolved is fetched in one database round trip per region, however many results, watchlist
 * entries or reports ask for it. Loaders live for one request only, so nothing is cached across
 * callers.
 */
import DataLoader from 'dataloader';
import type { ContentDetail } from '../schemas/content';
import type { CatalogRepository } from '../services/ports';
import { getContents } from '../services/catalog';

export interface Loaders {
  /** Titles by id, offers limited to one region (or all regions for ''). */
  content(region: string | undefined): DataLoader<string, ContentDetail | null>;
}

export function createLoaders(catalog: () => CatalogRepository): Loaders {
  const byRegion = new Map<string, DataLoader<string, ContentDetail | null>>();
  return {
    content(region) {
      const key = region ?? '';
      let loader = byRegion.get(key);
      if (!loader) {
        loader = new DataLoader((ids) => getContents(catalog(), ids, region), {
          maxBatchSize: 100,
        });
        byRegion.set(key, loader);
      }
      return loader;
    },
  };
}
