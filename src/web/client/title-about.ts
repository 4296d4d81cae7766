/** What a title page says about the film: poster, synopsis with its attribution, and the cast. */
import type { ContentDetail } from '../../schemas/content';
import { append, h } from './dom';
import { posterFor } from './poster';

export const personPath = (personId: string) => `/person/${encodeURIComponent(personId)}`;

/** Opens elsewhere: the article and the licence are other sites' pages. */
const external = (href: string, text: string) =>
  h('a', { href, rel: 'noopener', target: '_blank' }, text);

/** "Synopsis from Wikipedia, CC BY-SA 4.0", with the article and the licence linked. */
function attributionLine(a: NonNullable<ContentDetail['attribution']>): HTMLElement {
  const source = a.articleUrl ? external(a.articleUrl, 'Wikipedia') : 'Wikipedia';
  return h(
    'p',
    { class: 'attribution' },
    'Synopsis from ',
    source,
    ', ',
    external(a.license.url, a.license.name),
  );
}

/** Poster beside the synopsis (phone: side by side, smaller). */
export function titleSummary(detail: ContentDetail, meta: HTMLElement): HTMLElement {
  const text = h('div', { class: 'summary-text' }, meta);
  if (detail.synopsis) {
    // On a phone a long synopsis is folded to a few lines (CSS) so where to watch stays near the top.
    const synopsis = h('p', { class: 'synopsis', id: 'synopsis' }, detail.synopsis);
    const more = h(
      'button',
      { type: 'button', class: 'read-more', 'aria-controls': 'synopsis', 'aria-expanded': 'false' },
      'Read more',
    );
    more.addEventListener('click', () => {
      const open = synopsis.classList.toggle('open');
      more.setAttribute('aria-expanded', String(open));
      more.textContent = open ? 'Read less' : 'Read more';
    });
    append(text, synopsis, detail.synopsis.length > 280 && more);
  }
  if (detail.attribution) text.append(attributionLine(detail.attribution));
  else if (detail.links.wikipedia)
    text.append(
      h('p', { class: 'attribution' }, external(detail.links.wikipedia, 'Wikipedia article')),
    );
  return h(
    'div',
    { class: 'title-summary' },
    posterFor(detail.poster, detail.title, { size: 'large' }),
    text,
  );
}

/** The actors in billing order, each linking to their page; null when none are known. */
export function castSection(detail: ContentDetail): HTMLElement | null {
  if (!detail.cast.length) return null;
  const list = h('ul', { class: 'cast' });
  for (const c of detail.cast)
    list.append(h('li', {}, h('a', { href: personPath(c.personId), 'data-link': true }, c.name)));
  return h(
    'section',
    { 'aria-labelledby': 'cast-heading' },
    h('h2', { id: 'cast-heading' }, 'Cast'),
    list,
  );
}
