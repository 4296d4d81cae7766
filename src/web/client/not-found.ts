/** The "not found" view: the server answered 404 for this path (an unknown title or page). */
import { h } from './dom';

export function showNotFound(
  view: HTMLElement,
  message = 'There is no page at this address. The link may be old or mistyped.',
): void {
  document.title = 'Not found — Marquee';
  const heading = h('h1', { tabindex: '-1' }, 'Page not found');
  view.replaceChildren(
    heading,
    h('p', {}, message),
    h(
      'p',
      {},
      h('a', { href: '/', 'data-link': true }, 'Go to the home page'),
      ' or search for something to watch.',
    ),
  );
  heading.focus();
}
