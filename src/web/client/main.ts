/** The Marquee web page: search with suggestions, understood-query chips, title and person pages, account. */
import type { ParsedQuery, SearchResult } from '../../schemas/search';
import type { ContentDetail, Offer } from '../../schemas/content';
import { api, ApiError, currentUser, onSessionChange, restoreSession, signIn, signOut } from './api';
import { chipsFor, queryWithout } from './chips';
import { announce, append, byId, clear, h } from './dom';
import { REGIONS, TIER_LABELS, type Tier } from './constants';
import { renderPerson } from './person-view';
import { castSection, personPath, titleSummary } from './title-about';

type Summary = SearchResult['availability'][number];
interface SearchResponse {
  query: ParsedQuery;
  results: SearchResult[];
  meta: { total: number; totalCapped?: boolean; nextCursor: string | null; notes?: string[] };
}
interface Suggestion { kind: string; text: string; id?: string; year?: number | null; role?: string }
interface SimilarItem {
  id: string; title: string; releaseYear: number | null; genres: string[]; director: string | null;
  score: number; why: string[]; availability: { platformId: string; platformName: string; priceTier: Tier }[];
}
interface LiveEvent { contentId: string; region: string; platformId: string; changes: { kind: string; priceTier: string }[]; at: string }

const input = byId<HTMLInputElement>('q');
const listbox = byId<HTMLUListElement>('suggestions');
const form = byId<HTMLFormElement>('search-form');
const regionSelect = byId<HTMLSelectElement>('region');
const tierSelect = byId<HTMLSelectElement>('tier');
const resultsEl = byId<HTMLOListElement>('results');
const statusEl = byId('search-status');
const chipsEl = byId<HTMLUListElement>('chips');
const understoodEl = byId('understood');
const summaryEl = byId('understood-summary');
const moreButton = byId<HTMLButtonElement>('more-button');
const searchView = byId('search-view');
const titleView = byId('title-view');
const personView = byId('person-view');

const platformNames = new Map<string, string>();
let last: { q: string; region: string; response: SearchResponse; results: SearchResult[] } | null = null;
let liveSource: EventSource | null = null;

// ---------------------------------------------------------------- helpers

const region = () => regionSelect.value || 'US';
const tier = () => tierSelect.value as Tier | '';

function money(amount: number | null, currency: string | null): string {
  if (amount === null || !currency) return '';
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

function badge(o: Pick<Summary, 'platformName' | 'priceTier'> & Partial<Pick<Summary, 'amount' | 'currency'>>): HTMLLIElement {
  const price = money(o.amount ?? null, o.currency ?? null);
  return h('li', { class: `badge ${o.priceTier}` }, `${o.platformName} · ${TIER_LABELS[o.priceTier]}${price ? ` ${price}` : ''}`);
}

/** Badges for the chosen price tier (all tiers when none is chosen). */
function badges(offers: readonly Summary[] | SimilarItem['availability'], where: string): HTMLElement {
  const t = tier();
  const shown = offers.filter((o) => !t || o.priceTier === t);
  if (!shown.length) {
    return h('p', { class: 'badge-none' }, t ? `Not available as ${TIER_LABELS[t].toLowerCase()} in ${where}` : `Not available to stream in ${where}`);
  }
  return h('ul', { class: 'badges', 'aria-label': `Where to watch in ${where}` }, ...shown.map((o) => badge(o)));
}

function metaLine(parts: (string | number | null | undefined | false)[]): string {
  return parts.filter((p) => p !== null && p !== undefined && p !== false && p !== '').join(' · ');
}

/** The page a person page's back link returns to (the title its cast link was on). */
let cameFrom = '/';

function navigate(path: string): void {
  const here = location.pathname + location.search;
  if (here !== path) {
    cameFrom = here;
    history.pushState(null, '', path);
  }
  void route();
}

// ---------------------------------------------------------------- suggestions (ARIA 1.2 combobox)

let suggestTimer: number | undefined;
let suggestAbort: AbortController | null = null;
let suggestions: Suggestion[] = [];
let active = -1;
/** Text kept before a suggestion for the last word only ("feel-good 90s " + "comedy"). */
let suggestPrefix = '';

function closeSuggestions(): void {
  suggestAbort?.abort();
  window.clearTimeout(suggestTimer);
  suggestions = [];
  active = -1;
  clear(listbox);
  listbox.hidden = true;
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}

function setActive(i: number): void {
  active = i;
  listbox.querySelectorAll('[role="option"]').forEach((el, j) => el.setAttribute('aria-selected', String(j === i)));
  if (i >= 0) {
    input.setAttribute('aria-activedescendant', `suggestion-${i}`);
    document.getElementById(`suggestion-${i}`)?.scrollIntoView({ block: 'nearest' });
  } else input.removeAttribute('aria-activedescendant');
}

function renderSuggestions(items: Suggestion[]): void {
  suggestions = items;
  active = -1;
  clear(listbox);
  if (!items.length || document.activeElement !== input) return closeSuggestions();
  items.forEach((s, i) => {
    const kind = s.kind === 'title' && s.year ? `title, ${s.year}` : s.kind === 'person' && s.role ? s.role : s.kind;
    const li = h('li', { id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false' }, h('span', {}, s.text), h('span', { class: 'kind' }, kind));
    li.addEventListener('mousedown', (ev) => ev.preventDefault()); // keep focus in the input
    li.addEventListener('click', () => choose(i));
    listbox.append(li);
  });
  listbox.hidden = false;
  input.setAttribute('aria-expanded', 'true');
  announce(`${items.length} suggestion${items.length === 1 ? '' : 's'}`);
}

function choose(i: number): void {
  const s = suggestions[i];
  closeSuggestions();
  if (!s) return;
  if (s.kind === 'title' && s.id) return navigate(`/title/${encodeURIComponent(s.id)}`);
  if (s.kind === 'person' && s.id) return navigate(personPath(s.id));
  input.value = suggestPrefix + s.text;
  void runSearch(input.value, { push: true });
}

input.addEventListener('input', () => {
  window.clearTimeout(suggestTimer);
  const partial = input.value.trim();
  if (partial.length < 2) return closeSuggestions();
  suggestTimer = window.setTimeout(async () => {
    suggestAbort?.abort();
    const ctl = new AbortController();
    suggestAbort = ctl;
    const ask = (p: string) => api<{ suggestions: Suggestion[] }>(`/api/v1/search/suggestions?partial=${encodeURIComponent(p)}&limit=8`, { signal: ctl.signal });
    try {
      // The whole text first (a title or a name); for a longer description, the word being typed.
      let items = (await ask(partial)).suggestions;
      suggestPrefix = '';
      const cut = partial.lastIndexOf(' ');
      if (!items.length && cut > 0 && partial.length - cut > 2) {
        items = (await ask(partial.slice(cut + 1))).suggestions;
        suggestPrefix = partial.slice(0, cut + 1);
      }
      if (!ctl.signal.aborted && input.value.trim() === partial) renderSuggestions(items);
    } catch {
      // suggestions are a convenience: a failure just shows none
    }
  }, 150);
});

input.addEventListener('keydown', (ev) => {
  const open = !listbox.hidden && suggestions.length > 0;
  switch (ev.key) {
    case 'ArrowDown':
      if (!open) return;
      ev.preventDefault();
      setActive(active + 1 >= suggestions.length ? 0 : active + 1);
      break;
    case 'ArrowUp':
      if (!open) return;
      ev.preventDefault();
      setActive(active <= 0 ? suggestions.length - 1 : active - 1);
      break;
    case 'Enter':
      if (open && active >= 0) {
        ev.preventDefault();
        choose(active);
      }
      break;
    case 'Escape':
      if (open) {
        ev.preventDefault();
        closeSuggestions();
      }
      break;
    case 'Tab':
      closeSuggestions();
      break;
  }
});
input.addEventListener('blur', () => window.setTimeout(() => document.activeElement !== input && closeSuggestions(), 100));

// ---------------------------------------------------------------- search

let searchSeq = 0;

async function runSearch(q: string, opts: { push?: boolean; cursor?: string } = {}): Promise<void> {
  q = q.trim();
  if (!q) return;
  const seq = ++searchSeq;
  const r = region();
  if (opts.push) {
    const params = new URLSearchParams({ q, region: r });
    if (tier()) params.set('tier', tier());
    const path = `/?${params}`;
    if (location.pathname + location.search !== path) history.pushState(null, '', path);
    showView('search');
  }
  statusEl.textContent = opts.cursor ? 'Loading more…' : 'Searching…';
  resultsEl.setAttribute('aria-busy', 'true');
  try {
    const params = new URLSearchParams({ q, region: r, limit: '20' });
    if (opts.cursor) params.set('cursor', opts.cursor);
    const res = await api<SearchResponse>(`/api/v1/search?${params}`);
    if (seq !== searchSeq) return;
    const results = opts.cursor && last ? [...last.results, ...res.results] : res.results;
    last = { q, region: r, response: res, results };
    renderUnderstood(res.query);
    renderResults(results, !opts.cursor ? 0 : results.length - res.results.length);
    const n = res.meta.total;
    statusEl.textContent = n === 0 ? 'No titles match. Try removing a filter.' : `${n}${res.meta.totalCapped ? '+' : ''} title${n === 1 ? '' : 's'} found`;
    moreButton.hidden = !res.meta.nextCursor;
  } catch (err) {
    if (seq !== searchSeq) return;
    statusEl.textContent = err instanceof ApiError ? `Search failed: ${err.message}` : 'Search failed: the service could not be reached.';
  } finally {
    resultsEl.removeAttribute('aria-busy');
  }
}

function renderUnderstood(q: ParsedQuery): void {
  understoodEl.hidden = false;
  clear(summaryEl);
  const intent = { search: 'a search', browse: 'browsing', recommend: 'a request for recommendations', title_lookup: 'a title lookup' }[q.intent];
  append(summaryEl, `Understood as ${intent}.`);
  if (q.correction) append(summaryEl, ' Showing results for ', h('strong', {}, `“${q.correction.to}”`), ` (you typed “${q.correction.from}”).`);
  clear(chipsEl);
  for (const chip of chipsFor(q, platformNames)) {
    const remove = h('button', { type: 'button', 'aria-label': `Remove filter: ${chip.label}`, 'data-chip': chip.key }, '×');
    remove.addEventListener('click', () => void removeChip(q, chip.key));
    chipsEl.append(h('li', { class: chip.negated ? 'chip negated' : 'chip' }, h('span', {}, chip.label), remove));
  }
  chipsEl.hidden = chipsEl.childElementCount === 0;
}

async function removeChip(q: ParsedQuery, key: string): Promise<void> {
  const next = queryWithout(q, key);
  input.value = next;
  if (!next) {
    last = null;
    clear(resultsEl);
    clear(chipsEl);
    understoodEl.hidden = true;
    moreButton.hidden = true;
    statusEl.textContent = 'All filters removed. Describe what you want to watch.';
    history.pushState(null, '', '/');
    input.focus();
    return;
  }
  await runSearch(next, { push: true });
  const first = chipsEl.querySelector<HTMLButtonElement>('button');
  (first ?? input).focus();
}

function renderResults(results: SearchResult[], from = 0): void {
  if (from === 0) clear(resultsEl);
  const where = region();
  for (const r of results.slice(from)) {
    const link = h('a', { href: `/title/${r.id}`, 'data-link': true }, r.title);
    resultsEl.append(
      h(
        'li',
        { class: 'card', 'data-id': r.id },
        h('h3', {}, link),
        h('p', { class: 'meta' }, metaLine([r.releaseYear, r.genres.join(', '), r.director && `dir. ${r.director}`, r.runtimeMinutes && `${r.runtimeMinutes} min`, r.mpaaRating, r.rating.imdb !== null && `IMDb ${r.rating.imdb}`])),
        badges(r.availability, where),
        r.why.length ? h('p', { class: 'why' }, `Why: ${r.why.join('; ')}`) : null,
      ),
    );
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  closeSuggestions();
  if (!input.value.trim()) {
    statusEl.textContent = 'Type what you would like to watch first.';
    input.focus();
    return;
  }
  void runSearch(input.value, { push: true });
});
regionSelect.addEventListener('change', () => {
  if (!titleView.hidden) return void route();
  if (input.value.trim()) void runSearch(input.value, { push: true });
});
tierSelect.addEventListener('change', () => {
  if (!titleView.hidden) return void route();
  if (last) {
    renderResults(last.results);
    const params = new URLSearchParams(location.search);
    if (tier()) params.set('tier', tier());
    else params.delete('tier');
    history.replaceState(null, '', `/?${params}`);
  }
});
moreButton.addEventListener('click', () => {
  const cursor = last?.response.meta.nextCursor;
  if (last && cursor) void runSearch(last.q, { cursor });
});

// ---------------------------------------------------------------- title page

function showView(which: 'search' | 'title' | 'person'): void {
  searchView.hidden = which !== 'search';
  titleView.hidden = which !== 'title';
  personView.hidden = which !== 'person';
  if (which !== 'title') {
    liveSource?.close();
    liveSource = null;
  }
}

async function showTitle(id: string): Promise<void> {
  showView('title');
  liveSource?.close();
  liveSource = null;
  clear(titleView);
  const heading = h('h1', { tabindex: '-1' }, 'Loading…');
  titleView.append(h('p', {}, h('a', { href: last ? `/?${new URLSearchParams({ q: last.q, region: last.region })}` : '/', 'data-link': true }, '← Back to search')), heading);
  heading.focus();
  let detail: ContentDetail;
  try {
    detail = await api<ContentDetail>(`/api/v1/content/${encodeURIComponent(id)}`);
  } catch (err) {
    heading.textContent = err instanceof ApiError && err.status === 404 ? 'Title not found' : 'Could not load this title';
    return;
  }
  document.title = `${detail.title} — Marquee`;
  heading.textContent = detail.title;
  const facts = h('dl', { class: 'facts' });
  const fact = (k: string, v: string | number | Node | null | undefined) => {
    if (v !== null && v !== undefined && v !== '') append(facts, h('dt', {}, k), h('dd', {}, typeof v === 'object' ? v : String(v)));
  };
  fact('Year', detail.releaseYear);
  const directors = detail.credits.filter((c) => c.role === 'director');
  if (directors.length) {
    const dd = h('span');
    directors.forEach((d, i) => append(dd, i ? ', ' : '', h('a', { href: personPath(d.personId), 'data-link': true }, d.name)));
    fact(directors.length > 1 ? 'Directors' : 'Director', dd);
  }
  fact('Genres', detail.genres.join(', '));
  fact('Kind', detail.creativeType);
  fact('Source', detail.source);
  fact('Runtime', detail.runtimeMinutes && `${detail.runtimeMinutes} min`);
  fact('Rated', detail.mpaaRating);
  fact('IMDb', detail.ratings.imdb !== null ? `${detail.ratings.imdb} / 10 (${detail.ratings.imdbVotes ?? 0} votes)` : null);
  fact('Rotten Tomatoes', detail.ratings.rottenTomatoes !== null ? `${detail.ratings.rottenTomatoes}%` : null);
  fact('Marquee users', detail.ratings.users.count ? `${detail.ratings.users.average} / 10 (${detail.ratings.users.count})` : null);
  fact('Distributor', detail.distributor);

  const personal = h('section', { class: 'personal', 'aria-label': 'Your watchlist and rating' });
  const availability = h('section', { 'aria-labelledby': 'availability-heading' });
  const similar = h('section', { 'aria-labelledby': 'similar-heading', hidden: true });
  const meta = h('p', { class: 'meta' }, metaLine([detail.type === 'series' ? 'Series' : 'Film', detail.releaseYear, detail.genres.join(', ')]));
  append(titleView, titleSummary(detail, meta), facts, castSection(detail), personal, availability, similar);
  renderPersonal(personal, detail);
  renderAvailability(availability, detail);
  subscribeLive(availability, detail.id);
  void loadSimilar(similar, detail.id);
}

function renderAvailability(section: HTMLElement, detail: ContentDetail): void {
  const keep = section.querySelector('.live-area');
  clear(section);
  const chosen = region();
  const table = h('table', { class: 'availability-table' });
  append(table, h('caption', { class: 'visually-hidden' }, `Offers per region; ${chosen} is your region`));
  append(table, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Region'), h('th', { scope: 'col' }, 'Where to watch'))));
  const body = h('tbody');
  const regions = [chosen, ...REGIONS.filter((r) => r !== chosen)];
  for (const r of regions) {
    const offers: Offer[] = detail.availability[r] ?? [];
    const row = h('tr', { class: r === chosen ? 'current' : undefined, 'data-region': r }, h('th', { scope: 'row' }, r === chosen ? `${r} (yours)` : r), h('td', {}, badges(offers, r)));
    body.append(row);
  }
  table.append(body);
  append(section, h('h2', { id: 'availability-heading' }, 'Where to watch'), keep ?? h('div', { class: 'live-area' }), table);
}

function subscribeLive(section: HTMLElement, id: string): void {
  const area = section.querySelector('.live-area')!;
  const state = h('p', { class: 'live', role: 'status' }, 'Live updates: connecting…');
  const log = h('ul', { class: 'live-log', 'aria-label': 'Live availability changes' });
  area.replaceChildren(state, log);
  const source = new EventSource(`/api/v1/content/${encodeURIComponent(id)}/availability/stream`);
  liveSource = source;
  source.addEventListener('open', () => (state.textContent = 'Live updates: on'));
  source.addEventListener('error', () => {
    if (liveSource === source) state.textContent = 'Live updates: reconnecting…';
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
        if (liveSource !== source) return;
        renderAvailability(section, detail);
      } catch {
        // keep what is shown; the change is still listed below
      }
      const name = platformNames.get(e.platformId) ?? e.platformId;
      const what = e.changes.map((c) => `${c.kind.replace(/_/g, ' ')} (${TIER_LABELS[c.priceTier as Tier] ?? c.priceTier})`).join(', ');
      const text = `${new Date(e.at).toLocaleTimeString()}: ${name} in ${e.region}: ${what}`;
      log.prepend(h('li', {}, text));
      announce(`Availability changed: ${name} in ${e.region}: ${what}`);
    })();
  });
}

async function loadSimilar(section: HTMLElement, id: string): Promise<void> {
  try {
    const out = await api<{ items: SimilarItem[] }>(`/api/v1/content/${encodeURIComponent(id)}/similar?region=${region()}&limit=6`);
    if (!out?.items?.length) return;
    const list = h('ul', { class: 'similar' });
    for (const s of out.items) {
      list.append(
        h('li', { class: 'card' },
          h('h3', {}, h('a', { href: `/title/${s.id}`, 'data-link': true }, s.title)),
          h('p', { class: 'meta' }, metaLine([s.releaseYear, s.genres.join(', '), s.director && `dir. ${s.director}`])),
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

function renderPersonal(section: HTMLElement, detail: ContentDetail): void {
  clear(section);
  const me = currentUser();
  if (!me) {
    const button = h('button', { type: 'button', class: 'button secondary' }, 'Sign in to keep a watchlist and rate');
    button.addEventListener('click', () => openAuth());
    section.append(button);
    return;
  }
  const status = h('p', { role: 'status', class: 'status' });
  const watch = h('button', { type: 'button', class: 'button secondary', id: 'watch-toggle', disabled: true }, 'Add to watchlist');
  const select = h('select', { id: 'rating-select', disabled: true });
  select.append(h('option', { value: '' }, 'Not rated'));
  for (let i = 0; i <= 10; i++) select.append(h('option', { value: String(i) }, `${i} / 10`));
  section.append(watch, h('div', { class: 'field' }, h('label', { for: 'rating-select' }, 'Your rating (0–10)'), select), status);
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
      status.textContent = err instanceof ApiError ? err.message : 'Could not load your watchlist';
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
      status.textContent = err instanceof ApiError ? err.message : 'That did not work; try again.';
    } finally {
      watch.disabled = false;
    }
  });
  select.addEventListener('change', async () => {
    if (select.value === '') return;
    try {
      const score = Number(select.value);
      await api(`/api/v1/me/ratings/${encodeURIComponent(detail.id)}`, { method: 'PUT', json: { score } });
      status.textContent = `Saved your rating: ${score} / 10.`;
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : 'Could not save your rating.';
    }
  });
}

// ---------------------------------------------------------------- account

const authDialog = byId<HTMLDialogElement>('auth-dialog');
const authForm = byId<HTMLFormElement>('auth-form');
const authError = byId('auth-error');
const authSubmit = byId<HTMLButtonElement>('auth-submit');
const password = byId<HTMLInputElement>('auth-password');
let authReturnFocus: HTMLElement | null = null;

function authMode(): 'login' | 'register' {
  return (authForm.elements.namedItem('mode') as RadioNodeList).value === 'register' ? 'register' : 'login';
}
function syncAuthMode(): void {
  const reg = authMode() === 'register';
  byId('auth-heading').textContent = reg ? 'Create an account' : 'Sign in';
  authSubmit.textContent = reg ? 'Create account' : 'Sign in';
  byId('auth-name-field').hidden = !reg;
  password.autocomplete = reg ? 'new-password' : 'current-password';
}
function openAuth(): void {
  authReturnFocus = document.activeElement as HTMLElement | null;
  authError.textContent = '';
  // Opens on "Sign in" each time; "Create an account" is one choice away.
  authForm.querySelector<HTMLInputElement>('input[name="mode"][value="login"]')!.checked = true;
  syncAuthMode();
  authDialog.showModal();
  byId<HTMLInputElement>('auth-email').focus();
}
authForm.addEventListener('change', syncAuthMode);
byId('auth-cancel').addEventListener('click', () => authDialog.close());
authDialog.addEventListener('close', () => authReturnFocus?.focus());
authForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const data = new FormData(authForm);
  const email = String(data.get('email') ?? '').trim();
  const pw = String(data.get('password') ?? '');
  const displayName = String(data.get('displayName') ?? '').trim();
  if (!email || !pw) {
    authError.textContent = 'Enter your email and password.';
    return;
  }
  authSubmit.disabled = true;
  authError.textContent = '';
  try {
    const mode = authMode();
    const u = await signIn(mode, { email, password: pw, ...(mode === 'register' && displayName ? { displayName } : {}) });
    password.value = '';
    authReturnFocus = byId('signout-button');
    authDialog.close();
    announce(`Signed in as ${u.displayName ?? u.email}`);
  } catch (err) {
    authError.textContent = err instanceof ApiError ? err.message : 'Could not reach the service.';
  } finally {
    authSubmit.disabled = false;
  }
});
byId('signin-button').addEventListener('click', openAuth);
byId('signout-button').addEventListener('click', async () => {
  await signOut();
  announce('Signed out');
  byId('signin-button').focus();
});

const watchlistDialog = byId<HTMLDialogElement>('watchlist-dialog');
byId('watchlist-close').addEventListener('click', () => watchlistDialog.close());
byId('watchlist-button').addEventListener('click', async () => {
  const list = byId<HTMLUListElement>('watchlist-items');
  const status = byId('watchlist-status');
  clear(list);
  status.textContent = 'Loading…';
  watchlistDialog.showModal();
  try {
    const out = await api<{ items: { contentId: string; title: string; releaseYear: number | null }[] }>('/api/v1/me/watchlist');
    status.textContent = out.items.length ? `${out.items.length} title${out.items.length === 1 ? '' : 's'}` : 'Nothing on your watchlist yet.';
    for (const item of out.items) {
      const link = h('a', { href: `/title/${item.contentId}`, 'data-link': true }, metaLine([item.title, item.releaseYear]));
      link.addEventListener('click', () => watchlistDialog.close());
      const remove = h('button', { type: 'button', class: 'button secondary small', 'aria-label': `Remove ${item.title} from your watchlist` }, 'Remove');
      const li = h('li', {}, link, remove);
      remove.addEventListener('click', async () => {
        try {
          await api(`/api/v1/me/watchlist/${encodeURIComponent(item.contentId)}`, { method: 'DELETE' });
          li.remove();
          status.textContent = `Removed ${item.title}.`;
          byId('watchlist-close').focus();
        } catch (err) {
          status.textContent = err instanceof ApiError ? err.message : 'Could not remove it.';
        }
      });
      list.append(li);
    }
  } catch (err) {
    status.textContent = err instanceof ApiError ? err.message : 'Could not load your watchlist.';
  }
});

function renderAccount(): void {
  const me = currentUser();
  byId('account-status').textContent = me ? `Signed in as ${me.displayName ?? me.email}` : '';
  byId('signin-button').hidden = !!me;
  byId('signout-button').hidden = !me;
  byId('watchlist-button').hidden = !me;
  const personal = titleView.querySelector<HTMLElement>('.personal');
  const id = /^\/title\/([a-z0-9-]+)$/.exec(location.pathname)?.[1];
  if (personal && id && !titleView.hidden) void api<ContentDetail>(`/api/v1/content/${id}`).then((d) => renderPersonal(personal, d)).catch(() => {});
}
onSessionChange(renderAccount);

// ---------------------------------------------------------------- routing

async function route(): Promise<void> {
  closeSuggestions();
  const m = /^\/title\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(location.pathname);
  if (m) return showTitle(m[1]!);
  const p = /^\/person\/(p-[a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(location.pathname);
  if (p) {
    showView('person');
    return renderPerson(personView, p[1]!, cameFrom);
  }
  showView('search');
  document.title = 'Marquee — find something to watch';
  const params = new URLSearchParams(location.search);
  const q = params.get('q') ?? '';
  const r = params.get('region');
  if (r && (REGIONS as readonly string[]).includes(r)) regionSelect.value = r;
  const t = params.get('tier');
  tierSelect.value = t && t in TIER_LABELS ? t : '';
  if (q && (q !== last?.q || region() !== last.region)) {
    input.value = q;
    await runSearch(q);
  } else if (last && q) {
    input.value = q;
    renderResults(last.results);
  }
}

document.addEventListener('click', (ev) => {
  const a = (ev.target as Element | null)?.closest?.('a[data-link]');
  if (!a || !(a instanceof HTMLAnchorElement) || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin) return;
  ev.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => void route());

for (const r of REGIONS) regionSelect.append(h('option', { value: r }, r));
regionSelect.value = 'US';
void api<{ platforms: { id: string; name: string }[] }>('/api/v1/platforms')
  .then((out) => out.platforms.forEach((p) => platformNames.set(p.id, p.name)))
  .catch(() => {});
void restoreSession().finally(renderAccount);
void route();
