/**
 * Searches are recorded through the search log: appended to Redis with the popular count in
 * one round trip, drained into search_history by the cron and before an export or erasure.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { isolateServices, requestServices } from '../../src/container';
import { countFor, recentSearches, send, signUp } from './auth-helpers';

const app = createApp();

async function search(q: string, token?: string) {
  const res = await app.request(`/api/v1/search?q=${encodeURIComponent(q)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }, env);
  await res.arrayBuffer();
  return res.status;
}

async function drain(): Promise<number> {
  const services = requestServices(isolateServices(env));
  try {
    return await services.drainSearchLog();
  } finally {
    await services.dispose();
  }
}

// Search texts are stored encrypted: compared after decrypting.
const stored = async (query: string) => (await recentSearches()).filter((r) => r.query === query).length;

describe('search log', () => {
  it('records a search, cached or not, without touching Postgres until drained', async () => {
    const q = `westerns ${crypto.randomUUID().slice(0, 8)}`;
    expect(await search(q)).toBe(200);
    expect(await search(q)).toBe(200); // the cached answer is recorded too
    expect(await stored(q)).toBe(0);
    expect(await drain()).toBeGreaterThanOrEqual(2);
    expect(await stored(q)).toBe(2);
    const row = (await recentSearches()).find((r) => r.query === q);
    expect(row).toMatchObject({ region: 'US', normalized_query: q });
    // The time of the search, not of the drain.
    expect(Date.now() - new Date(row!.searched_at).getTime()).toBeLessThan(60_000);
  });

  it("a signed-in person's searches are in their export at once, and gone after erasure", async () => {
    const a = await signUp('searchlog');
    const q = `dark comedies ${crypto.randomUUID().slice(0, 8)}`;
    expect(await search(q, a.accessToken)).toBe(200);
    const exported = await send('GET', `/api/v1/users/${a.id}/export`, { token: a.accessToken });
    expect(exported.status).toBe(200);
    expect(exported.body.searchHistory.map((s: { query: string }) => s.query)).toContain(q);
    // A search that waits in the log while the account is erased is not stored afterwards.
    expect(await search(`${q} again`, a.accessToken)).toBe(200);
    const erased = await send('DELETE', `/api/v1/users/${a.id}`, { token: a.accessToken });
    expect(erased.status).toBe(200);
    expect(erased.body.removed.searchHistory).toBe(2);
    expect(await countFor('search_history', a.id)).toBe(0);
    expect(await search(`${q} late`, a.accessToken)).not.toBe(500);
    await drain();
    expect(await countFor('search_history', a.id)).toBe(0);
  });

  it('counts searches among the day\'s popular ones in the same round trip', async () => {
    const q = `musicals ${crypto.randomUUID().slice(0, 8)}`;
    await search(q);
    const redis = isolateServices(env).redis!;
    const score = await redis.zscore(`search:popular:${new Date().toISOString().slice(0, 10)}`, q);
    expect(Number(score)).toBe(1);
  });
});
