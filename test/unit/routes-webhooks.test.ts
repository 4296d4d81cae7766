import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { signWebhook } from '../../src/services/availability/webhook-signature';
import { fakeServices } from './fakes/services';

const SECRET = 'whsec-test';
const payload = (eventId: string) =>
  JSON.stringify({
    eventId,
    type: 'availability.updated',
    occurredAt: new Date().toISOString(),
    contentId: 'jaws-1975',
    region: 'US',
    offers: [{ priceTier: 'subscription', url: 'https://example.com/jaws' }],
  });

function setup() {
  const sent: unknown[] = [];
  const seen = new Set<string>();
  const services = fakeServices({
    webhooks: () => ({
      repo: {
        webhookSecret: async (p: string) =>
          p === 'netflix' ? SECRET : p === 'hulu' ? null : undefined,
        contentExists: async (id: string) => id === 'jaws-1975',
      },
      replay: { firstSeen: async (key: string) => (seen.has(key) ? false : (seen.add(key), true)) },
      outbox: { send: async (messages) => void sent.push(...messages.map((m) => m.body)) },
    }),
  });
  return { app: createApp({ services }), sent };
}

async function deliver(
  app: ReturnType<typeof createApp>,
  platform: string,
  body: string,
  sign = SECRET,
) {
  const ts = Math.floor(Date.now() / 1000);
  return app.request(`/api/v1/webhooks/${platform}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Marquee-Timestamp': String(ts),
      'X-Marquee-Signature': await signWebhook(sign, ts, body),
    },
    body,
  });
}

describe('POST /api/v1/webhooks/:platform (createApp with fake services)', () => {
  it('accepts a signed event once (202), then reports the replay as a duplicate (200)', async () => {
    const { app, sent } = setup();
    const first = await deliver(app, 'netflix', payload('evt-1'));
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'accepted', eventId: 'evt-1' });
    const again = await deliver(app, 'netflix', payload('evt-1'));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate', eventId: 'evt-1' });
    expect(sent).toEqual([
      expect.objectContaining({
        kind: 'snapshot',
        platformId: 'netflix',
        eventId: 'evt-1',
        contentId: 'jaws-1975',
        source: 'webhook:netflix',
      }),
    ]);
  });

  it('refuses a bad signature (401), an unknown platform (404) and an unknown title (400) before anything is queued', async () => {
    const { app, sent } = setup();
    expect((await deliver(app, 'netflix', payload('evt-2'), 'wrong-secret')).status).toBe(401);
    expect((await deliver(app, 'nowhere', payload('evt-3'))).status).toBe(404);
    expect((await deliver(app, 'hulu', payload('evt-4'))).status).toBe(404);
    expect(
      (await deliver(app, 'netflix', payload('evt-5').replace('jaws-1975', 'no-such-title')))
        .status,
    ).toBe(400);
    expect(sent).toEqual([]);
  });
});
