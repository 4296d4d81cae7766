/** Catalog ingestion: the configured content sources, storage, the catalog queue and what follows a page. */
import { contentSourcesFrom } from '../adapters/content-sources';
import { createIngestRepository, embeddableTitles } from '../db/repositories/ingest';
import { M } from '../lib/metrics/families';
import { enqueueChecks, REGIONS_POLLED } from '../services/availability/polling';
import { embedTitles } from '../services/catalog/embed-titles';
import type { IngestDeps } from '../services/catalog/ingest/run';
import type { AvailabilityServices } from './availability';
import { embedder, usableVector, type CatalogServices } from './catalog';
import type { RequestScope } from './request-scope';

export const CATALOG_QUEUE_NAME = 'catalog-ingest';

export interface CatalogIngestionServices {
  /** Catalog ingestion: the configured content sources, storage, the catalog queue and what follows a page. */
  ingestion(): IngestDeps;
}

export function catalogIngestionServices(
  scope: RequestScope,
  wiring: Pick<AvailabilityServices, 'availabilityOutbox'> &
    Pick<CatalogServices, 'bumpCatalogVersion'>,
): CatalogIngestionServices {
  const { iso, db } = scope;
  return {
    ingestion: () => ({
      repo: createIngestRepository(db()),
      sources: contentSourcesFrom(iso.config.catalog),
      send: async (message) => {
        await iso.env.CATALOG_QUEUE.send(message);
        iso.metrics.recorder.inc(M.queueEnqueued, { queue: CATALOG_QUEUE_NAME });
      },
      pageSize: iso.config.catalog.pageSize,
      hooks: {
        reembed: async (ids) => {
          const vector = await usableVector(scope);
          if (!vector) return;
          const e = embedder(scope);
          await embedTitles({
            titles: await embeddableTitles(db(), ids, e.model),
            vector,
            embedder: e,
          });
        },
        // New titles: where they stream is checked like any title's (the simulated platforms locally).
        newTitles: async (ids) =>
          void (await enqueueChecks(wiring.availabilityOutbox(), ids, REGIONS_POLLED)),
        invalidate: async () => void (await wiring.bumpCatalogVersion()),
      },
      warn: scope.log.warn,
    }),
  };
}
