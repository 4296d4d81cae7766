/**
 * Change detection: a platform's fresh offers for one title and region, diffed against what is
 * stored, become events (added, removed, price changed, leaving soon).
 */
import type { PriceTier } from '../../schemas/enums';

export interface OfferValue {
  priceTier: PriceTier;
  amount: number | null;
  currency: string | null;
  url: string;
  quality: 'sd' | 'hd' | '4k';
  leavingAt: string | null;
}

export interface ChangeEvent {
  kind: 'added' | 'removed' | 'price_changed' | 'leaving_soon';
  priceTier: OfferValue['priceTier'];
  before: OfferValue | null;
  after: OfferValue | null;
}

export const LEAVING_SOON_DAYS = 14;

const sameDay = (a: string | null, b: string | null) => (a === null || b === null ? a === b : a.slice(0, 10) === b.slice(0, 10));

export function detectChanges(stored: OfferValue[], incoming: OfferValue[], now: Date): ChangeEvent[] {
  const before = new Map(stored.map((o) => [o.priceTier, o]));
  const after = new Map(incoming.map((o) => [o.priceTier, o]));
  const events: ChangeEvent[] = [];
  for (const [tier, o] of after) {
    const prev = before.get(tier);
    if (!prev) {
      events.push({ kind: 'added', priceTier: tier, before: null, after: o });
      continue;
    }
    if (prev.amount !== o.amount || prev.currency !== o.currency) events.push({ kind: 'price_changed', priceTier: tier, before: prev, after: o });
    const soon = o.leavingAt !== null && new Date(o.leavingAt).getTime() - now.getTime() <= LEAVING_SOON_DAYS * 86_400_000;
    if (soon && !sameDay(prev.leavingAt, o.leavingAt)) events.push({ kind: 'leaving_soon', priceTier: tier, before: prev, after: o });
  }
  for (const [tier, o] of before) if (!after.has(tier)) events.push({ kind: 'removed', priceTier: tier, before: o, after: null });
  return events;
}
