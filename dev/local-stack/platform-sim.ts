/**
 * Simulated partner platforms for dev, tests and benchmarks: one local HTTP server serving
 * every platform's offers API, with catalogs that drift over time and faults that can be
 * switched on at run time (latency, error rate, timeouts, 429 with Retry-After).
 *
 *   GET  /:platform/v1/offers?contentId=…&region=US   → { offers: [...] }   (bearer token per platform)
 *   POST /__control  { platform, latencyMs?, errorRate?, timeout?, rateLimited?, reset? }
 *   POST /__offers   { platform, contentId, region, offers, notify? }   — set a title's offers (a "change");
 *        with notify: { url, secret } the platform also posts a signed webhook about it to Marquee
 *   GET  /__stats                                              → requests served per platform
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { keepIdleSocketsOpen } from './keep-alive.ts';
import type { AddressInfo } from 'node:net';
import { PLATFORMS, type Region } from '../../scripts/seed/platforms.ts';
import { sharedBundledRecords } from '../../scripts/catalog/bundled.ts';
import {
  simulateOffers,
  type SimOffer,
  type SimTitle,
} from '../../scripts/seed/simulated-availability.ts';
import { signWebhook } from '../../src/services/availability/webhook-signature.ts';

export interface PlatformFaults {
  latencyMs: number;
  errorRate: number;
  /** Never answer (the caller's timeout fires). */
  timeout: boolean;
  /** Answer 429 with Retry-After. */
  rateLimited: boolean;
}

export interface PlatformSim {
  url: string;
  close(): Promise<void>;
}

const NO_FAULTS: PlatformFaults = {
  latencyMs: 0,
  errorRate: 0,
  timeout: false,
  rateLimited: false,
};

/**
 * The titles the platforms know: every title of the bundled catalog edition under the id the
 * ingestion gives it (its proposed id), with what the simulation reads.
 */
export function bundledSimTitles(
  records: readonly unknown[] = sharedBundledRecords(),
): Map<string, SimTitle> {
  const titles = new Map<string, SimTitle>();
  for (const r of records as Array<Record<string, unknown>>) {
    if (typeof r.proposedId !== 'string' || typeof r.releaseYear !== 'number') continue;
    titles.set(r.proposedId, {
      id: r.proposedId,
      releaseYear: r.releaseYear,
      popularity: typeof r.popularity === 'number' ? r.popularity : 0,
      distributor: typeof r.distributor === 'string' ? r.distributor : null,
    });
  }
  return titles;
}

export async function startPlatformSim(
  opts: {
    port?: number;
    seed?: string;
    log?: (m: string) => void;
    titles?: () => Map<string, SimTitle>;
  } = {},
): Promise<PlatformSim> {
  const faults = new Map<string, PlatformFaults>();
  const overrides = new Map<string, SimOffer[]>();
  const served = new Map<string, number>();
  const pending = new Set<ServerResponse>();
  // Starts from exactly what the seed stored (the same simulation over the same catalog), so a
  // check finds no change until one is made. Read just after start-up (below), not on the first
  // offers request: reading 36,000 records takes a second or more, longer than a check may wait.
  let titles: Map<string, SimTitle> | undefined;
  const known = () => (titles ??= (opts.titles ?? bundledSimTitles)());
  setImmediate(() => known());

  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage): Promise<any> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sim');
      if (req.method === 'POST' && url.pathname === '/__control') {
        const b = await readJson(req);
        if (b.reset) faults.clear();
        if (b.platform)
          faults.set(b.platform, {
            ...(faults.get(b.platform) ?? NO_FAULTS),
            ...b,
            reset: undefined,
          });
        return json(res, 200, { faults: Object.fromEntries(faults) });
      }
      if (req.method === 'POST' && url.pathname === '/__offers') {
        const b = await readJson(req);
        overrides.set(`${b.platform}:${b.contentId}:${b.region}`, b.offers);
        if (b.notify?.url && b.notify?.secret) {
          // As a partner would: the full current offers, signed over timestamp and body.
          const body = JSON.stringify({
            eventId: `sim-${b.platform}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
            type: 'availability.updated',
            occurredAt: new Date().toISOString(),
            contentId: b.contentId,
            region: b.region,
            offers: b.offers,
          });
          const ts = Math.floor(Date.now() / 1000);
          const signature = await signWebhook(b.notify.secret, ts, body);
          const r = await fetch(
            `${b.notify.url.replace(/\/$/, '')}/api/v1/webhooks/${b.platform}`,
            {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-marquee-timestamp': String(ts),
                'x-marquee-signature': signature,
              },
              body,
            },
          );
          await r.arrayBuffer();
          return json(res, 200, { ok: true, webhookStatus: r.status });
        }
        return json(res, 200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/__stats')
        return json(res, 200, { served: Object.fromEntries(served) });
      const m = /^\/([a-z0-9-]+)\/v1\/offers$/.exec(url.pathname);
      if (req.method !== 'GET' || !m) return json(res, 404, { error: 'not found' });
      const platformId = m[1]!;
      const platform = PLATFORMS.find((p) => p.id === platformId);
      if (!platform) return json(res, 404, { error: `unknown platform ${platformId}` });
      if (req.headers.authorization !== `Bearer sim-${platformId}`)
        return json(res, 401, { error: 'bad token' });
      served.set(platformId, (served.get(platformId) ?? 0) + 1);
      const f = faults.get(platformId) ?? NO_FAULTS;
      if (f.timeout) {
        pending.add(res);
        return; // never answers
      }
      if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
      if (f.rateLimited) return json(res, 429, { error: 'slow down' }, { 'Retry-After': '30' });
      if (f.errorRate && Math.random() < f.errorRate)
        return json(res, 503, { error: 'upstream unavailable' });
      const contentId = url.searchParams.get('contentId') ?? '';
      const region = (url.searchParams.get('region') ?? 'US') as Region;
      const override = overrides.get(`${platformId}:${contentId}:${region}`);
      const title = known().get(contentId);
      if (!override && !title) return json(res, 404, { error: `unknown title ${contentId}` });
      const offers =
        override ??
        simulateOffers(title!, region, opts.seed).filter((o) => o.platformId === platformId);
      return json(res, 200, {
        platform: platformId,
        contentId,
        region,
        offers: offers.map((o) => ({
          priceTier: o.priceTier,
          amount: o.amount,
          currency: o.currency,
          url: o.url,
          quality: o.quality,
          leavingAt: o.leavingAt ? new Date(o.leavingAt).toISOString() : null,
        })),
      });
    } catch (err) {
      opts.log?.(`platform-sim: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) json(res, 500, { error: 'sim failure' });
    }
  });
  keepIdleSocketsOpen(server);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const r of pending) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
