/** Which view a path shows, and in-page links (`a[data-link]`) that move without a reload. */
import { closeSuggestions, input } from './combobox';
import { REGIONS, TIER_LABELS } from './constants';
import { meView, navigate, personView, setRouter, showView, titleView } from './navigation';
import { renderMe } from './me-view';
import { showNotFound } from './not-found';
import { refreshUnread } from './notifications';
import { renderPerson } from './person-view';
import { renderResults, resetSearch, runSearch } from './search-view';
import { homeEl, renderHome } from './home-view';
import { region, regionSelect, state, tier, tierSelect } from './state';
import { showTitle } from './title-view';

async function route(): Promise<void> {
  closeSuggestions();
  void refreshUnread();
  if (location.pathname === '/me') document.querySelector('.onboarding')?.remove();
  const m = /^\/title\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(location.pathname);
  if (m) return showTitle(m[1]!);
  const p = /^\/person\/(p-[a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(location.pathname);
  if (p) {
    showView('person');
    return renderPerson(personView, p[1]!, state.cameFrom);
  }
  if (location.pathname === '/me') {
    showView('me');
    return renderMe(meView);
  }
  if (location.pathname !== '/') {
    showView('title');
    return showNotFound(titleView);
  }
  showView('search');
  document.title = 'Marquee — find something to watch';
  const params = new URLSearchParams(location.search);
  const q = params.get('q') ?? '';
  const r = params.get('region');
  if (r && (REGIONS as readonly string[]).includes(r)) regionSelect.value = r;
  const t = params.get('tier');
  tierSelect.value = t && t in TIER_LABELS ? t : '';
  const last = state.last;
  homeEl.hidden = Boolean(q);
  if (!q) {
    input.value = '';
    resetSearch();
    return renderHome();
  }
  if (q !== last?.q || region() !== last.region || tier() !== last.tier) {
    input.value = q;
    await runSearch(q);
  } else {
    input.value = q;
    renderResults(last.results);
  }
}

export function setupRouter(): void {
  setRouter(route);
  document.addEventListener('click', (ev) => {
    const a = (ev.target as Element | null)?.closest?.('a[data-link]');
    if (
      !a ||
      !(a instanceof HTMLAnchorElement) ||
      ev.ctrlKey ||
      ev.metaKey ||
      ev.shiftKey ||
      ev.button !== 0
    )
      return;
    const url = new URL(a.href);
    if (url.origin !== location.origin) return;
    ev.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => void route());
}
