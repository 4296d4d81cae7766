/** Moving between views without a reload: history entries, and which view is shown. */
import { byId } from './dom';
import { state } from './state';

export const searchView = byId('search-view');
export const titleView = byId('title-view');
export const personView = byId('person-view');
export const meView = byId('me-view');

let router: () => Promise<void> = async () => {};
/** The router (router.ts) registers itself here, so views can navigate without importing it. */
export function setRouter(fn: () => Promise<void>): void {
  router = fn;
}
export const route = () => router();

export function navigate(path: string): void {
  const here = location.pathname + location.search;
  if (here !== path) {
    state.cameFrom = here;
    history.pushState(null, '', path);
  }
  void route();
}

export function showView(which: 'search' | 'title' | 'person' | 'me'): void {
  searchView.hidden = which !== 'search';
  titleView.hidden = which !== 'title';
  personView.hidden = which !== 'person';
  meView.hidden = which !== 'me';
  if (which !== 'title') {
    state.liveSource?.close();
    state.liveSource = null;
  }
}
