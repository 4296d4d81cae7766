/**
 * The services a person knows, where they really operate, and the partner-API limits their
 * PlatformGate enforces. Webhook secrets here are for local development only; production
 * secrets come from Worker secrets.
 */
export const REGIONS = ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'IN', 'JP', 'BR'] as const;
export type Region = (typeof REGIONS)[number];

export const CURRENCY: Record<Region, string> = {
  US: 'USD', GB: 'GBP', CA: 'CAD', DE: 'EUR', FR: 'EUR', AU: 'AUD', IN: 'INR', JP: 'JPY', BR: 'BRL',
};

/** Local price per US dollar, rounded the way stores price (x.99 or whole yen/rupees). */
export const PRICE_FACTOR: Record<Region, number> = {
  US: 1, GB: 0.8, CA: 1.35, DE: 0.95, FR: 0.95, AU: 1.5, IN: 40, JP: 110, BR: 5,
};

export interface PlatformSeed {
  id: string;
  name: string;
  kind: 'subscription' | 'free' | 'store';
  homepage: string;
  regions: Region[];
  /** Deep-link pattern; {slug} is the title's id. */
  link: string;
  ratePerSecond: number;
  ratePerHour: number;
  burst: number;
}

const ALL: Region[] = [...REGIONS];

export const PLATFORMS: PlatformSeed[] = [
  { id: 'netflix', name: 'Netflix', kind: 'subscription', homepage: 'https://www.netflix.com', regions: ALL, link: 'https://www.netflix.com/title/{slug}', ratePerSecond: 10, ratePerHour: 20_000, burst: 20 },
  { id: 'prime-video', name: 'Prime Video', kind: 'subscription', homepage: 'https://www.primevideo.com', regions: ALL, link: 'https://www.primevideo.com/detail/{slug}', ratePerSecond: 8, ratePerHour: 15_000, burst: 16 },
  { id: 'disney-plus', name: 'Disney+', kind: 'subscription', homepage: 'https://www.disneyplus.com', regions: ALL, link: 'https://www.disneyplus.com/movies/{slug}', ratePerSecond: 5, ratePerHour: 10_000, burst: 10 },
  { id: 'hulu', name: 'Hulu', kind: 'subscription', homepage: 'https://www.hulu.com', regions: ['US'], link: 'https://www.hulu.com/movie/{slug}', ratePerSecond: 4, ratePerHour: 8_000, burst: 8 },
  { id: 'max', name: 'Max', kind: 'subscription', homepage: 'https://www.max.com', regions: ['US', 'BR', 'FR'], link: 'https://play.max.com/movie/{slug}', ratePerSecond: 4, ratePerHour: 8_000, burst: 8 },
  { id: 'apple-tv-plus', name: 'Apple TV+', kind: 'subscription', homepage: 'https://tv.apple.com', regions: ALL, link: 'https://tv.apple.com/movie/{slug}', ratePerSecond: 6, ratePerHour: 12_000, burst: 12 },
  { id: 'peacock', name: 'Peacock', kind: 'subscription', homepage: 'https://www.peacocktv.com', regions: ['US'], link: 'https://www.peacocktv.com/watch/asset/movies/{slug}', ratePerSecond: 3, ratePerHour: 5_000, burst: 6 },
  { id: 'paramount-plus', name: 'Paramount+', kind: 'subscription', homepage: 'https://www.paramountplus.com', regions: ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'BR'], link: 'https://www.paramountplus.com/movies/{slug}', ratePerSecond: 3, ratePerHour: 6_000, burst: 6 },
  { id: 'tubi', name: 'Tubi', kind: 'free', homepage: 'https://tubitv.com', regions: ['US', 'CA', 'AU', 'GB'], link: 'https://tubitv.com/movies/{slug}', ratePerSecond: 5, ratePerHour: 10_000, burst: 10 },
  { id: 'pluto-tv', name: 'Pluto TV', kind: 'free', homepage: 'https://pluto.tv', regions: ['US', 'GB', 'CA', 'DE', 'FR', 'BR'], link: 'https://pluto.tv/on-demand/movies/{slug}', ratePerSecond: 5, ratePerHour: 10_000, burst: 10 },
  { id: 'apple-tv-store', name: 'Apple TV (store)', kind: 'store', homepage: 'https://tv.apple.com', regions: ALL, link: 'https://tv.apple.com/store/movie/{slug}', ratePerSecond: 10, ratePerHour: 30_000, burst: 20 },
  { id: 'google-play', name: 'Google Play Movies', kind: 'store', homepage: 'https://play.google.com/store/movies', regions: ALL, link: 'https://play.google.com/store/movies/details/{slug}', ratePerSecond: 10, ratePerHour: 30_000, burst: 20 },
  { id: 'fandango-at-home', name: 'Fandango at Home', kind: 'store', homepage: 'https://athome.fandango.com', regions: ['US'], link: 'https://athome.fandango.com/content/movies/{slug}', ratePerSecond: 5, ratePerHour: 10_000, burst: 10 },
];

/** Local development only: production secrets are Worker secrets. */
export const devWebhookSecret = (platformId: string) => `dev-secret-${platformId}`;
