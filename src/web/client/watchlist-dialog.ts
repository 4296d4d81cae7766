/** The watchlist dialog (header button, signed in): your titles, each removable. */
import { api, forPeople } from './api';
import { byId, clear, h } from './dom';
import { metaLine } from './offers';

const watchlistDialog = byId<HTMLDialogElement>('watchlist-dialog');
/** Wires the header's Watchlist button to its dialog. */
export function setupWatchlistDialog(): void {
  byId('watchlist-close').addEventListener('click', () => watchlistDialog.close());
  byId('watchlist-button').addEventListener('click', async () => {
    const list = byId<HTMLUListElement>('watchlist-items');
    const status = byId('watchlist-status');
    clear(list);
    status.textContent = 'Loading…';
    watchlistDialog.showModal();
    try {
      const out = await api<{
        items: { contentId: string; title: string; releaseYear: number | null }[];
      }>('/api/v1/me/watchlist');
      status.textContent = out.items.length
        ? `${out.items.length} title${out.items.length === 1 ? '' : 's'}`
        : 'Nothing on your watchlist yet.';
      for (const item of out.items) {
        const link = h(
          'a',
          { href: `/title/${item.contentId}`, 'data-link': true },
          metaLine([item.title, item.releaseYear]),
        );
        link.addEventListener('click', () => watchlistDialog.close());
        const remove = h(
          'button',
          {
            type: 'button',
            class: 'button secondary small',
            'aria-label': `Remove ${item.title} from your watchlist`,
          },
          'Remove',
        );
        const li = h('li', {}, link, remove);
        remove.addEventListener('click', async () => {
          try {
            await api(`/api/v1/me/watchlist/${encodeURIComponent(item.contentId)}`, {
              method: 'DELETE',
            });
            li.remove();
            status.textContent = `Removed ${item.title}.`;
            byId('watchlist-close').focus();
          } catch (err) {
            status.textContent = forPeople(err, 'Could not remove it. Try again in a moment.');
          }
        });
        list.append(li);
      }
    } catch (err) {
      status.textContent = forPeople(err, 'Could not load your watchlist. Try again in a moment.');
    }
  });
}
