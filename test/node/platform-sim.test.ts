import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundledSimTitles,
  startPlatformSim,
  type PlatformSim,
} from '../../dev/local-stack/platform-sim.ts';
import { platformsIn } from '../../scripts/seed/platforms.ts';
import { carriage, simulateOffers } from '../../scripts/seed/simulated-availability.ts';
import { verifyWebhook } from '../../src/services/availability/webhook-signature.ts';

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

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
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
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
    const offers = [
      {
        priceTier: 'rent',
        amount: 3.99,
        currency: 'USD',
        url: 'https://example.com/jaws',
        quality: 'hd',
        leavingAt: null,
      },
    ];
    const r = await fetch(`${sim.url}/__offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        platform: 'netflix',
        contentId: 'jaws-1975',
        region: 'US',
        offers,
        notify: { url: receiverUrl, secret: 's3cret' },
      }),
    });
    expect(await r.json()).toEqual({ ok: true, webhookStatus: 202 });
    expect(received).toHaveLength(1);
    const hook = received[0]!;
    expect(hook.path).toBe('/api/v1/webhooks/netflix');
    const check = await verifyWebhook(
      's3cret',
      String(hook.headers['x-marquee-timestamp']),
      String(hook.headers['x-marquee-signature']),
      hook.body,
      Math.floor(Date.now() / 1000),
    );
    expect(check).toEqual({ ok: true });
    expect(
      await verifyWebhook(
        'other',
        String(hook.headers['x-marquee-timestamp']),
        String(hook.headers['x-marquee-signature']),
        hook.body,
        Math.floor(Date.now() / 1000),
      ),
    ).toMatchObject({ ok: false });
    expect(JSON.parse(hook.body)).toMatchObject({
      type: 'availability.updated',
      contentId: 'jaws-1975',
      region: 'US',
      offers,
    });
    // And the platform itself now serves the changed offers.
    const served = await fetch(`${sim.url}/netflix/v1/offers?contentId=jaws-1975&region=US`, {
      headers: { authorization: 'Bearer sim-netflix' },
    });
    const body = (await served.json()) as { offers: unknown[] };
    expect(served.status).toBe(200);
    expect(body.offers).toHaveLength(1);
  });

  it('knows every title of the bundled catalog by its proposed id, and serves what the simulation gives it', async () => {
    const titles = bundledSimTitles();
    // A film from the Wikipedia list that the box-office data never had, and a box-office film.
    for (const id of ['black-panther-2018', 'the-godfather-1972']) {
      const title = titles.get(id)!;
      expect(title).toBeDefined();
      const served: unknown[] = [];
      for (const p of platformsIn('US')) {
        const r = await fetch(`${sim.url}/${p.id}/v1/offers?contentId=${id}&region=US`, {
          headers: { authorization: `Bearer sim-${p.id}` },
        });
        expect(r.status).toBe(200);
        served.push(...((await r.json()) as { offers: unknown[] }).offers);
      }
      expect(served).toHaveLength(simulateOffers(title, 'US').length);
    }
    expect(carriage(titles.get('the-godfather-1972')!)).toBe(1);
    const unknown = await fetch(
      `${sim.url}/netflix/v1/offers?contentId=no-such-film-1901&region=US`,
      { headers: { authorization: 'Bearer sim-netflix' } },
    );
    expect(unknown.status).toBe(404);
  });

  it('carries studio releases everywhere as before, and the long tail by popularity, silent films half as often', () => {
    const t = (popularity: number, releaseYear: number, distributor: string | null = null) => ({
      id: 'x',
      popularity,
      releaseYear,
      distributor,
    });
    expect(carriage(t(0.05, 1950, 'Universal'))).toBe(1);
    expect(carriage(t(0.72, 2015))).toBe(1);
    expect(carriage(t(0.15, 2015))).toBe(0);
    expect(carriage(t(0.4, 1925))).toBeCloseTo(carriage(t(0.4, 1935)) / 2, 10);
    expect(carriage(t(0.3, 1950))).toBeLessThan(carriage(t(0.5, 1950)));
  });
});
