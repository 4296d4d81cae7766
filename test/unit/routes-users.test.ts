import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { RequestServices } from '../../src/container';
import { FAKE_BEARER, fakeServices, fakeTokenGuard } from './fakes/services';

const USER = '6f1c2b7e-0000-4000-8000-000000000001';

function setup() {
  const calls: string[] = [];
  const accounts = {
    users: {
      findById: async (id: string) => (id === USER ? { id, role: 'user' } : null),
      getPreferences: async () => ({ region: 'GB' }),
    },
    activity: {
      rate: async (_u: string, contentId: string, score: number) => (
        calls.push(`rate ${contentId}`),
        contentId === 'jaws-1975' ? { contentId, score, ratedAt: 'now' } : 'no-content'
      ),
      addToWatchlist: async (_u: string, contentId: string) => (
        calls.push(`watchlist ${contentId}`),
        { added: true, item: { contentId, title: 'Jaws', releaseYear: 1975, addedAt: 'now' } }
      ),
    },
    privacy: { exportUser: async () => (calls.push('export'), { profile: {} }) },
    hooks: {
      tasteChanged: async (userId: string) => void calls.push(`taste changed ${userId}`),
      beforeExportOrErasure: async () => void calls.push('search log drained'),
    },
  } as unknown as ReturnType<RequestServices['accounts']>;
  const trending: unknown[] = [];
  const services = fakeServices({
    ...fakeTokenGuard({ id: USER }),
    accounts: () => accounts,
    engagement: () => ({
      store: { record: async (events: unknown[]) => void trending.push(...events) } as never,
      regionOf: async () => 'GB',
    }),
  });
  return { app: createApp({ services }), services, calls, trending };
}

const json = (method: string, body: unknown) => ({
  method,
  headers: { ...FAKE_BEARER, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('/api/v1/me (createApp with fake services)', () => {
  it('a rating runs the taste hook after the write; a rating of an unknown title does not', async () => {
    const { app, calls } = setup();
    const ok = await app.request('/api/v1/me/ratings/jaws-1975', json('PUT', { score: 8 }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Cache-Control')).toBe('private, no-store');
    expect(calls).toEqual(['rate jaws-1975', `taste changed ${USER}`]);
    calls.length = 0;
    const missing = await app.request(
      '/api/v1/me/ratings/no-such-title',
      json('PUT', { score: 8 }),
    );
    expect(missing.status).toBe(404);
    expect(calls).toEqual(['rate no-such-title']);
  });

  it("a watchlist add counts toward trending in the person's region after the response", async () => {
    const { app, services, calls, trending } = setup();
    const res = await app.request('/api/v1/me/watchlist', json('POST', { contentId: 'jaws-1975' }));
    expect(res.status).toBe(201);
    expect(calls).toEqual(['watchlist jaws-1975', `taste changed ${USER}`]);
    await services.settle();
    expect(trending).toEqual([
      expect.objectContaining({ contentId: 'jaws-1975', region: 'GB', weight: 2 }),
    ]);
  });

  it('an export drains the search log first', async () => {
    const { app, calls } = setup();
    const res = await app.request('/api/v1/me/export', { headers: FAKE_BEARER });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toContain('marquee-export.json');
    expect(calls).toEqual(['search log drained', 'export']);
  });

  it('needs a signed-in caller', async () => {
    const { app } = setup();
    expect((await app.request('/api/v1/me/ratings')).status).toBe(401);
  });
});
