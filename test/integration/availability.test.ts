import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { call } from './helpers';
import { platformNotOffering, withDb } from './auth-helpers';

// The simulated platforms' address, a binding the test stack sets.
const SIM = (env as unknown as { PLATFORM_SIM_URL: string }).PLATFORM_SIM_URL;
const sim = async (path: string, body: unknown) => {
  const r = await fetch(`${SIM}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await r.arrayBuffer();
};
const age = (id: string) =>
  withDb((db) =>
    db.execute(
      sql`update platform_availability set last_verified_at = now() - interval '2 hours' where content_id = ${id}`,
    ),
  );

describe('GET /api/v1/content/:id/availability', () => {
  it('answers from storage while fresh', async () => {
    const r = await call('/api/v1/content/jaws-1975/availability?region=US&verify=true');
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('cache');
    expect(r.body.offers.every((o: any) => o.stale === false)).toBe(true);
  });

  it('verifies live through the gates when stale, and stores what changed', async () => {
    const id = 'the-godfather-part-ii-1974';
    await age(id);
    const first = await call(`/api/v1/content/${id}/availability?region=US&verify=true`);
    // Other test files put faults on these in the shared simulator or throttle their gates: ignore them here.
    expect(first.body).toMatchObject({ source: 'live', changes: 0 });
    expect(
      first.body.failed.filter(
        (f: any) => !['tubi', 'pluto-tv', 'google-play', 'paramount-plus'].includes(f.platformId),
      ),
    ).toEqual([]);
    expect(first.body.checked).toContain('netflix');
    // the platform changes its catalog
    await sim('/__offers', {
      platform: 'hulu',
      contentId: id,
      region: 'US',
      offers: [
        {
          priceTier: 'subscription',
          amount: null,
          currency: null,
          url: 'https://www.hulu.com/movie/x',
          quality: 'hd',
          leavingAt: null,
        },
      ],
    });
    await age(id);
    const second = await call(`/api/v1/content/${id}/availability?region=US&verify=true`);
    expect(second.body.changes).toBeGreaterThan(0);
    expect(
      second.body.offers.some(
        (o: any) => o.platformId === 'hulu' && o.priceTier === 'subscription',
      ),
    ).toBe(true);
  });

  it('returns the last known offers marked stale when a platform is down', async () => {
    const id = 'jaws-1975';
    await sim('/__control', { platform: 'google-play', errorRate: 1 });
    try {
      await age(id);
      const r = await call(`/api/v1/content/${id}/availability?region=US&verify=true`);
      expect(r.status).toBe(200);
      expect(r.body.failed.map((f: any) => f.platformId)).toContain('google-play');
      for (const o of r.body.offers.filter((x: any) => x.platformId === 'google-play')) {
        expect(o.stale).toBe(true);
        expect(o.lastVerifiedAt).toBeTruthy();
      }
    } finally {
      await sim('/__control', { reset: true });
    }
  });

  it('404 for an unknown title, 400 for a bad region', async () => {
    expect((await call('/api/v1/content/no-such-film-1901/availability')).status).toBe(404);
    expect((await call('/api/v1/content/jaws-1975/availability?region=ZZ')).status).toBe(400);
  });
});

describe('GET /api/v1/content/:id/availability/stream', () => {
  it('pushes a change to a live subscriber as a Server-Sent Event', async () => {
    const { exports } = await import('cloudflare:workers');
    const { createMessageBatch, createExecutionContext, getQueueResult } = await import(
      'cloudflare:test'
    );
    const { consumeAvailability } = await import('../../src/queues/availability');
    const controller = new AbortController();
    const res = await exports.default.fetch(
      new Request('http://marquee.test/api/v1/content/alien-1979/availability/stream?region=US', {
        signal: controller.signal,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toContain(': connected');
    const platformId = await platformNotOffering('alien-1979');
    const msg = {
      kind: 'snapshot',
      platformId,
      eventId: 'live-1',
      contentId: 'alien-1979',
      region: 'US',
      offers: [
        {
          priceTier: 'free',
          amount: null,
          currency: null,
          url: 'https://example.com/watch/alien',
          quality: 'hd',
          leavingAt: null,
        },
      ],
      source: 'test',
    };
    const batch = createMessageBatch('availability-checks', [
      { id: 'live-m1', timestamp: new Date(), attempts: 1, body: msg },
    ]);
    const ctx = createExecutionContext();
    await consumeAvailability(batch, env, ctx);
    await getQueueResult(batch, ctx);
    const frame = decoder.decode((await reader.read()).value);
    expect(frame).toContain('event: availability');
    expect(JSON.parse(frame.split('data: ')[1]!)).toMatchObject({
      contentId: 'alien-1979',
      platformId,
      region: 'US',
      changes: [{ kind: 'added', priceTier: 'free' }],
    });
    await reader.cancel();
    controller.abort();
  });

  it('404 for an unknown title', async () => {
    expect((await call('/api/v1/content/no-such-film-1901/availability/stream')).status).toBe(404);
  });
});
