import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-plugin';

/**
 * Two projects:
 * - `node`: the local stack (PGlite pipe, Upstash bridge), seed and pure service logic, run in Node.
 * - `workers`: routes, Durable Objects, queues and cron inside workerd with real bindings,
 *   against the stack that test/global-setup.ts starts (embedded, or real servers via
 *   TEST_DATABASE_URL / REDIS_URL).
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
              bindings: { ...inject('stackVars'), ENVIRONMENT: 'test', LOG_LEVEL: 'warn' },
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
    ],
  },
});
