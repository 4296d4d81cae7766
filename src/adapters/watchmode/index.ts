/**
 * Watchmode title sources (`GET /v1/title/{id}/sources/?regions=XX`), enabled by
 * WATCHMODE_API_KEY (sent as X-API-Key). Sources carry type (sub, free, rent, buy, tve),
 * format (SD/HD/4K), price and a web link; titles are found by TMDB id or by name and year.
 */
import { REGION_CURRENCY } from '../../schemas/enums';
import { z } from 'zod';
import type { OfferValue } from '../../services/availability/detect-changes';
import type { PlatformClient } from '../../services/availability/ports';
import { PlatformRateLimitedError } from '../../services/availability/ports';
import { platformIdForProvider } from '../platforms/provider-names';
import type { TitleRef } from '../tmdb';

export const SourcesSchema = z.array(
  z.object({
    source_id: z.number(),
    name: z.string(),
    type: z.string(),
    region: z.string(),
    web_url: z.string().nullable().optional(),
    format: z.string().nullable().optional(),
    price: z.number().nullable().optional(),
  }),
);
export const SearchSchema = z.object({
  title_results: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      year: z.number().nullable().optional(),
      type: z.string().optional(),
    }),
  ),
});

const TIERS: Record<string, OfferValue['priceTier']> = {
  sub: 'subscription',
  free: 'free',
  rent: 'rent',
  buy: 'buy',
};
const QUALITY: Record<string, OfferValue['quality']> = { SD: 'sd', HD: 'hd', '4K': '4k' };

export function createWatchmodeClients(opts: {
  apiKey: string;
  titleOf: (contentId: string) => Promise<TitleRef | null>;
  fetch?: typeof fetch;
  baseUrl?: string;
}): (platformId: string) => PlatformClient {
  const f = opts.fetch ?? fetch;
  const base = opts.baseUrl ?? 'https://api.watchmode.com';
  const get = async (path: string, signal: AbortSignal) => {
    const res = await f(`${base}${path}`, {
      headers: { 'X-API-Key': opts.apiKey, Accept: 'application/json' },
      signal,
    });
    if (res.status === 429)
      throw new PlatformRateLimitedError(Number(res.headers.get('retry-after') ?? '10') * 1000);
    if (!res.ok) throw new Error(`Watchmode answered ${res.status}`);
    return res.json();
  };
  const cache = new Map<string, Promise<z.infer<typeof SourcesSchema>>>();
  const sourcesFor = (contentId: string, region: string, signal: AbortSignal) => {
    const key = `${contentId}:${region}`;
    let p = cache.get(key);
    if (!p) {
      p = (async () => {
        const ref = await opts.titleOf(contentId);
        if (!ref) return [];
        const id =
          ref.watchmodeId ??
          SearchSchema.parse(
            await get(
              `/v1/search/?search_field=name&search_value=${encodeURIComponent(ref.title)}&types=movie`,
              signal,
            ),
          ).title_results.find((t) => ref.year === null || t.year === ref.year)?.id;
        if (id === undefined) return [];
        return SourcesSchema.parse(await get(`/v1/title/${id}/sources/?regions=${region}`, signal));
      })();
      p.catch(() => cache.delete(key));
      cache.set(key, p);
    }
    return p;
  };
  return (platformId) => ({
    async offers(contentId, region, signal) {
      const out: OfferValue[] = [];
      for (const s of await sourcesFor(contentId, region, signal)) {
        const tier = TIERS[s.type];
        if (!tier || s.region !== region || platformIdForProvider(s.name) !== platformId) continue;
        if (out.some((o) => o.priceTier === tier)) continue; // one offer per tier (the first format listed)
        out.push({
          priceTier: tier,
          amount: s.price ?? null,
          currency:
            s.price === null || s.price === undefined
              ? null
              : ((REGION_CURRENCY as Record<string, string>)[region] ?? null),
          url: s.web_url ?? `https://www.watchmode.com/title/${contentId}`,
          quality: QUALITY[s.format ?? ''] ?? 'hd',
          leavingAt: null,
        });
      }
      return out;
    },
  });
}
