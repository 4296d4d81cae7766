/**
 * Simulated availability. No availability feed is reachable here, so offers are invented,
 * deterministically from a seed (mulberry32 over an FNV-1a hash of `${seed}:${id}:${region}`):
 * the same seed, title, region and day always give the same offers. Every row says
 * `source: 'simulated'`, and the deep links, though on each service's real domain, use our
 * slug rather than the service's own id.
 *
 * Shaped like the real thing:
 * - 0-4 offers per title and region, only on services that operate in the region; smaller
 *   markets (IN, JP) carry less of a 1928-2011 US box-office catalog, and some titles are on
 *   nothing at all in a region (more often the obscure ones).
 * - Popular and recent titles are on more services. A studio's film often streams on its
 *   own service (Disney/Fox → Disney+, Warner/New Line → HBO Max, Universal/Focus → Peacock,
 *   Paramount/DreamWorks/Miramax → Paramount+, MGM/UA/Orion → Prime Video, Sony → Netflix);
 *   Disney+ carries only its studios' films.
 * - A title is usually also for rent and/or sale at a store, streaming or not; rent
 *   $3.99-5.99, buy $9.99-19.99 (recent titles dearer), in local currency.
 * - Free ad-supported services (Tubi, Pluto TV) carry mostly older titles.
 * - Quality by year: 4K mostly for 2005+, some restorations of classics; SD for part of the
 *   pre-1995 catalog, never for 2005+.
 * - About 3% of subscription offers are leaving within 1-30 days of `now`.
 * - The long tail is mostly on nothing: a title without a known distributor (the 33,000 films
 *   of the Wikipedia list, whose popularity is a modest prior) is carried in a region only with
 *   probability `carriage()`, lower for obscure and silent-era films. Studio releases (a
 *   distributor is known: 2,968 of the 3,200 box-office films) are always carried, so their
 *   offers are what they were before the catalog grew. 36,704 titles → about 126,000 offers
 *   (the 3,200 alone gave 57,229; without this gate the 36,704 would give 434,000).
 */
import {
  CURRENCY,
  PRICE_FACTOR,
  REGIONS,
  platformsIn,
  type PlatformSeed,
  type Region,
} from './platforms.ts';

export interface SimTitle {
  id: string;
  releaseYear: number | null;
  popularity: number;
  /** Used for studio affinity; absent or null → none. */
  distributor?: string | null;
}

export type PriceTier = 'free' | 'ads' | 'subscription' | 'rent' | 'buy';
export type Quality = 'sd' | 'hd' | '4k';

/** A `platform_availability` row without id and lastVerifiedAt. */
export interface SimOffer {
  contentId: string;
  platformId: string;
  region: Region;
  priceTier: PriceTier;
  amount: number | null;
  currency: string | null;
  url: string;
  quality: Quality;
  leavingAt: Date | null;
  source: 'simulated';
}

export const DEFAULT_SEED = 'marquee-2026';
export const MAX_OFFERS = 4;

/** FNV-1a, 32-bit. */
export function hash(s: string): number {
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

/** Share of this (US box-office) catalog a region's services carry at all. */
const REACH: Record<Region, number> = {
  US: 1,
  GB: 0.95,
  CA: 0.95,
  AU: 0.9,
  DE: 0.88,
  FR: 0.85,
  BR: 0.85,
  JP: 0.72,
  IN: 0.62,
};

/** Studio → the service that usually streams its films. */
const HOME: Array<[RegExp, string]> = [
  [
    /^(Walt Disney|Buena Vista|Touchstone|Hollywood Pictures|20th Century Fox|Fox Searchlight|Fox Atomic)/i,
    'disney-plus',
  ],
  [/^(Warner|New Line|Fine Line|Picturehouse|HBO)/i, 'max'],
  [/^(Universal|Focus|Gramercy|USA Films|October Films)/i, 'peacock'],
  [/^(Paramount|Dreamworks|Miramax|MTV|Nickelodeon)/i, 'paramount-plus'],
  [/^(MGM|United Artists|Orion)/i, 'prime-video'],
  [/^(Sony|Columbia|TriStar)/i, 'netflix'],
];

/** Relative size of each service's licensed film catalog (Apple TV+ is nearly all originals). */
const SUB_WEIGHT: Record<string, number> = {
  netflix: 3,
  'prime-video': 3,
  max: 2,
  hulu: 2,
  peacock: 1.2,
  'paramount-plus': 1.2,
  'apple-tv-plus': 0.3,
};
const STORE_WEIGHT: Record<string, number> = {
  'apple-tv-store': 3,
  'google-play': 2,
  'fandango-at-home': 1.5,
};

const DAY_MS = 86_400_000;
const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/**
 * Probability that a region's services carry a title at all. 1 with a known distributor (a
 * studio release, licensed as before). Otherwise it rises with popularity, from 0 at 0.15 to 1
 * at 0.72 (the box-office median: where the Wikipedia-only prior is capped), with a 1.5 power so
 * that the middle of the long tail stays thin; halved before 1930 (most silent films are lost
 * or unlicensed). A 1950s B-western (≈0.27) gets ≈0.08, a recent film with a long article
 * (≈0.6) ≈0.67.
 */
export function carriage(t: SimTitle): number {
  if (t.distributor) return 1;
  const fame = clamp01((clamp01(t.popularity) - 0.15) / (0.72 - 0.15)) ** 1.5;
  return (t.releaseYear ?? 1995) < 1930 ? fame / 2 : fame;
}

export function homeService(distributor: string | null | undefined): string | null {
  if (!distributor) return null;
  for (const [re, id] of HOME) if (re.test(distributor)) return id;
  return null;
}

/** Store price in local currency: .99 endings, or whole tens for JPY and INR. */
export function localPrice(usd: number, region: Region): number {
  const v = usd * PRICE_FACTOR[region];
  return PRICE_FACTOR[region] >= 10 ? Math.round(v / 10) * 10 : Math.floor(v) + 0.99;
}

function weightedPick(
  xs: PlatformSeed[],
  weight: (p: PlatformSeed) => number,
  r: () => number,
): PlatformSeed | undefined {
  const total = xs.reduce((s, p) => s + weight(p), 0);
  if (total <= 0) return undefined;
  let x = r() * total;
  for (const p of xs) {
    x -= weight(p);
    if (x < 0) return p;
  }
  return xs[xs.length - 1];
}

/**
 * The next "leaving" day 1-30 days after `now` (UTC midnight) on a 30-day cycle with the given
 * phase: stable for the whole day, so the seed and the platform simulator agree, and it only
 * moves on when that day arrives (the title "leaves" and the next cycle starts).
 */
function leavingDate(phase: number, now: Date): Date {
  const today = Math.floor(now.getTime() / DAY_MS);
  let k = (((phase - today) % 30) + 30) % 30;
  if (k === 0) k = 30;
  return new Date((today + k) * DAY_MS);
}

/**
 * Offers for one title in one region. Deterministic for (seed, title, region, day of `now`);
 * `now` only places the ~3% of leaving dates.
 */
export function simulateOffers(
  t: SimTitle,
  region: Region,
  seed: string = DEFAULT_SEED,
  now: Date = new Date(),
): SimOffer[] {
  // Its own stream, so that a carried title draws exactly the offers it drew before the gate existed.
  const c = carriage(t);
  if (c < 1 && prng(hash(`${seed}:${t.id}:${region}:carried`))() >= c) return [];
  const r = prng(hash(`${seed}:${t.id}:${region}`));
  const here = platformsIn(region);
  const year = t.releaseYear ?? 1995;
  const pop = clamp01(t.popularity);
  const recency = clamp01((year - 1970) / 40);
  const reach = REACH[region];

  // Nothing at all here: ~5% of popular titles in the US, over a third of obscure ones in India.
  if (r() < (0.1 + 0.7 * (1 - reach)) * (1 - 0.6 * pop)) return [];

  const offers: SimOffer[] = [];
  const has = (platformId: string, tier: PriceTier) =>
    offers.some((o) => o.platformId === platformId && o.priceTier === tier);
  const quality = (p: PlatformSeed, tier: PriceTier): Quality => {
    const x = r();
    if (tier === 'free' || tier === 'ads') return year < 1995 && x < 0.35 ? 'sd' : 'hd';
    const uhd =
      p.kind === 'store' ||
      ['netflix', 'prime-video', 'disney-plus', 'apple-tv-plus', 'max'].includes(p.id);
    if (year >= 2005) return uhd && x < 0.5 ? '4k' : 'hd';
    if (year >= 1995) return uhd && x < 0.15 ? '4k' : 'hd';
    return uhd && x < 0.08 ? '4k' : x < 0.75 ? 'hd' : 'sd';
  };
  const add = (p: PlatformSeed, tier: PriceTier, usd: number | null) => {
    if (offers.length >= MAX_OFFERS || has(p.id, tier)) return;
    const leaving =
      tier === 'subscription' && r() < 0.03 ? leavingDate(Math.floor(r() * 30), now) : null;
    offers.push({
      contentId: t.id,
      platformId: p.id,
      region,
      priceTier: tier,
      amount: usd === null ? null : localPrice(usd, region),
      currency: usd === null ? null : CURRENCY[region],
      url: p.link.replace('{slug}', encodeURIComponent(t.id)),
      quality: quality(p, tier),
      leavingAt: leaving,
      source: 'simulated',
    });
  };

  // Subscription: the studio's own service first, then the big licensed catalogs.
  const home = homeService(t.distributor);
  const subs = here.filter(
    (p) => p.kind === 'subscription' && (p.id !== 'disney-plus' || home === 'disney-plus'),
  );
  const homeHere = subs.find((p) => p.id === home);
  if (homeHere && r() < (region === 'US' ? 0.6 : 0.4) + 0.2 * pop)
    add(homeHere, 'subscription', null);
  if (r() < reach * (0.25 + 0.35 * pop + 0.1 * recency)) {
    const wanted = r() < 0.3 * pop ? 2 : 1;
    for (let i = 0; i < wanted; i++) {
      const p = weightedPick(
        subs.filter((s) => !has(s.id, 'subscription')),
        (s) => SUB_WEIGHT[s.id] ?? 1,
        r,
      );
      if (p) add(p, 'subscription', null);
    }
  }

  // Free with ads: mostly titles before 2000, the older the likelier; hits less often.
  const free = here.filter((p) => p.kind === 'free');
  const freeChance =
    year < 2000
      ? (0.12 + 0.4 * clamp01((2000 - year) / 50)) * (1 - 0.5 * pop)
      : year < 2008
        ? 0.06
        : 0.02;
  if (free.length && r() < freeChance) {
    const p = free[Math.floor(r() * free.length)]!;
    add(p, r() < 0.8 ? 'ads' : 'free', null);
  }

  // Stores: rent and/or buy at one, sometimes buy at a second. Recent titles cost more.
  const stores = here.filter((p) => p.kind === 'store');
  const rentUsd = () =>
    year >= 2008 ? (r() < 0.85 ? 5.99 : 4.99) : year >= 1995 ? (r() < 0.5 ? 4.99 : 3.99) : 3.99;
  const buyUsd = () => (year >= 2008 ? (r() < 0.5 ? 14.99 : 19.99) : 9.99 + Math.floor(r() * 6));
  if (stores.length && r() < reach * (0.5 + 0.35 * pop + 0.1 * recency)) {
    const first = weightedPick(stores, (s) => STORE_WEIGHT[s.id] ?? 1, r)!;
    const rent = r() < 0.55 + 0.35 * recency;
    if (rent) add(first, 'rent', rentUsd());
    if (!rent || r() < 0.8) add(first, 'buy', buyUsd());
    const others = stores.filter((s) => s !== first);
    const second =
      others.length && r() < 0.4 * pop
        ? weightedPick(others, (s) => STORE_WEIGHT[s.id] ?? 1, r)
        : undefined;
    if (second) add(second, 'buy', buyUsd());
  }
  return offers;
}

/** Every title in every region, in input order then REGIONS order. */
export function simulateAvailability(
  titles: readonly SimTitle[],
  seed: string = DEFAULT_SEED,
  now: Date = new Date(),
): SimOffer[] {
  const out: SimOffer[] = [];
  for (const t of titles)
    for (const region of REGIONS) out.push(...simulateOffers(t, region, seed, now));
  return out;
}
