/**
 * Round trips per route, read from Server-Timing: a change that adds a database round trip in
 * turn, a connection or a Redis round trip to one of these paths fails here, not in a benchmark.
 * On a database without pgvector (the real-server run) search answers without its vector leg:
 * the counts below follow what the answer says it ran.
 */
import { describe, expect, it } from 'vitest';
import { parseServerTiming } from '../../src/lib/request-timing';
import { call } from './helpers';

const timing = async (path: string) => {
  const r = await call(path);
  expect(r.status).toBe(200);
  const t = parseServerTiming(r.headers.get('server-timing'));
  expect(t.total).toBeGreaterThanOrEqual(0);
  return { t, body: r.body as { meta?: { legs?: { vector?: string } } } };
};

describe('round trips (Server-Timing)', () => {
  it('a cached search answers without the database or Redis', { timeout: 120_000 }, async () => {
    const path = `/api/v1/search?q=${encodeURIComponent('horror movies from the 80s round trips')}`;
    // Fills the caches. An answer that fell back (a cold embedding model over its deadline) is not
    // cached: ask again until one is.
    for (let i = 0; i < 5; i++) {
      const { body } = await timing(path);
      if (!(body.meta as { fallbacks?: string[] } | undefined)?.fallbacks?.length) break;
    }
    // Asked again in the same isolate: its memory answers, before the edge cache (whose hits
    // cost no round trip either: test/unit/search-cache-admission.test.ts).
    const { t } = await timing(path);
    expect(t).toMatchObject({ cache: 'memo', db: 0, dbconn: 0, dbrt: 0, redis: 0, embed: 0 });
  });

  it('an uncached search waits on at most two database round trips in turn and no Redis', {
    timeout: 120_000,
  }, async () => {
    // Warm the isolate's settled values (gazetteer, vector status, catalog version), as any served isolate has.
    await timing(`/api/v1/search?q=${encodeURIComponent(`comedy warm ${Date.now()}`)}`);
    // Facets and words, long enough to skip the title probe: the keyword statement and the
    // facets' statement in one HTTP request (rows with their offers), beside the embedding;
    // then the neighbours with their rows (one HTTP batch).
    const { t, body } = await timing(
      `/api/v1/search?q=${encodeURIComponent(`thrillers based on a true story ${Date.now()}`)}`,
    );
    const vector = body.meta?.legs?.vector === 'used';
    expect(t).toMatchObject({ cache: 'miss', redis: 0, dbconn: vector ? 2 : 1 });
    expect(t.embed).toBe(vector ? 1 : t.embed);
    expect(t.dbrt).toBeGreaterThanOrEqual(1);
    expect(t.dbrt).toBeLessThanOrEqual(vector ? 2 : 1);
  });

  it('a short uncached search asks the title probe in its keyword statement', {
    timeout: 120_000,
  }, async () => {
    // Three words: the title probe runs, as part of the keyword statement (which answers it), so
    // nothing waits on it and it costs no statement of its own: the keyword and the facets'
    // statements (one HTTP request), then the neighbours.
    const { t, body } = await timing(
      `/api/v1/search?q=${encodeURIComponent(`heist comedy z${Date.now()}`)}`,
    );
    const vector = body.meta?.legs?.vector === 'used';
    expect(t).toMatchObject({ cache: 'miss', redis: 0, dbconn: vector ? 2 : 1 });
    expect(t.dbrt).toBeLessThanOrEqual(vector ? 2 : 1);
  });

  it('a short facets-only search asks the title probe in its facets statement', {
    timeout: 120_000,
  }, async () => {
    // No words left once the facets are read ("dark" is a mood, "comedies" a genre): no keyword
    // statement, so the facets' statement answers the probe too. A page size not asked before
    // keeps it uncached.
    const { t } = await timing(
      `/api/v1/search?q=${encodeURIComponent('dark comedies')}&limit=${7 + (Date.now() % 40)}`,
    );
    expect(t).toMatchObject({ cache: 'miss', redis: 0, dbconn: 1, dbrt: 1, embed: 0 });
  });

  it('the title page is one statement, one HTTP round trip, no Redis', async () => {
    const { t } = await timing('/api/v1/content/the-godfather-1972');
    expect(t).toMatchObject({ dbconn: 1, dbrt: 1, db: 1, redis: 0, embed: 0 });
  });

  it('an availability read sends its two statements at once and waits on no Redis', async () => {
    const { t } = await timing('/api/v1/content/the-godfather-1972/availability?region=US');
    expect(t).toMatchObject({ db: 2, dbconn: 2, dbrt: 1, redis: 0 });
  });
});
