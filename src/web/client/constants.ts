/** Values the page needs from the API's contracts, without bundling zod (test/unit/web-page.test.ts keeps them equal). */
export const REGIONS = ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'IN', 'JP', 'BR'] as const;
export type Tier = 'free' | 'ads' | 'subscription' | 'rent' | 'buy';
export const TIER_LABELS: Record<Tier, string> = { free: 'Free', ads: 'Free with ads', subscription: 'Subscription', rent: 'Rent', buy: 'Buy' };
export const REGION_NAMES: Record<string, string> = {
  US: 'the United States', GB: 'the United Kingdom', CA: 'Canada', DE: 'Germany', FR: 'France', AU: 'Australia', IN: 'India', JP: 'Japan', BR: 'Brazil',
};
