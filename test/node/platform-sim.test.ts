import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatformSim, type PlatformSim } from '../../dev/local-stack/platform-sim.ts';
import { verifyWebhook } from '../../src/services/availability/webhook-signature.ts';

interface Received { path: string; headers: Record<string, string | string[] | undefined>; body: string }

describe('simulated partner platforms', () => {
  let sim: PlatformSim;
  let receiver: Server;
  let receiverUrl = '';
  const received: Received[] = [];

  beforeAll(async () => {
    sim = await startPlatformSim({ port: 0 });
    receiver = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
    await new Promise((r) => receiver?.close(r));
  });

  it('posts a webhook signed over timestamp and body when a change asks to notify', async () => {
    const offers = [{ priceTier: 'rent', amount: 3.99, currency: 'USD', url: 'https://example.com/jaws', quality: 'hd', leavingAt: null }];
    const r = await fetch(`${sim.url}/__offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'netflix', contentId: 'jaws-1975', region: 'US', offers, notify: { url: receiverUrl, secret: 's3cret' } }),
    });
    expect(await r.json()).toEqual({ ok: true, webhookStatus: 202 });
    expect(received).toHaveLength(1);
    const hook = received[0]!;
    expect(hook.path).toBe('/api/v1/webhooks/netflix');
    const check = await verifyWebhook('s3cret', String(hook.headers['x-marquee-timestamp']), String(hook.headers['x-marquee-signature']), hook.body, Math.floor(Date.now() / 1000));
    expect(check).toEqual({ ok: true });
    expect(await verifyWebhook('other', String(hook.headers['x-marquee-timestamp']), String(hook.headers['x-marquee-signature']), hook.body, Math.floor(Date.now() / 1000))).toMatchObject({ ok: false });
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'availability.updated', contentId: 'jaws-1975', region: 'US', offers });
    // And the platform itself now serves the changed offers.
    const served = await fetch(`${sim.url}/netflix/v1/offers?contentId=jaws-1975&region=US`, { headers: { authorization: 'Bearer sim-netflix' } });
    const body = await served.json() as { offers: unknown[] };
    expect(served.status).toBe(200);
    expect(body.offers).toHaveLength(1);
  });
});
