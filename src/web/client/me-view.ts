/**
 * "Your Marquee" (/me, signed in): region and services (the onboarding after a first sign-in),
 * the parental limit, notifications, watchlist with where each title streams, ratings, history,
 * and the data controls (download everything, delete the account).
 */
import { api, currentUser, forPeople, signOut } from './api';
import { offerText, shortDate } from './cards';
import { announce, h } from './dom';
import { REGION_NAMES, REGIONS, TIER_LABELS, type Tier } from './constants';
import { navigate } from './navigation';
import { refreshUnread } from './notifications';
import { myPreferences, savePreferences } from './preferences';

interface Platform {
  id: string;
  name: string;
  regions: string[];
}
interface Notification {
  id: number;
  contentId: string;
  title: string;
  kind: string;
  platformName: string;
  region: string;
  details: { priceTier?: string } | null;
  createdAt: string;
  read: boolean;
}
interface WatchItem {
  contentId: string;
  title: string;
  releaseYear: number | null;
  availability?: {
    platformId: string;
    platformName: string;
    priceTier: string;
    url: string;
    leavingAt: string | null;
  }[];
}

const LIMITS = ['G', 'PG', 'PG-13', 'R', 'NC-17'];
const titleLink = (id: string, text: string) =>
  h('a', { href: `/title/${encodeURIComponent(id)}`, 'data-link': true }, text);

function section(id: string, heading: string, ...children: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'me-section', 'aria-labelledby': `${id}-heading`, id },
    h('h2', { id: `${id}-heading` }, heading),
    ...children,
  );
}

export function notificationWords(n: Notification): string {
  const tier = TIER_LABELS[(n.details?.priceTier ?? '') as Tier] ?? n.details?.priceTier ?? '';
  const what =
    {
      added: `is now on ${n.platformName}`,
      removed: `left ${n.platformName}`,
      price_changed: `has a new price on ${n.platformName}`,
      leaving_soon: `is leaving ${n.platformName} soon`,
    }[n.kind] ?? `changed on ${n.platformName}`;
  return `${what}${tier ? ` (${tier})` : ''} in ${REGION_NAMES[n.region] ?? n.region}`;
}

async function servicesForm(welcome: boolean): Promise<HTMLElement> {
  const [prefs, platforms] = await Promise.all([
    myPreferences(),
    api<{ platforms: Platform[] }>('/api/v1/platforms').then((p) => p.platforms),
  ]);
  const status = h('p', { class: 'status', role: 'status' });
  const regionSel = h(
    'select',
    { id: 'me-region', name: 'region' },
    // In a list "United Kingdom", not "the United Kingdom" (which reads well in a sentence).
    ...REGIONS.map((r) => h('option', { value: r }, (REGION_NAMES[r] ?? r).replace(/^the /, ''))),
  );
  regionSel.value = prefs.region;
  const boxes = h(
    'fieldset',
    { class: 'services' },
    h('legend', {}, 'The services you pay for or use'),
  );
  const drawBoxes = () => {
    const chosen = new Set(prefs.platforms);
    boxes.querySelectorAll('label').forEach((l) => l.remove());
    for (const p of platforms.filter((x) => x.regions.includes(regionSel.value))) {
      boxes.append(
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name: 'platforms',
            value: p.id,
            checked: chosen.has(p.id),
          }),
          ` ${p.name}`,
        ),
      );
    }
  };
  drawBoxes();
  regionSel.addEventListener('change', drawBoxes);
  const limit = h(
    'select',
    { id: 'me-limit', name: 'maxRating' },
    h('option', { value: '' }, 'No limit'),
    ...LIMITS.map((l) => h('option', { value: l }, `Up to ${l}`)),
  );
  limit.value = prefs.maxRating ?? '';
  const form = h(
    'form',
    { class: 'me-form' },
    h('div', { class: 'field' }, h('label', { for: 'me-region' }, 'Where you watch'), regionSel),
    boxes,
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: 'me-limit' },
        'Parental limit (hides titles rated above it, and unrated ones)',
      ),
      limit,
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'submit', class: 'button primary' },
        welcome ? 'Save and show my home page' : 'Save',
      ),
    ),
    status,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const platformsChosen = Array.from(
      form.querySelectorAll<HTMLInputElement>('input[name="platforms"]:checked'),
    ).map((i) => i.value);
    try {
      await savePreferences({
        region: regionSel.value,
        platforms: platformsChosen,
        maxRating: limit.value || null,
      });
      status.textContent = 'Saved. Your home page and searches now use these.';
      announce(status.textContent);
      if (welcome) navigate(`/?region=${regionSel.value}`);
    } catch (err) {
      status.textContent = forPeople(err, 'Could not save. Try again in a moment.');
    }
  });
  return section(
    'me-services',
    welcome ? 'Welcome! Where do you watch?' : 'Your region and services',
    welcome
      ? h(
          'p',
          {},
          'Pick your region and the services you have: your home page then shows what is new and leaving on them.',
        )
      : null,
    form,
  );
}

async function notificationsSection(): Promise<HTMLElement> {
  const out = await api<{ items: Notification[]; unread: number }>(
    '/api/v1/me/notifications?limit=30',
  );
  const list = h(
    'ul',
    { class: 'me-list notifications' },
    ...out.items.map((n) =>
      h(
        'li',
        { class: n.read ? 'read' : 'unread' },
        n.read ? null : h('span', { class: 'unread-dot' }, 'New: '),
        titleLink(n.contentId, n.title),
        ` ${notificationWords(n)}`,
        h('span', { class: 'meta' }, ` · ${shortDate(n.createdAt)}`),
      ),
    ),
  );
  const mark = h(
    'button',
    { type: 'button', class: 'button secondary small', hidden: !out.unread },
    'Mark all as read',
  );
  mark.addEventListener('click', async () => {
    await api('/api/v1/me/notifications/read', { method: 'POST', json: {} }).catch(() => {});
    list.querySelectorAll('.unread').forEach((li) => li.classList.replace('unread', 'read'));
    list.querySelectorAll('.unread-dot').forEach((d) => d.remove());
    mark.hidden = true;
    void refreshUnread();
  });
  return section(
    'me-notifications',
    out.unread ? `Notifications (${out.unread} new)` : 'Notifications',
    out.items.length
      ? list
      : h(
          'p',
          {},
          'When a title on your watchlist arrives on a service, leaves or changes price, it shows here.',
        ),
    mark,
  );
}

async function watchlistSection(): Promise<HTMLElement> {
  const out = await api<{ items: WatchItem[] }>('/api/v1/me/watchlist');
  return section(
    'me-watchlist',
    'Your watchlist',
    out.items.length
      ? h(
          'ul',
          { class: 'me-list' },
          ...out.items.map((w) =>
            h(
              'li',
              { 'data-id': w.contentId },
              titleLink(w.contentId, [w.title, w.releaseYear].filter(Boolean).join(' · ')),
              h(
                'span',
                { class: 'meta' },
                w.availability?.length
                  ? ` — ${w.availability
                      .slice(0, 3)
                      .map(
                        (o) =>
                          offerText(o) + (o.leavingAt ? ` (leaves ${shortDate(o.leavingAt)})` : ''),
                      )
                      .join(', ')}`
                  : ' — not available in your region yet',
              ),
            ),
          ),
        )
      : h('p', {}, 'Nothing on your watchlist yet. Add titles from their page.'),
  );
}

async function ratingsSection(): Promise<HTMLElement> {
  const out = await api<{ ratings: { contentId: string; title: string; score: number }[] }>(
    '/api/v1/me/ratings',
  );
  return section(
    'me-ratings',
    'Your ratings',
    out.ratings.length
      ? h(
          'ul',
          { class: 'me-list' },
          ...out.ratings.map((r) =>
            h('li', {}, titleLink(r.contentId, r.title), ` — ${r.score} / 10`),
          ),
        )
      : h('p', {}, 'You have not rated anything yet.'),
  );
}

async function historySection(): Promise<HTMLElement> {
  const out = await api<{ entries: { contentId: string; title: string; occurredAt: string }[] }>(
    '/api/v1/me/history?limit=20',
  );
  return section(
    'me-history',
    'Recently watched',
    out.entries.length
      ? h(
          'ul',
          { class: 'me-list' },
          ...out.entries.map((x) =>
            h(
              'li',
              {},
              titleLink(x.contentId, x.title),
              h('span', { class: 'meta' }, ` · ${shortDate(x.occurredAt)}`),
            ),
          ),
        )
      : h('p', {}, 'Nothing yet.'),
  );
}

function dataSection(): HTMLElement {
  const status = h('p', { class: 'status', role: 'status' });
  const download = h('button', { type: 'button', class: 'button secondary' }, 'Download my data');
  download.addEventListener('click', async () => {
    try {
      const data = await api<unknown>('/api/v1/me/export');
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
      );
      const a = h('a', { href: url, download: 'marquee-export.json' });
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.textContent = 'Your data is downloading (marquee-export.json).';
    } catch (err) {
      status.textContent = forPeople(err);
    }
  });
  const erase = h('button', { type: 'button', class: 'button danger' }, 'Delete my account');
  erase.addEventListener('click', async () => {
    if (!window.confirm('Delete your account and everything in it? This cannot be undone.')) return;
    try {
      await api('/api/v1/me', { method: 'DELETE' });
      await signOut();
      announce('Your account was deleted.');
      navigate('/');
    } catch (err) {
      status.textContent = forPeople(err);
    }
  });
  return section('me-data', 'Your data', h('div', { class: 'actions' }, download, erase), status);
}

export async function renderMe(view: HTMLElement): Promise<void> {
  document.title = 'Your Marquee';
  const heading = h('h1', { tabindex: '-1' }, 'Your Marquee');
  view.replaceChildren(heading);
  heading.focus();
  if (!currentUser()) {
    view.append(
      h('p', {}, 'Sign in to choose your services, see notifications and keep a watchlist.'),
    );
    return;
  }
  const welcome = new URLSearchParams(location.search).has('welcome');
  const slots = [
    servicesForm(welcome),
    notificationsSection(),
    watchlistSection(),
    ratingsSection(),
    historySection(),
  ];
  const placed = slots.map(() => h('div', {}, h('p', { class: 'status' }, 'Loading…')));
  view.append(...placed, dataSection());
  await Promise.all(
    slots.map(async (p, i) => {
      try {
        placed[i]!.replaceWith(await p);
      } catch (err) {
        placed[i]!.replaceWith(
          h(
            'p',
            { class: 'status' },
            forPeople(err, 'Could not load this part. Try again in a moment.'),
          ),
        );
      }
    }),
  );
}
