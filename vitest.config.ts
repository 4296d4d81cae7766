import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-plugin';

/**
 * Three projects:
 * - `node`: the local stack (PGlite pipe, Upstash bridge), seed and pure service logic, run in Node.
 * - `workers`: routes, Durable Objects, queues and cron inside workerd with real bindings,
 *   against the stack that test/global-setup.ts starts (embedded, or real servers via
 *   TEST_DATABASE_URL / REDIS_URL).
 * - `e2e`: the web page in a real headless Chromium (playwright-core) against `wrangler dev` on
 *   its own embedded stack, which test/e2e/global-setup.ts starts and stops.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            main: './src/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // Hyperdrive over the stack's TCP pipe, under another name: the Worker switches to it
              // only where a test passes it as HYPERDRIVE (test/integration/hyperdrive.test.ts).
              hyperdrives: Object.fromEntries(
                inject('hyperdriveUrl') ? [['TEST_HYPERDRIVE', inject('hyperdriveUrl')]] : [],
              ),
              bindings: {
                ...inject('stackVars'),
                ...inject('authVars'),
                // Only tests read it (a hung Redis): the app's config ignores it.
                TEST_HUNG_URL: inject('hungUrl'),
                ENVIRONMENT: 'test',
                // The first-admin bootstrap (test/integration/admin-bootstrap.test.ts).
                ADMIN_EMAILS: 'bootstrap-admin@marquee.test',
                LOG_LEVEL: 'warn',
                // High, so suites sharing one client address are not throttled; the rate-limit
                // tests pass small limits per request. Login keeps its production default.
                RATE_LIMIT_ANON_PER_MIN: '100000',
                RATE_LIMIT_USER_PER_MIN: '100000',
                RATE_LIMIT_PREMIUM_PER_MIN: '100000',
                RATE_LIMIT_AUTOCOMPLETE_PER_MIN: '100000',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
