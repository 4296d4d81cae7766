/**
 * The Marquee web page: search with suggestions, understood-query chips, title and person pages,
 * account. Each view is its own module (search-view, title-view, person-view, the dialogs, the
 * router); the state they share is in state.ts. This file wires them and starts the page.
 */
import type { ContentDetail } from '../../schemas/content';
import { api, currentUser, onSessionChange, restoreSession } from './api';
import { setupAuthDialog } from './auth-dialog';
import { REGIONS } from './constants';
import { byId, h } from './dom';
import { homeEl, renderHome } from './home-view';
import { meView, route, searchView, titleView } from './navigation';
import { myPreferences } from './preferences';
import { renderMe } from './me-view';
import { watchUnread } from './notifications';
import { setupRouter } from './router';
import { runSearch, setupSearchView } from './search-view';
import { regionSelect, state } from './state';
import { renderPersonal } from './title-view';
import { setupWatchlistDialog } from './watchlist-dialog';

/**
 * Signed in, with no `?region=` in the address: the region they saved (else the page keeps the
 * one it started in, where the request came from). True when it changed the selector.
 */
async function applySavedRegion(): Promise<boolean> {
  if (!currentUser() || new URLSearchParams(location.search).has('region')) return false;
  const prefs = await myPreferences().catch(() => null);
  if (!prefs?.updatedAt || prefs.region === regionSelect.value) return false;
  if (!(REGIONS as readonly string[]).includes(prefs.region)) return false;
  regionSelect.value = prefs.region;
  return true;
}

async function renderAccount(refresh = true): Promise<void> {
  const me = currentUser();
  byId('account-status').textContent = me ? `Signed in as ${me.displayName ?? me.email}` : '';
  byId('signin-button').hidden = !!me;
  byId('signout-button').hidden = !me;
  byId('watchlist-button').hidden = !me;
  byId('me-link').hidden = !me;
  watchUnread();
  if (!me && !meView.hidden) void renderMe(meView);
  // A region that changed (their saved one) asks again too.
  const refreshHome = (await applySavedRegion()) || refresh;
  const personal = titleView.querySelector<HTMLElement>('.personal');
  const id = /^\/title\/([a-z0-9-]+)$/.exec(location.pathname)?.[1];
  if (refreshHome && !searchView.hidden) {
    // What a person sees depends on who they are (parental limit, their services): ask again.
    if (state.last) void runSearch(state.last.q);
    else if (!homeEl.hidden) void renderHome();
  }
  if (personal && id && !titleView.hidden)
    void api<ContentDetail>(`/api/v1/content/${id}`)
      .then((d) => renderPersonal(personal, d))
      .catch(() => {});
}

setupSearchView();
setupAuthDialog();
setupWatchlistDialog();
setupRouter();
onSessionChange(() => void renderAccount());

for (const r of REGIONS) regionSelect.append(h('option', { value: r }, r));
// Where the request came from (the server puts it on <html>), until an address or a saved region says otherwise.
const startRegion = document.documentElement.dataset.region ?? '';
regionSelect.value = (REGIONS as readonly string[]).includes(startRegion) ? startRegion : 'US';
void api<{ platforms: { id: string; name: string }[] }>('/api/v1/platforms')
  .then((out) => out.platforms.forEach((p) => state.platformNames.set(p.id, p.name)))
  .catch(() => {});
void restoreSession().finally(() => void renderAccount(false));
void route();
