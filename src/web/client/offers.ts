/** How offers read on cards: badges per price tier, prices in the viewer's locale. */
import type { SearchResult } from '../../schemas/search';
import { h } from './dom';
import { REGION_NAMES, TIER_LABELS, type Tier } from './constants';
import { money } from './format';
import { tier } from './state';

export { metaLine, money } from './format';

export type Summary = SearchResult['availability'][number];
type BadgeOffer = Pick<Summary, 'platformName' | 'priceTier'> &
  Partial<Pick<Summary, 'amount' | 'currency'>>;

export function badge(o: BadgeOffer): HTMLLIElement {
  const price = money(o.amount ?? null, o.currency ?? null);
  return h(
    'li',
    { class: `badge ${o.priceTier}` },
    `${o.platformName} · ${TIER_LABELS[o.priceTier as Tier]}${price ? ` ${price}` : ''}`,
  );
}

/** Badges for the chosen price tier (all tiers when none is chosen) in `region` (a code). */
export function badges(offers: readonly BadgeOffer[], region: string): HTMLElement {
  const t = tier();
  const where = REGION_NAMES[region] ?? region;
  const shown = offers.filter((o) => !t || o.priceTier === t);
  if (!shown.length) {
    return h(
      'p',
      { class: 'badge-none' },
      t
        ? `Not available as ${TIER_LABELS[t].toLowerCase()} in ${where}`
        : `Not available to stream in ${where}`,
    );
  }
  return h(
    'ul',
    { class: 'badges', 'aria-label': `Where to watch in ${where}` },
    ...shown.map((o) => badge(o)),
  );
}
