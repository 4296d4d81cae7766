import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { FAKE_BEARER, fakeServices, fakeTokenGuard } from './fakes/services';

describe('GET /api/v1/admin/metrics (createApp with fake services)', () => {
  const admin = fakeTokenGuard({ id: '6f1c2b7e-0000-4000-8000-00000000000a', role: 'admin' });

  it("without a metrics store: this isolate's figures, store_up 0, and each breaker read live", async () => {
    const services = fakeServices({
      ...admin,
      metricsScrape: () => {
        const { recorder, flusher } = services.metrics;
        return {
          recorder,
          flusher,
          store: undefined,
          platforms: async () => [{ id: 'netflix' }, { id: 'hulu' }],
          breakerState: async (id: string) => {
            if (id === 'hulu') throw new Error('gate unreachable');
            return 'open';
          },
        };
      },
    });
    const res = await createApp({ services }).request('/api/v1/admin/metrics', {
      headers: FAKE_BEARER,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('marquee_metrics_store_up 0');
    expect(text).toContain('marquee_platform_breaker_state{platform="netflix",state="open"} 1');
    expect(text).toContain('marquee_platform_breaker_state{platform="netflix",state="closed"} 0');
    expect(text).not.toContain('platform="hulu"');
  });

  it('is for admins only', async () => {
    const services = fakeServices(fakeTokenGuard({ id: '6f1c2b7e-0000-4000-8000-00000000000b' }));
    expect(
      (await createApp({ services }).request('/api/v1/admin/metrics', { headers: FAKE_BEARER }))
        .status,
    ).toBe(403);
  });
});
