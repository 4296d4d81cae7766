/** Formatting with no DOM and no page state (unit-tested in node). */

export function money(amount: number | null, currency: string | null): string {
  if (amount === null || !currency) return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function metaLine(parts: (string | number | null | undefined | false)[]): string {
  return parts.filter((p) => p !== null && p !== undefined && p !== false && p !== '').join(' · ');
}

export interface CardOffer {
  platformId: string;
  platformName: string;
  priceTier: string;
  amount?: number | null;
  currency?: string | null;
  leavingAt?: string | null;
}

const TIER_ORDER: Record<string, number> = { free: 0, ads: 1, subscription: 2, rent: 3, buy: 4 };

/** The offer a person would take first: on their services when they have some, free before paid, cheapest. */
export function bestOffer(
  offers: readonly CardOffer[],
  mine: readonly string[] = [],
): CardOffer | undefined {
  const rank = (o: CardOffer) =>
    (mine.length && !mine.includes(o.platformId) ? 10 : 0) +
    (TIER_ORDER[o.priceTier] ?? 9) +
    (o.amount ?? 0) / 1000;
  return [...offers].sort((a, b) => rank(a) - rank(b))[0];
}
