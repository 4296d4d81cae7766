/**
 * Round trips per route, read from Server-Timing: a change that adds a database statement, a
 * connection or a Redis round trip to one of these paths fails here, not in a benchmark.
 */
import { describe, expect, it } from 'vitest';
import { parseServerTiming } from '../../src/lib/request-timing';
import { call } from './helpers';

const timing = async (path: string) => {
  const r = await call(path);
  expect(r.status).toBe(200);
  const t = parseServerTiming(r.headers.get('server-timing'));
  expect(t.total).toBeGreaterThanOrEqual(0);
  return t;
};

describe('round trips (Server-Timing)', () => {
  it('a cached search answers without the database or Redis', { timeout: 120_000 }, async () => {
    const path = `/api/v1/search?q=${encodeURIComponent('horror movies from the 80s round trips')}`;
    await timing(path); // fills the caches
    const t = await timing(path);
    expect(t).toMatchObject({ cache: 'edge', db: 0, dbconn: 0, redis: 0, embed: 0 });
  });

  it('an uncached search sends its statements over HTTP (no connection to open) and waits on no Redis', {
    timeout: 120_000,
  }, async () => {
    // Warm the isolate's settled values (gazetteer, vector status, catalog version), as any served isolate has.
    await timing(`/api/v1/search?q=${encodeURIComponent(`comedy warm ${Date.now()}`)}`);
    const t = await timing(
      `/api/v1/search?q=${encodeURIComponent(`thrillers based on a true story ${Date.now()}`)}`,
    );
    // The title probe (its similarity setting and SELECT: one HTTP batch), then the SQL and vector
    // legs at once (the vector query with its ef_search setting: another batch; the matches'
    // rows), then the page's offers, then (since the
    // people-as-entities merge) one more statement. A batch's statements are not in `db` (drizzle does not log
    // them): 3 statements, 4 HTTP requests.
    expect(t).toMatchObject({ cache: 'miss', db: 4, dbconn: 5, redis: 0, embed: 1 });
  });

  it('the title page is one statement, one HTTP round trip, no Redis', async () => {
    const t = await timing('/api/v1/content/the-godfather-1972');
    expect(t).toMatchObject({ dbconn: 1, db: 1, redis: 0, embed: 0 });
  });

  it('an availability read sends its two statements at once and waits on no Redis', async () => {
    const t = await timing('/api/v1/content/the-godfather-1972/availability?region=US');
    expect(t).toMatchObject({ db: 2, dbconn: 2, redis: 0 });
  });
});
