/**
 * Simulated availability, deterministic from a seed: no public availability API is reachable
 * here. Shaped like the real thing: a title sits on 0-4 services per region, popular and
 * recent titles on more; subscription titles are often also for rent or sale; free
 * ad-supported services carry older titles; some offers are leaving soon.
 */
import { CURRENCY, PLATFORMS, PRICE_FACTOR, REGIONS, type Region } from './platforms.ts';

export interface SimTitle {
  id: string;
  releaseYear: number | null;
  popularity: number;
}

export interface SimOffer {
  contentId: string;
  platformId: string;
  region: Region;
  priceTier: 'free' | 'ads' | 'subscription' | 'rent' | 'buy';
  amount: number | null;
  currency: string | null;
  url: string;
  quality: 'sd' | 'hd' | '4k';
  leavingAt: Date | null;
  source: 'simulated';
}

export const DEFAULT_SEED = 'marquee-2026';

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for simulation. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const localPrice = (usd: number, region: Region): number => {
  const v = usd * PRICE_FACTOR[region];
  return PRICE_FACTOR[region] >= 10 ? Math.round(v / 10) * 10 : Math.floor(v) + 0.99;
};

const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;

export function simulateOffers(t: SimTitle, region: Region, seed = DEFAULT_SEED, now = new Date('2026-11-01T00:00:00Z')): SimOffer[] {
  const r = prng(hash(`${seed}:${t.id}:${region}`));
  const here = PLATFORMS.filter((p) => p.regions.includes(region));
  const subs = here.filter((p) => p.kind === 'subscription');
  const free = here.filter((p) => p.kind === 'free');
  const stores = here.filter((p) => p.kind === 'store');
  const year = t.releaseYear ?? 1990;
  const recency = Math.max(0, Math.min(1, (year - 1970) / 40));
  // About one title in seven is nowhere in a region; fewer for popular titles.
  if (r() < 0.18 - 0.12 * t.popularity) return [];
  const offers: SimOffer[] = [];
  const quality = (): SimOffer['quality'] => (year >= 2005 && r() < 0.5 ? '4k' : year >= 1995 || r() < 0.6 ? 'hd' : 'sd');
  const url = (platformId: string) => PLATFORMS.find((p) => p.id === platformId)!.link.replace('{slug}', t.id);
  const add = (platformId: string, priceTier: SimOffer['priceTier'], usd: number | null) => {
    if (offers.some((o) => o.platformId === platformId && o.priceTier === priceTier) || offers.length >= 4) return;
    const leaving = priceTier === 'subscription' && r() < 0.03 ? new Date(now.getTime() + Math.ceil(r() * 30) * 86_400_000) : null;
    offers.push({
      contentId: t.id, platformId, region, priceTier,
      amount: usd === null ? null : localPrice(usd, region),
      currency: usd === null ? null : CURRENCY[region],
      url: url(platformId), quality: quality(), leavingAt: leaving, source: 'simulated',
    });
  };
  const subscriptions = r() < 0.25 + 0.35 * t.popularity + 0.1 * recency ? (r() < 0.3 * t.popularity ? 2 : 1) : 0;
  for (let i = 0; i < subscriptions && subs.length; i++) add(pick(subs, r).id, 'subscription', null);
  if (free.length && year < 2000 && r() < 0.3) add(pick(free, r).id, r() < 0.8 ? 'ads' : 'free', null);
  if (stores.length && r() < 0.55 + 0.3 * t.popularity) add(pick(stores, r).id, 'rent', 2.99 + Math.round(r() * 3));
  if (stores.length && r() < 0.35 + 0.3 * t.popularity) add(pick(stores, r).id, 'buy', 9.99 + Math.round(r() * 10));
  return offers;
}

export function simulateAvailability(titles: SimTitle[], seed = DEFAULT_SEED): SimOffer[] {
  const out: SimOffer[] = [];
  for (const t of titles) for (const region of REGIONS) out.push(...simulateOffers(t, region, seed));
  return out;
}
