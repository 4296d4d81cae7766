/** Worker entry: HTTP, queue and cron handlers, and the Durable Object classes. */
import { createApp } from './app';

export { PlatformGate } from './durable-objects/platform-gate';
export { LiveUpdateHub } from './durable-objects/live-update-hub';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
