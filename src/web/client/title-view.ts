/** The title page (/title/:id): facts, cast, your watchlist and rating, offers per region live, similar titles. */
import type { ContentDetail } from '../../schemas/content';
import { api, ApiError, currentUser, forPeople } from './api';
import { openAuth } from './auth-dialog';
import { announce, append, clear, h } from './dom';
import { REGION_NAMES, TIER_LABELS, type Tier } from './constants';
import { offersBlock } from './title-offers';
import { showNotFound } from './not-found';
import { showView, titleView } from './navigation';
import { badges, metaLine } from './offers';
import { region, state } from './state';
import { castSection, personPath, titleSummary } from './title-about';

interface SimilarItem {
  id: string;
  title: string;
  releaseYear: number | null;
  genres: string[];
  director: string | null;
  score: number;
  why: string[];
  availability: { platformId: string; platformName: string; priceTier: Tier }[];
}
interface LiveEvent {
  contentId: string;
  region: string;
  platformId: string;
  changes: { kind: string; priceTier: string }[];
  at: string;
}

export async function showTitle(id: string): Promise<void> {
  showView('title');
  state.liveSource?.close();
  state.liveSource = null;
  clear(titleView);
  const heading = h('h1', { tabindex: '-1' }, 'Loading…');
  titleView.append(
    h(
      'p',
      {},
      h(
        'a',
        {
          href: state.last
            ? `/?${new URLSearchParams({ q: state.last.q, region: state.last.region })}`
            : '/',
          'data-link': true,
        },
        '← Back to search',
      ),
    ),
    heading,
  );
  heading.focus();
  let detail: ContentDetail;
  try {
    detail = await api<ContentDetail>(`/api/v1/content/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      return showNotFound(
        titleView,
        'We could not find that title. It may have been removed from the catalog, or the link has a typo.',
      );
    heading.textContent = 'Could not load this title';
    append(titleView, h('p', {}, forPeople(err)));
    return;
  }
  document.title = `${detail.title} — Marquee`;
  heading.textContent = detail.title;
  const facts = h('dl', { class: 'facts' });
  const fact = (k: string, v: string | number | Node | null | undefined) => {
    if (v !== null && v !== undefined && v !== '')
      append(facts, h('dt', {}, k), h('dd', {}, typeof v === 'object' ? v : String(v)));
  };
  fact('Year', detail.releaseYear);
  const directors = detail.credits.filter((c) => c.role === 'director');
  if (directors.length) {
    const dd = h('span');
    directors.forEach((d, i) =>
      append(
        dd,
        i ? ', ' : '',
        h('a', { href: personPath(d.personId), 'data-link': true }, d.name),
      ),
    );
    fact(directors.length > 1 ? 'Directors' : 'Director', dd);
  }
  fact('Genres', detail.genres.join(', '));
  fact('Kind', detail.creativeType);
  fact('Source', detail.source);
  fact('Runtime', detail.runtimeMinutes && `${detail.runtimeMinutes} min`);
  fact('Rated', detail.mpaaRating);
  fact(
    'IMDb',
    detail.ratings.imdb !== null
      ? `${detail.ratings.imdb} / 10 (${detail.ratings.imdbVotes ?? 0} votes)`
      : null,
  );
  fact(
    'Rotten Tomatoes',
    detail.ratings.rottenTomatoes !== null ? `${detail.ratings.rottenTomatoes}%` : null,
  );
  fact(
    'Marquee users',
    detail.ratings.users.count
      ? `${detail.ratings.users.average} / 10 (${detail.ratings.users.count})`
      : null,
  );
  fact('Distributor', detail.distributor);

  const personal = h('section', { class: 'personal', 'aria-label': 'Your watchlist and rating' });
  const availability = h('section', { 'aria-labelledby': 'availability-heading' });
  const similar = h('section', { 'aria-labelledby': 'similar-heading', hidden: true });
  const meta = h(
    'p',
    { class: 'meta' },
    metaLine([
      detail.type === 'series' ? 'Series' : 'Film',
      detail.releaseYear,
      detail.genres.join(', '),
    ]),
  );
  // Where to watch comes right after the summary: it is what people come for (on a phone, the facts would push it far down).
  append(
    titleView,
    titleSummary(detail, meta),
    availability,
    personal,
    facts,
    castSection(detail),
    similar,
  );
  renderPersonal(personal, detail);
  renderAvailability(availability, detail);
  subscribeLive(availability, detail.id);
  void loadSimilar(similar, detail.id);
}

function renderAvailability(section: HTMLElement, detail: ContentDetail): void {
  const keep = section.querySelector('.live-area');
  clear(section);
  const chosen = region();
  append(
    section,
    h('h2', { id: 'availability-heading' }, `Where to watch in ${REGION_NAMES[chosen] ?? chosen}`),
    keep ?? h('div', { class: 'live-area' }),
    ...offersBlock(detail, chosen),
  );
}

/** A change as a person says it: "Now on Netflix (Free)". */
function changeWords(kind: string, platform: string, tierLabel: string): string {
  if (kind === 'added') return `Now on ${platform} (${tierLabel})`;
  if (kind === 'removed') return `No longer on ${platform} (${tierLabel})`;
  if (kind === 'price_changed') return `New price on ${platform} (${tierLabel})`;
  if (kind === 'leaving_soon') return `Leaving ${platform} soon (${tierLabel})`;
  return `${platform} changed (${tierLabel})`;
}

function subscribeLive(section: HTMLElement, id: string): void {
  const area = section.querySelector('.live-area')!;
  const liveState = h(
    'p',
    { class: 'live', role: 'status' },
    'Connecting to get changes as they happen…',
  );
  const log = h('ul', { class: 'live-log', 'aria-label': 'Live availability changes' });
  area.replaceChildren(liveState, log);
  const source = new EventSource(`/api/v1/content/${encodeURIComponent(id)}/availability/stream`);
  state.liveSource = source;
  source.addEventListener(
    'open',
    () => (
      (liveState.textContent =
        'This list updates by itself when a service adds or drops the title.'),
      liveState.setAttribute('data-live', 'on')
    ),
  );
  source.addEventListener('error', () => {
    if (state.liveSource === source)
      (liveState.textContent = 'Reconnecting to get changes…'),
        liveState.setAttribute('data-live', 'reconnecting');
  });
  source.addEventListener('availability', (ev) => {
    let e: LiveEvent;
    try {
      e = JSON.parse((ev as MessageEvent<string>).data) as LiveEvent;
    } catch {
      return;
    }
    void (async () => {
      try {
        const detail = await api<ContentDetail>(`/api/v1/content/${encodeURIComponent(id)}`);
        if (state.liveSource !== source) return;
        renderAvailability(section, detail);
      } catch {
        // keep what is shown; the change is still listed below
      }
      const name = state.platformNames.get(e.platformId) ?? e.platformId;
      const what = e.changes
        .map((c) => changeWords(c.kind, name, TIER_LABELS[c.priceTier as Tier] ?? c.priceTier))
        .join('; ');
      const where = e.region === region() ? '' : ` (${REGION_NAMES[e.region] ?? e.region})`;
      const text = `${new Date(e.at).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}: ${what}${where}`;
      log.prepend(h('li', {}, text));
      announce(`Just changed: ${what}${where}`);
    })();
  });
}

async function loadSimilar(section: HTMLElement, id: string): Promise<void> {
  try {
    const out = await api<{ items: SimilarItem[] }>(
      `/api/v1/content/${encodeURIComponent(id)}/similar?region=${region()}&limit=6`,
    );
    if (!out?.items?.length) return;
    const list = h('ul', { class: 'similar' });
    for (const s of out.items) {
      list.append(
        h(
          'li',
          { class: 'card' },
          h('h3', {}, h('a', { href: `/title/${s.id}`, 'data-link': true }, s.title)),
          h(
            'p',
            { class: 'meta' },
            metaLine([s.releaseYear, s.genres.join(', '), s.director && `dir. ${s.director}`]),
          ),
          badges(s.availability, region()),
          s.why.length ? h('p', { class: 'why' }, `Why: ${s.why.join('; ')}`) : null,
        ),
      );
    }
    section.replaceChildren(h('h2', { id: 'similar-heading' }, 'Similar titles'), list);
    section.hidden = false;
  } catch {
    section.hidden = true; // 404/501 while the endpoint is not deployed, or any failure: no section
  }
}

export function renderPersonal(section: HTMLElement, detail: ContentDetail): void {
  clear(section);
  const me = currentUser();
  if (!me) {
    const button = h(
      'button',
      { type: 'button', class: 'button secondary' },
      'Sign in to keep a watchlist and rate',
    );
    button.addEventListener('click', () => openAuth());
    section.append(button);
    return;
  }
  const status = h('p', { role: 'status', class: 'status' });
  const watch = h(
    'button',
    { type: 'button', class: 'button secondary', id: 'watch-toggle', disabled: true },
    'Add to watchlist',
  );
  const select = h('select', { id: 'rating-select', disabled: true });
  select.append(h('option', { value: '' }, 'Not rated'));
  for (let i = 0; i <= 10; i++) select.append(h('option', { value: String(i) }, `${i} / 10`));
  section.append(
    watch,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'rating-select' }, 'Your rating (0–10)'),
      select,
    ),
    status,
  );
  let onList = false;
  const setWatch = (v: boolean) => {
    onList = v;
    watch.textContent = v ? 'Remove from watchlist' : 'Add to watchlist';
  };
  void (async () => {
    try {
      const [list, ratings] = await Promise.all([
        api<{ items: { contentId: string }[] }>('/api/v1/me/watchlist'),
        api<{ ratings: { contentId: string; score: number }[] }>('/api/v1/me/ratings'),
      ]);
      setWatch(list.items.some((i) => i.contentId === detail.id));
      const mine = ratings.ratings.find((r) => r.contentId === detail.id);
      if (mine) select.value = String(mine.score);
    } catch (err) {
      status.textContent = forPeople(err, 'Could not load your watchlist. Try again in a moment.');
    }
    watch.disabled = false;
    select.disabled = false;
  })();
  watch.addEventListener('click', async () => {
    watch.disabled = true;
    try {
      if (onList) {
        await api(`/api/v1/me/watchlist/${encodeURIComponent(detail.id)}`, { method: 'DELETE' });
        setWatch(false);
        status.textContent = `Removed ${detail.title} from your watchlist.`;
      } else {
        await api('/api/v1/me/watchlist', { method: 'POST', json: { contentId: detail.id } });
        setWatch(true);
        status.textContent = `Added ${detail.title} to your watchlist.`;
      }
    } catch (err) {
      status.textContent = forPeople(err);
    } finally {
      watch.disabled = false;
    }
  });
  select.addEventListener('change', async () => {
    if (select.value === '') return;
    try {
      const score = Number(select.value);
      await api(`/api/v1/me/ratings/${encodeURIComponent(detail.id)}`, {
        method: 'PUT',
        json: { score },
      });
      status.textContent = `Saved your rating: ${score} / 10.`;
    } catch (err) {
      status.textContent = forPeople(err, 'Could not save your rating. Try again in a moment.');
    }
  });
}
