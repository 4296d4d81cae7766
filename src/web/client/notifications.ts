/** The unread notifications count in the header, refreshed on sign-in, on each view change and every 20 s while signed in. */
import { api, currentUser } from './api';
import { byId } from './dom';

const POLL_MS = 20_000;
let timer: number | undefined;

export async function refreshUnread(): Promise<void> {
  const badge = byId('unread-count');
  if (!currentUser()) {
    badge.textContent = '';
    badge.hidden = true;
    return;
  }
  try {
    const out = await api<{ unread: number }>('/api/v1/me/notifications?unread=true&limit=1');
    badge.textContent = out.unread ? `${out.unread} new` : '';
    badge.hidden = !out.unread;
    byId('me-link').setAttribute(
      'aria-label',
      out.unread
        ? `Your Marquee, ${out.unread} new notification${out.unread === 1 ? '' : 's'}`
        : 'Your Marquee',
    );
  } catch {
    // the count is a convenience
  }
}

export function watchUnread(): void {
  window.clearInterval(timer);
  void refreshUnread();
  if (currentUser()) timer = window.setInterval(() => void refreshUnread(), POLL_MS);
}
