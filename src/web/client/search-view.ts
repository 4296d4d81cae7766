/** The search view: the form, the understood query as removable chips, and the results. */
import type { ParsedQuery, SearchResult } from '../../schemas/search';
import { api, forPeople } from './api';
import { chipsFor, queryWithout } from './chips';
import { append, byId, clear, h } from './dom';
import { closeSuggestions, input, setupCombobox } from './combobox';
import { route, showView, titleView } from './navigation';
import { renderHome, homeEl } from './home-view';
import { badges, metaLine } from './offers';
import { region, regionSelect, state, tier, tierSelect, type SearchResponse } from './state';

const form = byId<HTMLFormElement>('search-form');
const resultsEl = byId<HTMLOListElement>('results');
const statusEl = byId('search-status');
const chipsEl = byId<HTMLUListElement>('chips');
const understoodEl = byId('understood');
const summaryEl = byId('understood-summary');
const moreButton = byId<HTMLButtonElement>('more-button');

export async function runSearch(
  q: string,
  opts: { push?: boolean; cursor?: string } = {},
): Promise<void> {
  q = q.trim();
  if (!q) return;
  const seq = ++state.searchSeq;
  const r = region();
  homeEl.hidden = true;
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
    // A chosen price is a filter on the server (the count and the pages follow it), not a view.
    const t = tier();
    const res = t
      ? await api<SearchResponse>('/api/v1/search', {
          method: 'POST',
          json: {
            query: q,
            region: r,
            limit: 20,
            filters: { priceTiers: [t], availableOnly: true },
            ...(opts.cursor ? { cursor: opts.cursor } : {}),
          },
        })
      : await api<SearchResponse>(
          `/api/v1/search?${new URLSearchParams({ q, region: r, limit: '20', ...(opts.cursor ? { cursor: opts.cursor } : {}) })}`,
        );
    if (seq !== state.searchSeq) return;
    const last = state.last;
    const results = opts.cursor && last ? [...last.results, ...res.results] : res.results;
    state.last = { q, region: r, tier: t, response: res, results };
    renderUnderstood(res.query);
    renderResults(results, !opts.cursor ? 0 : results.length - res.results.length);
    const n = res.meta.total;
    statusEl.textContent =
      n === 0
        ? 'No titles match. Try removing a filter.'
        : `${n}${res.meta.totalCapped ? '+' : ''} title${n === 1 ? '' : 's'} found`;
    moreButton.hidden = !res.meta.nextCursor;
  } catch (err) {
    if (seq !== state.searchSeq) return;
    statusEl.textContent = `The search did not work. ${forPeople(err, 'Try again in a moment.')}`;
  } finally {
    resultsEl.removeAttribute('aria-busy');
  }
}

function renderUnderstood(q: ParsedQuery): void {
  understoodEl.hidden = false;
  clear(summaryEl);
  const intent = {
    search: 'a search',
    browse: 'browsing',
    recommend: 'a request for recommendations',
    title_lookup: 'a title lookup',
  }[q.intent];
  append(summaryEl, `Understood as ${intent}.`);
  if (q.correction)
    append(
      summaryEl,
      ' Showing results for ',
      h('strong', {}, `“${q.correction.to}”`),
      ` (you typed “${q.correction.from}”).`,
    );
  clear(chipsEl);
  for (const chip of chipsFor(q, state.platformNames)) {
    const remove = h(
      'button',
      { type: 'button', 'aria-label': `Remove filter: ${chip.label}`, 'data-chip': chip.key },
      '×',
    );
    remove.addEventListener('click', () => void removeChip(q, chip.key));
    chipsEl.append(
      h('li', { class: chip.negated ? 'chip negated' : 'chip' }, h('span', {}, chip.label), remove),
    );
  }
  chipsEl.hidden = chipsEl.childElementCount === 0;
}

async function removeChip(q: ParsedQuery, key: string): Promise<void> {
  const next = queryWithout(q, key);
  input.value = next;
  if (!next) {
    resetSearch();
    statusEl.textContent = 'All filters removed. Describe what you want to watch.';
    history.pushState(null, '', '/');
    homeEl.hidden = false;
    void renderHome();
    input.focus();
    return;
  }
  await runSearch(next, { push: true });
  const first = chipsEl.querySelector<HTMLButtonElement>('button');
  (first ?? input).focus();
}

/** Back to no search: results, chips and status cleared (the home rows show instead). */
export function resetSearch(): void {
  state.last = null;
  clear(resultsEl);
  clear(chipsEl);
  understoodEl.hidden = true;
  moreButton.hidden = true;
  statusEl.textContent = '';
}

export function renderResults(results: SearchResult[], from = 0): void {
  if (from === 0) clear(resultsEl);
  const where = region();
  for (const r of results.slice(from)) {
    const link = h('a', { href: `/title/${r.id}`, 'data-link': true }, r.title);
    resultsEl.append(
      h(
        'li',
        { class: 'card', 'data-id': r.id },
        h('h3', {}, link),
        h(
          'p',
          { class: 'meta' },
          metaLine([
            r.releaseYear,
            r.genres.join(', '),
            r.director && `dir. ${r.director}`,
            r.runtimeMinutes && `${r.runtimeMinutes} min`,
            r.mpaaRating,
            r.rating.imdb !== null && `IMDb ${r.rating.imdb}`,
          ]),
        ),
        badges(r.availability, where),
        r.why.length ? h('p', { class: 'why' }, `Why: ${r.why.join('; ')}`) : null,
      ),
    );
  }
}

export function setupSearchView(): void {
  setupCombobox((text) => void runSearch(text, { push: true }));
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
    else void renderHome();
  });
  tierSelect.addEventListener('change', () => {
    if (!titleView.hidden) return void route();
    if (state.last) {
      const params = new URLSearchParams(location.search);
      if (tier()) params.set('tier', tier());
      else params.delete('tier');
      history.replaceState(null, '', `/?${params}`);
      void runSearch(state.last.q);
    }
  });
  moreButton.addEventListener('click', () => {
    const last = state.last;
    const cursor = last?.response.meta.nextCursor;
    if (last && cursor) void runSearch(last.q, { cursor });
  });
}
