/** Title cards for the home page's rows: poster (or its placeholder), title, year, rating and the best offer here. */
import type { Poster } from '../../schemas/content';
import { h } from './dom';
import { TIER_LABELS, type Tier } from './constants';
import { bestOffer, money, type CardOffer } from './format';

export type { CardOffer } from './format';
import { posterFor } from './poster';

export interface CardTitle {
  id: string;
  title: string;
  releaseYear: number | null;
  rating: number | null;
  poster?: Poster | null;
  offers: CardOffer[];
}

export function offerText(o: CardOffer): string {
  const price = money(o.amount ?? null, o.currency ?? null);
  return `${o.platformName} · ${TIER_LABELS[o.priceTier as Tier] ?? o.priceTier}${price ? ` ${price}` : ''}`;
}

export function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

export function titleCard(
  t: CardTitle,
  opts: { mine?: readonly string[]; note?: string } = {},
): HTMLLIElement {
  const best = bestOffer(t.offers, opts.mine);
  const facts = [t.releaseYear, t.rating !== null ? `★ ${t.rating.toFixed(1)}` : null]
    .filter((x) => x !== null)
    .join(' · ');
  return h(
    'li',
    { class: 'tile', 'data-id': t.id },
    h(
      'a',
      { href: `/title/${encodeURIComponent(t.id)}`, 'data-link': true, class: 'tile-link' },
      posterFor(t.poster ?? null, t.title, { size: 'small', decorative: true }),
      h('span', { class: 'tile-title' }, t.title),
    ),
    facts ? h('span', { class: 'meta' }, facts) : null,
    h(
      'span',
      { class: best ? `tile-offer ${best.priceTier}` : 'tile-offer none' },
      best ? offerText(best) : 'Not streaming here',
    ),
    opts.note ? h('span', { class: 'tile-note' }, opts.note) : null,
  );
}

/** A titled, horizontally scrolling row of cards. */
export function cardRow(
  id: string,
  heading: string,
  cards: HTMLLIElement[],
  empty?: string,
): HTMLElement {
  const section = h(
    'section',
    { class: 'row', 'aria-labelledby': `${id}-heading`, 'data-row': id },
    h('h2', { id: `${id}-heading` }, heading),
  );
  if (cards.length) section.append(h('ul', { class: 'rail' }, ...cards));
  else section.append(h('p', { class: 'row-empty' }, empty ?? 'Nothing here yet.'));
  return section;
}
