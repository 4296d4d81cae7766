/** Which view a path shows, and in-page links (`a[data-link]`) that move without a reload. */
import { closeSuggestions, input } from './combobox';
import { REGIONS, TIER_LABELS } from './constants';
import { navigate, personView, setRouter, showView } from './navigation';
import { renderPerson } from './person-view';
import { renderResults, runSearch } from './search-view';
import { region, regionSelect, state, tierSelect } from './state';
import { showTitle } from './title-view';

async function route(): Promise<void> {
  closeSuggestions();
  const m = /^\/title\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(location.pathname);
  if (m) return showTitle(m[1]!);
  const p = /^\/person\/(p-[a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(location.pathname);
  if (p) {
    showView('person');
    return renderPerson(personView, p[1]!, state.cameFrom);
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
  if (q && (q !== last?.q || region() !== last.region)) {
    input.value = q;
    await runSearch(q);
  } else if (last && q) {
    input.value = q;
    renderResults(last.results);
  }
}

export function setupRouter(): void {
  setRouter(route);
  document.addEventListener('click', (ev) => {
    const a = (ev.target as Element | null)?.closest?.('a[data-link]');
    if (!a || !(a instanceof HTMLAnchorElement) || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    const url = new URL(a.href);
    if (url.origin !== location.origin) return;
    ev.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => void route());
}
