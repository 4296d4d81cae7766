/**
 * TMDB watch providers (`GET /3/movie/{id}/watch/providers`), enabled by TMDB_API_KEY (a v4
 * read access token, sent as a bearer token). TMDB lists providers per region and monetisation
 * type (flatrate, free, ads, rent, buy) without prices or per-provider links, so offers carry
 * TMDB's watch page as their link and no amount.
 */
import { z } from 'zod';
import type { OfferValue } from '../../services/availability/detect-changes';
import type { PlatformClient } from '../../services/availability/ports';
import { PlatformRateLimitedError } from '../../services/availability/ports';
import { platformIdForProvider } from '../platforms/provider-names';

const Provider = z.object({ provider_id: z.number(), provider_name: z.string() });
const RegionProviders = z.object({
  link: z.string(),
  flatrate: z.array(Provider).optional(),
  free: z.array(Provider).optional(),
  ads: z.array(Provider).optional(),
  rent: z.array(Provider).optional(),
  buy: z.array(Provider).optional(),
});
export const WatchProvidersSchema = z.object({
  id: z.number(),
  results: z.record(z.string(), RegionProviders),
});
export const SearchSchema = z.object({
  results: z.array(
    z.object({ id: z.number(), title: z.string(), release_date: z.string().optional() }),
  ),
});

const TIERS = {
  flatrate: 'subscription',
  free: 'free',
  ads: 'ads',
  rent: 'rent',
  buy: 'buy',
} as const;

export interface TitleRef {
  title: string;
  year: number | null;
  /** Known when the catalog synced the title from TMDB (or linked it): no search needed. */
  tmdbId?: number;
  watchmodeId?: number;
}

export function createTmdbClients(opts: {
  token: string;
  titleOf: (contentId: string) => Promise<TitleRef | null>;
  fetch?: typeof fetch;
  baseUrl?: string;
}): (platformId: string) => PlatformClient {
  const f = opts.fetch ?? fetch;
  const base = opts.baseUrl ?? 'https://api.themoviedb.org';
  const get = async (path: string, signal: AbortSignal) => {
    const res = await f(`${base}${path}`, {
      headers: { Authorization: `Bearer ${opts.token}`, Accept: 'application/json' },
      signal,
    });
    if (res.status === 429)
      throw new PlatformRateLimitedError(Number(res.headers.get('retry-after') ?? '10') * 1000);
    if (!res.ok) throw new Error(`TMDB answered ${res.status}`);
    return res.json();
  };
  // One providers answer serves every platform's client for the same title.
  const cache = new Map<string, Promise<z.infer<typeof WatchProvidersSchema> | null>>();
  const providersFor = (contentId: string, signal: AbortSignal) => {
    let p = cache.get(contentId);
    if (!p) {
      p = (async () => {
        const ref = await opts.titleOf(contentId);
        if (!ref) return null;
        let id = ref.tmdbId;
        if (id === undefined) {
          const q = `/3/search/movie?query=${encodeURIComponent(ref.title)}${ref.year ? `&year=${ref.year}` : ''}`;
          id = SearchSchema.parse(await get(q, signal)).results[0]?.id;
        }
        if (id === undefined) return null;
        return WatchProvidersSchema.parse(await get(`/3/movie/${id}/watch/providers`, signal));
      })();
      p.catch(() => cache.delete(contentId));
      cache.set(contentId, p);
    }
    return p;
  };
  return (platformId) => ({
    async offers(contentId, region, signal) {
      const data = await providersFor(contentId, signal);
      const r = data?.results[region];
      if (!r) return [];
      const out: OfferValue[] = [];
      for (const [key, tier] of Object.entries(TIERS) as [
        keyof typeof TIERS,
        OfferValue['priceTier'],
      ][]) {
        for (const p of r[key] ?? []) {
          if (
            platformIdForProvider(p.provider_name) === platformId &&
            !out.some((o) => o.priceTier === tier)
          ) {
            out.push({
              priceTier: tier,
              amount: null,
              currency: null,
              url: r.link,
              quality: 'hd',
              leavingAt: null,
            });
          }
        }
      }
      return out;
    },
  });
}
