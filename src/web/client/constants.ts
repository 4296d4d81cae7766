/** Values the page needs from the API's contracts: the shared enums, which bundle no zod. */
import type { PriceTier } from '../../schemas/enums';

export { REGIONS } from '../../schemas/enums';
export type Tier = PriceTier;
export const TIER_LABELS: Record<Tier, string> = { free: 'Free', ads: 'Free with ads', subscription: 'Subscription', rent: 'Rent', buy: 'Buy' };
