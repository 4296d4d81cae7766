/**
 * "Where to watch" on a title page: my region's offers first, grouped as people choose (stream,
 * free, rent, buy), each a link to the platform's page for the title with its price and leaving
 * date; the other regions folded below.
 */
import type { ContentDetail, Offer } from '../../schemas/content';
import { shortDate } from './cards';
import { h } from './dom';
import { REGION_NAMES, REGIONS, TIER_LABELS } from './constants';
import { money } from './offers';

const GROUPS: { name: string; tiers: Offer['priceTier'][] }[] = [
  { name: 'Stream', tiers: ['subscription'] },
  { name: 'Free', tiers: ['free', 'ads'] },
  { name: 'Rent', tiers: ['rent'] },
  { name: 'Buy', tiers: ['buy'] },
];

export function offerLink(o: Offer): HTMLAnchorElement {
  const price = money(o.amount, o.currency);
  return h(
    'a',
    {
      class: `offer ${o.priceTier}`,
      href: o.url,
      target: '_blank',
      rel: 'noopener noreferrer',
      'data-platform': o.platformId,
    },
    h('span', { class: 'offer-platform' }, o.platformName),
    h(
      'span',
      { class: 'offer-terms' },
      [
        o.priceTier === 'subscription' ? null : TIER_LABELS[o.priceTier],
        price,
        o.quality === '4k' ? '4K' : null,
      ]
        .filter(Boolean)
        .join(' · ') || 'With a subscription',
    ),
    o.leavingAt ? h('span', { class: 'offer-leaving' }, `Leaves ${shortDate(o.leavingAt)}`) : null,
  );
}

function grouped(offers: Offer[], headingLevel: 'h3' | 'h4'): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const g of GROUPS) {
    const mine = offers
      .filter((o) => g.tiers.includes(o.priceTier))
      .sort(
        (a, b) => (a.amount ?? 0) - (b.amount ?? 0) || a.platformName.localeCompare(b.platformName),
      );
    if (!mine.length) continue;
    out.push(
      h(
        'div',
        { class: 'offer-group', 'data-group': g.name.toLowerCase() },
        h(headingLevel, {}, g.name),
        h('ul', { class: 'offers' }, ...mine.map((o) => h('li', {}, offerLink(o)))),
      ),
    );
  }
  return out;
}

/** The offers block for `detail`, `chosen` being my region. */
export function offersBlock(detail: ContentDetail, chosen: string): HTMLElement[] {
  const here = detail.availability[chosen] ?? [];
  const mine = h(
    'div',
    { class: 'offer-groups', 'data-region': chosen },
    ...(here.length
      ? grouped(here, 'h3')
      : [
          h(
            'p',
            { class: 'badge-none' },
            `Not available to watch in ${REGION_NAMES[chosen] ?? chosen} yet.`,
          ),
        ]),
  );
  const others = REGIONS.filter((r) => r !== chosen);
  const withOffers = others.filter((r) => (detail.availability[r] ?? []).length);
  const details = h(
    'details',
    { class: 'other-regions' },
    h('summary', {}, `Other regions (${withOffers.length} of ${others.length} have offers)`),
    ...others.map((r) =>
      h(
        'section',
        { class: 'region-offers', 'data-region': r, 'aria-label': REGION_NAMES[r] ?? r },
        h('h3', {}, REGION_NAMES[r] ?? r),
        ...((detail.availability[r] ?? []).length
          ? grouped(detail.availability[r]!, 'h4')
          : [h('p', { class: 'badge-none' }, 'No offers.')]),
      ),
    ),
  );
  return [mine, details];
}
