/**
 * The home page (/ without a query): rows of cards. Signed in: recommendations, then what is new
 * and leaving soon on my services; everyone: trending in my region (popular titles while nothing
 * trends yet). Each row loads on its own; a row that fails or is empty says so briefly.
 */
import type { SearchResult } from '../../schemas/search';
import { api, currentUser } from './api';
import { cardRow, shortDate, titleCard, type CardTitle } from './cards';
import { byId, clear, h } from './dom';
import { REGION_NAMES } from './constants';
import { myPreferences } from './preferences';
import { region, state } from './state';

export const homeEl = byId('home');

interface RecItem {
  id: string;
  title: string;
  releaseYear: number | null;
  rating: number | null;
  poster?: CardTitle['poster'];
  availability: CardTitle['offers'];
}
interface FeedItem {
  id: string;
  title: string;
  releaseYear: number | null;
  rating: number | null;
  poster: CardTitle['poster'];
  offer: CardTitle['offers'][number] & { leavingAt: string | null };
  at: string;
}

const fromRec = (r: RecItem): CardTitle => ({
  id: r.id,
  title: r.title,
  releaseYear: r.releaseYear,
  rating: r.rating,
  poster: r.poster ?? null,
  offers: r.availability,
});
const fromSearch = (r: SearchResult): CardTitle => ({
  id: r.id,
  title: r.title,
  releaseYear: r.releaseYear,
  rating: r.rating.imdb,
  offers: r.availability,
});
const fromFeed = (f: FeedItem): CardTitle => ({
  id: f.id,
  title: f.title,
  releaseYear: f.releaseYear,
  rating: f.rating,
  poster: f.poster,
  offers: [f.offer],
});

let homeSeq = 0;

/** Fills the home rows for the current region and person. */
export async function renderHome(): Promise<void> {
  const seq = ++homeSeq;
  const where = region();
  const place = REGION_NAMES[where] ?? where;
  const me = currentUser();
  const prefs = me ? await myPreferences().catch(() => null) : null;
  if (seq !== homeSeq) return;
  const mine = prefs?.platforms ?? [];
  const names = mine.map((id) => state.platformNames.get(id) ?? id);
  const onMine = mine.length ? `on your services` : `on streaming services in ${place}`;
  const slots = {
    recs: h('div'),
    trending: h('div'),
    fresh: h('div'),
    leaving: h('div'),
  };
  clear(homeEl);
  homeEl.append(
    h('h2', { class: 'visually-hidden' }, 'Ideas for tonight'),
    ...(me ? [slots.recs] : []),
    slots.trending,
    slots.fresh,
    slots.leaving,
  );
  if (mine.length)
    homeEl.append(
      h(
        'p',
        { class: 'hint' },
        `Your services: ${names.join(', ')}. `,
        h('a', { href: '/me', 'data-link': true }, 'Change'),
      ),
    );
  const fill = async (slot: HTMLElement, build: () => Promise<HTMLElement>) => {
    try {
      const row = await build();
      if (seq === homeSeq) slot.replaceWith(row);
    } catch {
      if (seq === homeSeq)
        slot.replaceWith(
          cardRow(
            slot.dataset.row ?? 'row',
            'Could not load this row',
            [],
            'Try again in a moment.',
          ),
        );
    }
  };
  const feed = (kind: 'new' | 'leaving') => {
    const p = new URLSearchParams({ region: where, limit: '12' });
    if (mine.length) p.set('platforms', mine.join(','));
    return api<{ items: FeedItem[] }>(`/api/v1/feeds/${kind}?${p}`);
  };
  await Promise.all([
    me &&
      fill(slots.recs, async () => {
        const out = await api<{ items: RecItem[] }>(
          `/api/v1/recommendations?limit=12&region=${where}`,
        );
        return cardRow(
          'recommended',
          'Recommended for you',
          out.items.map((r) => titleCard(fromRec(r), { mine })),
          'Rate a few titles and recommendations appear here.',
        );
      }),
    fill(slots.trending, async () => {
      const out = await api<{ items: RecItem[] }>(
        `/api/v1/trending?region=${where}&window=week&limit=12`,
      );
      if (out.items.length)
        return cardRow(
          'trending',
          `Trending in ${place}`,
          out.items.map((r) => titleCard(fromRec(r), { mine })),
        );
      // Only what one can watch here: a "popular in" row of titles not streaming here misleads.
      const popular = await api<{ results: SearchResult[] }>('/api/v1/search', {
        method: 'POST',
        json: { q: 'popular', region: where, limit: 12, filters: { availableOnly: true } },
      });
      return cardRow(
        'trending',
        `Popular in ${place}`,
        popular.results.map((r) => titleCard(fromSearch(r), { mine })),
      );
    }),
    fill(slots.fresh, async () => {
      const out = await feed('new');
      return cardRow(
        'new',
        `New ${onMine}`,
        out.items.map((f) => titleCard(fromFeed(f), { note: `Added ${shortDate(f.at)}` })),
        'Nothing new in the last 30 days.',
      );
    }),
    fill(slots.leaving, async () => {
      const out = await feed('leaving');
      return cardRow(
        'leaving',
        `Leaving soon ${onMine}`,
        out.items.map((f) => titleCard(fromFeed(f), { note: `Leaves ${shortDate(f.at)}` })),
        'Nothing is leaving in the next 30 days.',
      );
    }),
  ]);
}
