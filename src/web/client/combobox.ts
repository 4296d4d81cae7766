/** Suggestions as you type: an ARIA 1.2 combobox on the search input. */
import { api } from './api';
import { announce, byId, clear, h } from './dom';
import { navigate } from './navigation';
import { state, type Suggestion } from './state';
import { personPath } from './title-about';

export const input = byId<HTMLInputElement>('q');
const listbox = byId<HTMLUListElement>('suggestions');
const s = state.suggest;

export function closeSuggestions(): void {
  s.abort?.abort();
  window.clearTimeout(s.timer);
  s.items = [];
  s.active = -1;
  clear(listbox);
  listbox.hidden = true;
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
}

function setActive(i: number): void {
  s.active = i;
  listbox
    .querySelectorAll('[role="option"]')
    .forEach((el, j) => el.setAttribute('aria-selected', String(j === i)));
  if (i >= 0) {
    input.setAttribute('aria-activedescendant', `suggestion-${i}`);
    document.getElementById(`suggestion-${i}`)?.scrollIntoView({ block: 'nearest' });
  } else input.removeAttribute('aria-activedescendant');
}

/** Wires the combobox; `onSearch` runs a search for a chosen word or phrase. */
export function setupCombobox(onSearch: (text: string) => void): void {
  function renderSuggestions(items: Suggestion[]): void {
    s.items = items;
    s.active = -1;
    clear(listbox);
    if (!items.length || document.activeElement !== input) return closeSuggestions();
    items.forEach((sg, i) => {
      const kind =
        sg.kind === 'title' && sg.year
          ? `title, ${sg.year}`
          : sg.kind === 'person' && sg.role
            ? sg.role
            : sg.kind;
      const li = h(
        'li',
        { id: `suggestion-${i}`, role: 'option', 'aria-selected': 'false' },
        h('span', {}, sg.text),
        h('span', { class: 'kind' }, kind),
      );
      li.addEventListener('mousedown', (ev) => ev.preventDefault()); // keep focus in the input
      li.addEventListener('click', () => choose(i));
      listbox.append(li);
    });
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    announce(`${items.length} suggestion${items.length === 1 ? '' : 's'}`);
  }

  function choose(i: number): void {
    const sg = s.items[i];
    closeSuggestions();
    if (!sg) return;
    if (sg.kind === 'title' && sg.id) return navigate(`/title/${encodeURIComponent(sg.id)}`);
    if (sg.kind === 'person' && sg.id) return navigate(personPath(sg.id));
    input.value = s.prefix + sg.text;
    onSearch(input.value);
  }

  input.addEventListener('input', () => {
    window.clearTimeout(s.timer);
    const partial = input.value.trim();
    if (partial.length < 2) return closeSuggestions();
    s.timer = window.setTimeout(async () => {
      s.abort?.abort();
      const ctl = new AbortController();
      s.abort = ctl;
      const ask = (p: string) =>
        api<{ suggestions: Suggestion[] }>(
          `/api/v1/search/suggestions?partial=${encodeURIComponent(p)}&limit=8`,
          { signal: ctl.signal },
        );
      try {
        // The whole text first (a title or a name); for a longer description, the word being typed.
        let items = (await ask(partial)).suggestions;
        s.prefix = '';
        const cut = partial.lastIndexOf(' ');
        if (!items.length && cut > 0 && partial.length - cut > 2) {
          items = (await ask(partial.slice(cut + 1))).suggestions;
          s.prefix = partial.slice(0, cut + 1);
        }
        if (!ctl.signal.aborted && input.value.trim() === partial) renderSuggestions(items);
      } catch {
        // suggestions are a convenience: a failure just shows none
      }
    }, 150);
  });

  input.addEventListener('keydown', (ev) => {
    const open = !listbox.hidden && s.items.length > 0;
    switch (ev.key) {
      case 'ArrowDown':
        if (!open) return;
        ev.preventDefault();
        setActive(s.active + 1 >= s.items.length ? 0 : s.active + 1);
        break;
      case 'ArrowUp':
        if (!open) return;
        ev.preventDefault();
        setActive(s.active <= 0 ? s.items.length - 1 : s.active - 1);
        break;
      case 'Enter':
        if (open && s.active >= 0) {
          ev.preventDefault();
          choose(s.active);
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
  input.addEventListener('blur', () =>
    window.setTimeout(() => document.activeElement !== input && closeSuggestions(), 100),
  );
}
