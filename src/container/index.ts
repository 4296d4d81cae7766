/**
 * The composition root: the only place that picks concrete adapters, from the parsed config.
 * Per isolate (./isolate.ts): the config and clients without I/O state (Upstash is plain
 * fetch). Per request (./request-scope.ts): the database pool, because Workers forbid sharing
 * I/O objects across requests. Each feature's wiring lives in its own file; business rules
 * live in the services (the hooks below only connect them).
 */
import type { Config } from '../env';
import type { Logger } from '../lib/logger';
import { accountServices, type AccountServices } from './accounts';
import { availabilityServices, type AvailabilityServices } from './availability';
import { catalogServices, type CatalogServices } from './catalog';
import { catalogIngestionServices, type CatalogIngestionServices } from './catalog-ingestion';
import { isolateServices, type IsolateServices } from './isolate';
import { metricsServices, type MetricsServices } from './metrics';
import { recommendationServices, type RecommendationServices } from './recommendations';
import { openRequestScope, type RequestScope } from './request-scope';
import { searchServices, type SearchServices } from './search';

export { isolateServices, type IsolateServices } from './isolate';
export { AVAILABILITY_QUEUE_NAME } from './availability';
export { CATALOG_QUEUE_NAME } from './catalog-ingestion';

export type RequestServices = { config: Config } & Omit<RequestScope, 'iso' | 'log'> &
  CatalogServices &
  CatalogIngestionServices &
  SearchServices &
  AccountServices &
  AvailabilityServices &
  RecommendationServices &
  MetricsServices;

/** `log` (the request's or the batch's, with its trace ids) reports background failures. */
export function requestServices(iso: IsolateServices, log?: Logger): RequestServices {
  const scope = openRequestScope(iso, log);
  const { iso: _iso, log: _log, ...shared } = scope;
  const recs = recommendationServices(scope);
  const { tasteChange, ...recsPublic } = recs;
  const search = searchServices(scope, recs);
  const catalog = catalogServices(scope);
  const availability = availabilityServices(scope);
  return {
    config: iso.config,
    ...shared,
    ...catalog,
    ...catalogIngestionServices(scope, { availabilityOutbox: availability.availabilityOutbox, bumpCatalogVersion: catalog.bumpCatalogVersion }),
    ...search,
    ...recsPublic,
    // After a taste write the person's recommendations are recomputed; an export or erasure
    // first drains the search log (see the hooks in services/accounts/personal-data.ts).
    ...accountServices(scope, { tasteChange, drainSearchLog: () => search.drainSearchLog() }),
    ...availability,
    ...metricsServices(scope),
  };
}

/**
 * How the app gets its services (createApp's default): the config once per isolate, the
 * services once per request. Tests give createApp fakes instead.
 */
export interface ServiceProvider {
  config(env: Env): Config;
  forRequest(env: Env, log: Logger): RequestServices;
}

export const containerServices: ServiceProvider = {
  config: (env) => isolateServices(env).config,
  forRequest: (env, log) => requestServices(isolateServices(env), log),
};
