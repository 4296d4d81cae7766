/** Worker entry: HTTP, queue and cron handlers, and the Durable Object classes. */
import { createApp } from './app';
import { onSchedule } from './cron/schedule';
import { consumeAvailability } from './queues/availability';

export { PlatformGate } from './durable-objects/platform-gate';
export { LiveUpdateHub } from './durable-objects/live-update-hub';

const app = createApp();

export default {
  fetch: app.fetch,
  queue: consumeAvailability,
  scheduled: onSchedule,
} satisfies ExportedHandler<Env>;
