/**
 * The enumerations every layer shares, declared once: the zod contracts (./content.ts,
 * ./search.ts), the database enums (src/db/schema.ts), the OpenAI structured output (through
 * the zod contracts) and the web client. Plain arrays, no zod, so the browser bundle can
 * import them.
 */
export const PRICE_TIERS = ['free', 'ads', 'subscription', 'rent', 'buy'] as const;
export type PriceTier = (typeof PRICE_TIERS)[number];

export const REGIONS = ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'IN', 'JP', 'BR'] as const;
export type Region = (typeof REGIONS)[number];

export const INTENTS = ['search', 'browse', 'recommend', 'title_lookup'] as const;
export type Intent = (typeof INTENTS)[number];

export const CONTENT_TYPES = ['movie', 'series'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/** The currency prices are quoted in, per region (platform feeds, simulated offers). */
export const REGION_CURRENCY: Record<Region, string> = {
  US: 'USD',
  GB: 'GBP',
  CA: 'CAD',
  DE: 'EUR',
  FR: 'EUR',
  AU: 'AUD',
  IN: 'INR',
  JP: 'JPY',
  BR: 'BRL',
};
