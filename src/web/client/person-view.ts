/** The person page (/person/:id): who they are and their films, newest first, a page at a time. */
import type { PersonDetail, PersonFilm } from '../../schemas/people';
import { api, ApiError } from './api';
import { announce, h } from './dom';
import { posterFor } from './poster';

const PAGE = 24;

function filmItem(f: PersonFilm): HTMLLIElement {
  const role = f.roles
    .map((r) => (r === 'actor' ? 'Actor' : r === 'director' ? 'Director' : r))
    .join(', ');
  return h(
    'li',
    { class: 'film' },
    h(
      'a',
      { href: `/title/${encodeURIComponent(f.id)}`, 'data-link': true, class: 'film-link' },
      posterFor(f.poster, f.title, { size: 'small', decorative: true }),
      h('span', { class: 'film-title' }, f.title),
    ),
    h('span', { class: 'meta' }, [f.year, role].filter(Boolean).join(' · ')),
  );
}

function countsLine(p: PersonDetail): string {
  const parts = [`${p.counts.films} film${p.counts.films === 1 ? '' : 's'}`];
  if (p.counts.acting) parts.push(`acted in ${p.counts.acting}`);
  if (p.counts.directing) parts.push(`directed ${p.counts.directing}`);
  return parts.join(' · ');
}

/** Fills `view` with the person `id`; `back` is where the back link goes (the page they came from). */
export async function renderPerson(view: HTMLElement, id: string, back: string): Promise<void> {
  const heading = h('h1', { tabindex: '-1' }, 'Loading…');
  view.replaceChildren(h('p', {}, h('a', { href: back, 'data-link': true }, '← Back')), heading);
  heading.focus();
  let person: PersonDetail;
  try {
    person = await api<PersonDetail>(`/api/v1/people/${encodeURIComponent(id)}?limit=${PAGE}`);
  } catch (err) {
    heading.textContent =
      err instanceof ApiError && err.status === 404
        ? 'Person not found'
        : 'Could not load this person';
    return;
  }
  document.title = `${person.name} — Marquee`;
  heading.textContent = person.name;
  const list = h(
    'ul',
    { class: 'films', 'aria-label': `Films with ${person.name}` },
    ...person.films.map(filmItem),
  );
  const more = h(
    'button',
    { type: 'button', class: 'button secondary', hidden: !person.nextCursor },
    'More films',
  );
  let cursor = person.nextCursor;
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    try {
      const next = await api<PersonDetail>(
        `/api/v1/people/${encodeURIComponent(id)}?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`,
      );
      list.append(...next.films.map(filmItem));
      cursor = next.nextCursor;
      more.hidden = !cursor;
      announce(`${next.films.length} more films`);
    } catch {
      announce('Could not load more films');
    } finally {
      more.disabled = false;
    }
  });
  view.append(h('p', { class: 'meta' }, countsLine(person)), h('h2', {}, 'Films'), list, more);
}
