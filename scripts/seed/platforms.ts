/**
 * The services a person knows, the regions (of the nine Marquee serves) where each really
 * operates, and the partner-API limits their PlatformGate enforces. The limits are plausible
 * values for partner feeds, not published numbers: bigger catalog services and the stores
 * allow more, smaller services less.
 *
 * Webhook secrets here are for local development only (`dev-secret-<id>`); production
 * secrets come from Worker secrets, and the seed never overwrites a stored secret.
 */
import { REGION_CURRENCY } from '../../src/schemas/enums';
export const REGIONS = ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'IN', 'JP', 'BR'] as const;
export type Region = (typeof REGIONS)[number];

export const CURRENCY: Record<Region, string> = REGION_CURRENCY;

/**
 * Local price per US dollar of a store price: roughly the exchange rate, pulled toward what
 * the stores actually charge (a $4.99 rental is £3.99, ¥550, ₹200). Regions at 10 or more
 * round to whole tens; the others end in .99.
 */
export const PRICE_FACTOR: Record<Region, number> = {
  US: 1,
  GB: 0.8,
  CA: 1.35,
  DE: 0.95,
  FR: 0.95,
  AU: 1.5,
  IN: 40,
  JP: 110,
  BR: 5,
};

export type PlatformKind = 'subscription' | 'free' | 'store';

export interface PlatformSeed {
  id: string;
  name: string;
  kind: PlatformKind;
  homepage: string;
  regions: Region[];
  /** Deep-link pattern; {slug} is the title's id (simulated links: real services use their own ids). */
  link: string;
  ratePerSecond: number;
  ratePerHour: number;
  burst: number;
  /** Local development only; production secrets come from Worker secrets. */
  webhookSecret: string;
}

/** Local development only: production secrets are Worker secrets, never derived. */
export const devWebhookSecret = (platformId: string): string => `dev-secret-${platformId}`;

const ALL: Region[] = [...REGIONS];

type Def = Omit<PlatformSeed, 'webhookSecret'>;

const DEFS: Def[] = [
  // ---- subscription ----
  {
    id: 'netflix',
    name: 'Netflix',
    kind: 'subscription',
    homepage: 'https://www.netflix.com',
    regions: ALL,
    link: 'https://www.netflix.com/title/{slug}',
    ratePerSecond: 10,
    ratePerHour: 20_000,
    burst: 20,
  },
  {
    id: 'prime-video',
    name: 'Prime Video',
    kind: 'subscription',
    homepage: 'https://www.primevideo.com',
    regions: ALL,
    link: 'https://www.primevideo.com/detail/{slug}',
    ratePerSecond: 8,
    ratePerHour: 15_000,
    burst: 16,
  },
  // India: Disney's catalog is on JioHotstar, not Disney+.
  {
    id: 'disney-plus',
    name: 'Disney+',
    kind: 'subscription',
    homepage: 'https://www.disneyplus.com',
    regions: ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'JP', 'BR'],
    link: 'https://www.disneyplus.com/movies/{slug}',
    ratePerSecond: 5,
    ratePerHour: 10_000,
    burst: 10,
  },
  // US only (Hulu Japan is a different company's service).
  {
    id: 'hulu',
    name: 'Hulu',
    kind: 'subscription',
    homepage: 'https://www.hulu.com',
    regions: ['US'],
    link: 'https://www.hulu.com/movie/{slug}',
    ratePerSecond: 4,
    ratePerHour: 8_000,
    burst: 8,
  },
  // Max was renamed HBO Max in July 2025. US, Latin America (2024 in Brazil), France (2024),
  // Australia (2025), Germany and the UK (2026). Canada has HBO on Crave instead.
  {
    id: 'max',
    name: 'HBO Max',
    kind: 'subscription',
    homepage: 'https://www.hbomax.com',
    regions: ['US', 'GB', 'DE', 'FR', 'AU', 'BR'],
    link: 'https://play.hbomax.com/movie/{slug}',
    ratePerSecond: 4,
    ratePerHour: 7_500,
    burst: 8,
  },
  {
    id: 'apple-tv-plus',
    name: 'Apple TV+',
    kind: 'subscription',
    homepage: 'https://tv.apple.com',
    regions: ALL,
    link: 'https://tv.apple.com/movie/{slug}',
    ratePerSecond: 6,
    ratePerHour: 12_000,
    burst: 12,
  },
  {
    id: 'peacock',
    name: 'Peacock',
    kind: 'subscription',
    homepage: 'https://www.peacocktv.com',
    regions: ['US'],
    link: 'https://www.peacocktv.com/watch/asset/movies/{slug}',
    ratePerSecond: 3,
    ratePerHour: 5_000,
    burst: 6,
  },
  {
    id: 'paramount-plus',
    name: 'Paramount+',
    kind: 'subscription',
    homepage: 'https://www.paramountplus.com',
    regions: ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'BR'],
    link: 'https://www.paramountplus.com/movies/{slug}',
    ratePerSecond: 3,
    ratePerHour: 6_000,
    burst: 6,
  },
  // ---- free, ad-supported ----
  {
    id: 'tubi',
    name: 'Tubi',
    kind: 'free',
    homepage: 'https://tubitv.com',
    regions: ['US', 'GB', 'CA', 'AU'],
    link: 'https://tubitv.com/movies/{slug}',
    ratePerSecond: 5,
    ratePerHour: 9_000,
    burst: 10,
  },
  {
    id: 'pluto-tv',
    name: 'Pluto TV',
    kind: 'free',
    homepage: 'https://pluto.tv',
    regions: ['US', 'GB', 'CA', 'DE', 'FR', 'BR'],
    link: 'https://pluto.tv/on-demand/movies/{slug}',
    ratePerSecond: 3,
    ratePerHour: 5_000,
    burst: 6,
  },
  // ---- rent / buy stores ----
  {
    id: 'apple-tv-store',
    name: 'Apple TV (store)',
    kind: 'store',
    homepage: 'https://tv.apple.com',
    regions: ALL,
    link: 'https://tv.apple.com/store/movie/{slug}',
    ratePerSecond: 12,
    ratePerHour: 30_000,
    burst: 24,
  },
  {
    id: 'google-play',
    name: 'Google Play Movies',
    kind: 'store',
    homepage: 'https://play.google.com/store/movies',
    regions: ALL,
    link: 'https://play.google.com/store/movies/details/{slug}',
    ratePerSecond: 10,
    ratePerHour: 25_000,
    burst: 20,
  },
  // Vudu, renamed Fandango at Home in 2024; US only.
  {
    id: 'fandango-at-home',
    name: 'Fandango at Home',
    kind: 'store',
    homepage: 'https://athome.fandango.com',
    regions: ['US'],
    link: 'https://athome.fandango.com/content/movies/{slug}',
    ratePerSecond: 5,
    ratePerHour: 10_000,
    burst: 10,
  },
];

export const PLATFORMS: PlatformSeed[] = DEFS.map((d) => ({
  ...d,
  webhookSecret: devWebhookSecret(d.id),
}));

export const platformsIn = (region: Region): PlatformSeed[] =>
  PLATFORMS.filter((p) => p.regions.includes(region));
