/** Worker entry: HTTP, queue and cron handlers, and the Durable Object classes. */
import { createApp } from './app';
import { onSchedule } from './cron/schedule';
import { consumeAvailability } from './queues/availability';
import { consumeCatalog } from './queues/catalog';

export { PlatformGate } from './durable-objects/platform-gate';
export { LiveUpdateHub } from './durable-objects/live-update-hub';

const app = createApp();

export default {
  fetch: app.fetch,
  // Queue names may carry an environment suffix ("catalog-ingest-staging"): routed by prefix.
  queue: (batch, env, ctx) =>
    batch.queue.startsWith('catalog-ingest')
      ? consumeCatalog(batch, env, ctx)
      : consumeAvailability(batch, env, ctx),
  scheduled: onSchedule,
} satisfies ExportedHandler<Env>;
