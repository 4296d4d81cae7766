/**
 * The web page in a real headless Chromium against `wrangler dev` (see global-setup.ts).
 * Screenshots go to test/e2e/screenshots/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

const BASE = inject('e2eBaseUrl');
const SIM = inject('e2eSimUrl');
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; displayName: string | null };
}

/** A new account made through the API (as the page would), for tests that start signed in. */
async function register(tag: string): Promise<Session> {
  const res = await fetch(`${BASE}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `e2e-${tag}-${Date.now()}@example.com`,
      password: 'correct horse battery',
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Session;
}
const authed = (s: Session, path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${BASE}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${s.accessToken}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });

/**
 * Opens `path` in a new context. `country`: every request of the page says it comes from there, as
 * Cloudflare's request.cf.country would (wrangler dev reads the cf object from this header).
 */
async function open(
  path: string,
  viewport = DESKTOP,
  session?: Session,
  country?: string,
): Promise<Page> {
  context = await browser.newContext({
    viewport,
    baseURL: BASE,
    reducedMotion: 'reduce',
    extraHTTPHeaders: country ? { 'MF-CF-Blob': JSON.stringify({ country }) } : undefined,
  });
  if (session) {
    // The tab "was signed in": the page finds the refresh token where it keeps it (set once; it rotates on use).
    await context.addInitScript(
      ([rt, user]) => {
        if (!sessionStorage.getItem('marquee.refreshToken')) {
          sessionStorage.setItem('marquee.refreshToken', rt!);
          sessionStorage.setItem('marquee.user', user!);
        }
      },
      [session.refreshToken, JSON.stringify(session.user)],
    );
  }
  // Posters are other sites' images: refused here as on an offline machine, so the page's
  // placeholders are what these tests see whatever the network.
  await context.route(/^https:\/\/(upload\.wikimedia\.org|image\.tmdb\.org)\//, (r) =>
    r.abort('internetdisconnected'),
  );
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  // CSP violations show up as console errors; they must never happen.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  await page.goto(path);
  return page;
}

const api = async (path: string) => (await fetch(`${BASE}${path}`)).json() as Promise<any>;
/** Waits for a value in the page (expect.poll's default of 1 s is short for a shared 2-core machine). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const shot = (name: string, fullPage = true) =>
  page.screenshot({ path: `${SHOTS}${name}.png`, fullPage });

/**
 * What the page shows, checked in the page: text contrast (WCAG AA 4.5:1 against the nearest
 * opaque background), labelled controls, named buttons and links, unique ids, the combobox's
 * ARIA, landmarks, language, no horizontal overflow.
 */
const audit = () =>
  page.evaluate(() => {
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3]! > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const problems: string[] = [];
    let checked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (
        !n.textContent?.trim() ||
        el.closest('[hidden], .visually-hidden, noscript, dialog:not([open])')
      )
        continue;
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      const fg = rgb(getComputedStyle(el).color);
      const L1 = lum(fg),
        L2 = lum(background(el));
      const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
      checked++;
      if (ratio < 4.5)
        problems.push(`contrast ${ratio.toFixed(2)}: "${n.textContent.trim().slice(0, 30)}"`);
    }
    for (const el of Array.from(
      document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'),
    )) {
      if (el.type !== 'radio' && !el.labels?.length && !el.getAttribute('aria-label'))
        problems.push(`unlabelled ${el.tagName}#${el.id}`);
    }
    for (const el of Array.from(document.querySelectorAll('button, a'))) {
      if (!(el.getAttribute('aria-label') || el.textContent?.trim()))
        problems.push(`nameless ${el.tagName}`);
    }
    const ids = Array.from(document.querySelectorAll('[id]')).map((e) => e.id);
    if (new Set(ids).size !== ids.length) problems.push('duplicate ids');
    const cb = document.getElementById('q')!;
    if (
      cb.getAttribute('role') !== 'combobox' ||
      cb.getAttribute('aria-controls') !== 'suggestions'
    )
      problems.push('combobox attributes');
    if (
      !document.querySelector('main#main') ||
      !document.querySelector('a.skip-link[href="#main"]')
    )
      problems.push('landmarks');
    if (document.documentElement.lang !== 'en') problems.push('lang');
    const overflow = document.documentElement.scrollWidth > window.innerWidth + 1;
    if (overflow)
      problems.push(
        `horizontal overflow ${document.documentElement.scrollWidth} > ${window.innerWidth}`,
      );
    return { problems, checked };
  });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: inject('chromiumPath'),
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) {
    await page
      .screenshot({
        path: `${SHOTS}failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      })
      .catch(() => {});
  }
  await context?.close();
  expect(errors, 'page errors or CSP violations').toEqual([]);
});
afterAll(async () => {
  await browser?.close();
});

describe('web page', () => {
  it('is served with its CSP, ETag revalidation and immutable assets; API 404s stay JSON', async () => {
    const res = await fetch(`${BASE}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const again = await fetch(`${BASE}/`, {
      headers: { 'If-None-Match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const js = /src="(\/assets\/app\.[0-9a-f]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(`${BASE}${js}`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    await asset.arrayBuffer();
    const missing = await fetch(`${BASE}/api/v1/no-such-route`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('NOT_FOUND');
  });

  it('suggests as you type and picks a suggestion with the keyboard', async () => {
    await open('/');
    const q = page.getByRole('combobox', { name: 'Describe what you want to watch' });
    await q.focus();
    await q.pressSequentially('godf', { delay: 40 });
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await listbox.waitFor();
    expect(await q.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await q.getAttribute('aria-activedescendant')).toBe('suggestion-1');
    expect(await page.locator('#suggestion-1').getAttribute('aria-selected')).toBe('true');
    await shot('suggestions-desktop');
    const picked = (await page.locator('#suggestion-1 span').first().textContent())!;
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/title\//);
    await poll(() => page.locator('#title-view h1').textContent()).toBe(picked);

    // A longer description completes the word being typed.
    await page.goto('/');
    await page.locator('#q').pressSequentially('feel-good 90s com', { delay: 40 });
    await page.getByRole('option', { name: /^comedy/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.card').first().waitFor();
    expect(await page.locator('#q').inputValue()).toBe('feel-good 90s comedy');
    expect(new URL(page.url()).searchParams.get('q')).toBe('feel-good 90s comedy');
    expect(await page.getByRole('listbox').isHidden()).toBe(true);
  });

  it('shows results with where-to-watch badges for the chosen region and price tier', async () => {
    await open('/');
    await page.selectOption('#region', 'GB');
    await page.fill('#q', 'feel-good 90s comedy');
    await page.keyboard.press('Enter');
    await page.locator('.card').first().waitFor();
    const fromApi = await api('/api/v1/search?q=feel-good+90s+comedy&region=GB');
    const first = fromApi.results[0];
    const card = page.locator(`.card[data-id="${first.id}"]`);
    await poll(() => card.locator('h3').textContent()).toBe(first.title);
    const expected = first.availability.map((o: any) => o.platformName);
    const shown = await card.locator('.badge').allTextContents();
    expect(shown.map((s) => s.split(' · ')[0])).toEqual(expected);
    await shot('results-desktop');

    // The price is a filter: the search runs again with it, and every card has such an offer.
    await page.selectOption('#tier', 'subscription');
    expect(new URL(page.url()).searchParams.get('tier')).toBe('subscription');
    const everyCardSubscription = async () => {
      const cards = await page.locator('.card').all();
      for (const c of cards) if (!(await c.locator('.badge.subscription').count())) return false;
      return cards.length > 0;
    };
    await poll(everyCardSubscription).toBe(true);
    expect(await page.locator('.badge-none').count()).toBe(0);
  });

  it('the Price selector filters: "Free" counts and shows only titles free to watch here', async () => {
    await open('/?q=comedy&region=US');
    const status = page.locator('#search-status');
    const total = (s: string | null) => Number(/(\d+)/.exec(s ?? '')?.[1]);
    await poll(async () => total(await status.textContent())).toBeGreaterThan(0);
    const any = total(await status.textContent());
    await page.selectOption('#tier', 'free');
    await poll(async () => total(await status.textContent())).toBeLessThan(any);
    const free = total(await status.textContent());
    const res = await fetch(`${BASE}/api/v1/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'comedy',
        region: 'US',
        filters: { priceTiers: ['free'], availableOnly: true },
      }),
    });
    expect(free).toBe(((await res.json()) as any).meta.total);
    expect(await page.locator('.badge-none').count()).toBe(0);
    for (const c of await page.locator('.card').all())
      expect(await c.locator('.badge.free').count()).toBeGreaterThan(0);
    expect(await page.getByText(/Not available as free/).count()).toBe(0);
    // a deep link with the price keeps it
    await page.goto('/?q=comedy&region=US&tier=free');
    await poll(async () => total(await status.textContent())).toBe(free);
    expect(await page.locator('#tier').inputValue()).toBe('free');
    await shot('price-free-desktop');
  });

  it('shows the understood query as chips; removing one re-runs the search without it', async () => {
    await open('/?q=feel-good+90s+comedy+not+horror&region=US');
    const chips = page.locator('#chips .chip');
    await chips.first().waitFor();
    const labels = await chips.locator('span').allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining([
        'Genre: comedy',
        'Mood: feel-good',
        'Years: 1990–1999',
        'Not horror',
      ]),
    );
    const before = await page.locator('#search-status').textContent();
    const remove = page.getByRole('button', { name: 'Remove filter: Years: 1990–1999' });
    await remove.focus();
    await page.keyboard.press('Enter');
    await poll(() => page.locator('#chips .chip span').allTextContents()).not.toContain(
      'Years: 1990–1999',
    );
    const after = await page.locator('#chips .chip span').allTextContents();
    expect(after).toEqual(
      expect.arrayContaining(['Genre: comedy', 'Mood: feel-good', 'Not horror']),
    );
    const q = new URL(page.url()).searchParams.get('q')!;
    expect(q).not.toMatch(/90s|1990/);
    const total = (s: string | null) => Number(/(\d+)/.exec(s ?? '')?.[1]);
    await poll(async () =>
      total(await page.locator('#search-status').textContent()),
    ).toBeGreaterThan(total(before));
    // the API agrees: the same query text, the years facet gone
    const check = await api(`/api/v1/search?q=${encodeURIComponent(q)}&region=US`);
    expect(check.query.entities.years).toBeUndefined();
    expect(check.query.entities.genres).toEqual(['comedy']);
    expect(check.query.negations.genres).toEqual(['horror']);
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('data-chip')),
    ).toBeTruthy();
    await shot('chips-removed-desktop');
  });

  it('title page: availability per region, live update through the SSE stream after a platform webhook', async () => {
    const id = 'alien-1979';
    const detail = await api(`/api/v1/content/${id}`);
    const platforms = (await api('/api/v1/platforms')).platforms as {
      id: string;
      name: string;
      regions: string[];
    }[];
    const offering = new Set((detail.availability.US ?? []).map((o: any) => o.platformId));
    const platform = platforms.find(
      (p) => p.regions.includes('US') && !offering.has(p.id) && p.id !== 'fandango-at-home',
    )!;
    await open(`/title/${id}`);
    await poll(() => page.locator('#title-view h1').textContent()).toBe('Alien');
    const us = page.locator('.offer-groups[data-region="US"]');
    await poll(() => us.locator('a.offer').count()).toBe(detail.availability.US.length);
    // every offer is a link to the platform's page for the title
    for (const o of detail.availability.US)
      expect(
        await us.locator(`a.offer[data-platform="${o.platformId}"][href="${o.url}"]`).count(),
      ).toBeGreaterThan(0);
    expect(await page.locator('.other-regions .region-offers[data-region]').count()).toBe(8);
    expect(await page.locator('.other-regions').getAttribute('open')).toBeNull(); // folded
    await page.locator('.live[data-live="on"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('.live').textContent()).not.toMatch(/Live updates/);
    // similar titles, from GET /api/v1/content/:id/similar
    const similar = await fetch(`${BASE}/api/v1/content/${id}/similar?region=US&limit=6`);
    expect(similar.status).toBe(200);
    const similarIds = ((await similar.json()) as { items: { id: string }[] }).items.map(
      (i) => i.id,
    );
    const similarSection = page.locator('section[aria-labelledby="similar-heading"]');
    await similarSection.getByRole('heading', { name: 'Similar titles' }).waitFor();
    await similarSection.locator(`a[href="/title/${similarIds[0]}"]`).first().waitFor();

    // the platform changes its catalog and posts a signed webhook, as a partner would
    const t0 = Date.now();
    const r = await fetch(`${SIM}/__offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        platform: platform.id,
        contentId: id,
        region: 'US',
        offers: [
          {
            priceTier: 'free',
            amount: null,
            currency: null,
            url: `https://example.com/watch/${id}`,
            quality: 'hd',
            leavingAt: null,
          },
        ],
        notify: { url: BASE, secret: `dev-secret-${platform.id}` },
      }),
    });
    expect((await r.json()).webhookStatus).toBe(202);
    const logItem = page.locator('.live-log li').first();
    await logItem.waitFor({ timeout: 30_000 });
    console.log(`[e2e] live update shown ${Date.now() - t0} ms after the platform's change`);
    expect(await logItem.textContent()).toContain(`Now on ${platform.name} (Free)`);
    const added = us.locator(
      `.offer-group[data-group="free"] a.offer[data-platform="${platform.id}"]`,
    );
    await added.waitFor();
    expect(await added.getAttribute('href')).toBe(`https://example.com/watch/${id}`);
    await shot('title-live-desktop');
  });

  it('title page: poster placeholder, synopsis with attribution, cast linking to person pages and back to a title', async () => {
    const detail = await api('/api/v1/content/jaws-1975');
    for (const [name, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      await open('/title/jaws-1975', viewport);
      const view = page.locator('#title-view');
      await poll(() => view.locator('h1').textContent()).toBe('Jaws');
      // the image cannot load: its tile stays, with the initials, sized as a poster, named for screen readers
      const tile = view.locator('.title-summary .poster');
      await poll(() => tile.getAttribute('class')).toContain('missing');
      expect(await tile.locator('img').count()).toBe(0);
      expect(await tile.getAttribute('role')).toBe('img');
      expect(await tile.getAttribute('aria-label')).toBe('Jaws (no poster image)');
      expect(await tile.locator('.poster-initials').textContent()).toBe('J');
      const box = (await tile.boundingBox())!;
      expect(box.width).toBeGreaterThan(100);
      expect(box.height / box.width).toBeCloseTo(1.5, 1);
      expect(await view.locator('.synopsis').textContent()).toBe(detail.synopsis);
      const attribution = view.locator('.attribution');
      expect(await attribution.textContent()).toBe('Synopsis from Wikipedia, CC BY-SA 4.0');
      expect(await attribution.getByRole('link', { name: 'Wikipedia' }).getAttribute('href')).toBe(
        'https://en.wikipedia.org/wiki/Jaws_(film)',
      );
      expect(
        await attribution.getByRole('link', { name: 'CC BY-SA 4.0' }).getAttribute('href'),
      ).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
      const cast = page.locator('section[aria-labelledby="cast-heading"] a');
      expect(await cast.allTextContents()).toEqual([
        'Roy Scheider',
        'Robert Shaw',
        'Richard Dreyfuss',
      ]);
      expect(await cast.first().getAttribute('href')).toBe('/person/p-roy-scheider');
      const report = await audit();
      expect(report.problems, name).toEqual([]);
      await shot(`title-about-${name}`);
      await shot(`title-about-${name}-viewport`, false);

      // a cast name opens the person page: their films, each a link to its title
      await cast.first().click();
      await page.waitForURL(/\/person\/p-roy-scheider$/);
      const person = page.locator('#person-view');
      await poll(() => person.locator('h1').textContent()).toBe('Roy Scheider');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      const films = person.locator('.films .film-link');
      await films.first().waitFor();
      const fromApi = await api('/api/v1/people/p-roy-scheider?limit=24');
      expect(await films.locator('.film-title').allTextContents()).toEqual(
        fromApi.films.map((f: { title: string }) => f.title),
      );
      await poll(() => person.locator('.poster.missing').count()).toBe(
        await person.locator('.poster').count(),
      );
      expect((await audit()).problems, `person ${name}`).toEqual([]);
      expect(await page.title()).toBe('Roy Scheider — Marquee');
      await shot(`person-${name}`);
      const jaws2 = person.getByRole('link', { name: 'Jaws 2' });
      await jaws2.click();
      await page.waitForURL(/\/title\/jaws-2-1978$/);
      await poll(() => page.locator('#title-view h1').textContent()).toBe('Jaws 2');
      expect(await page.locator('#person-view').isHidden()).toBe(true);
      // the browser's back button returns to the person, then to the first title
      await page.goBack();
      await poll(() => page.locator('#person-view h1').textContent()).toBe('Roy Scheider');
      await page.goBack();
      await poll(() => page.locator('#title-view h1').textContent()).toBe('Jaws');
      await context.close();
    }
  });

  it('suggests an actor; picking them opens their page', async () => {
    await open('/');
    await page.locator('#q').pressSequentially('tom han', { delay: 40 });
    const option = page.getByRole('option', { name: /^Tom Hanks/ });
    await option.waitFor();
    expect(await option.locator('.kind').textContent()).toBe('actor');
    await option.click();
    await page.waitForURL(/\/person\/p-tom-hanks$/);
    await poll(() => page.locator('#person-view h1').textContent()).toBe('Tom Hanks');
    expect(await page.locator('#person-view .meta').first().textContent()).toBe(
      '26 films · acted in 26 · directed 1',
    );
    // more films than a page: the rest arrive on request
    await page.locator('#person-view .film').nth(23).waitFor();
    await page.getByRole('button', { name: 'More films' }).click();
    await poll(() => page.locator('#person-view .film').count()).toBe(26);
    expect(await page.getByRole('button', { name: 'More films' }).isHidden()).toBe(true);
  });

  it('register, sign in, add to the watchlist and rate', async () => {
    const email = `e2e-${Date.now()}@example.com`;
    const password = 'correct horse battery';
    await open('/title/jaws-1975');
    await page.getByRole('button', { name: 'Sign in to keep a watchlist and rate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.waitFor();
    await page.getByLabel('Create an account').check();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Display name (optional)').fill('Ada <b>E2E</b>');
    await page.getByRole('button', { name: 'Create account' }).click();
    await poll(() => page.locator('#account-status').textContent()).toBe(
      'Signed in as Ada <b>E2E</b>',
    ); // text, not markup
    const add = page.getByRole('button', { name: 'Add to watchlist' });
    await add.click();
    await page.getByText('Added Jaws to your watchlist.').waitFor();
    await page.getByRole('button', { name: 'Remove from watchlist' }).waitFor();
    await page.getByLabel('Your rating (0–10)').selectOption('8');
    await page.getByText('Saved your rating: 8 / 10.').waitFor();

    await page.getByRole('button', { name: 'Watchlist', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Your watchlist' })
      .getByRole('link', { name: 'Jaws · 1975' })
      .waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    // sign out, sign back in: the list and the rating are still there
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.locator('#auth-submit').click();
    await poll(() => page.locator('#account-status').textContent()).toBe(
      'Signed in as Ada <b>E2E</b>',
    );
    await poll(() => page.locator('#rating-select').inputValue()).toBe('8');
    await poll(() => page.locator('#watch-toggle').textContent()).toBe('Remove from watchlist');
    // a reload in the same tab keeps the session (refresh token in sessionStorage, rotated)
    await page.reload();
    await poll(() => page.locator('#account-status').textContent()).toBe(
      'Signed in as Ada <b>E2E</b>',
    );
    await shot('signed-in-title-desktop');
  });

  it('works with the keyboard alone: skip link, visible focus, search to a title page', async () => {
    await open('/');
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const r = el.getBoundingClientRect();
      return { text: el.textContent, top: r.top, outline: getComputedStyle(el).outlineStyle };
    });
    expect(skip.text).toBe('Skip to main content');
    expect(skip.top).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('alien', { delay: 40 });
    await page.getByRole('listbox').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/title\/alien-1979$/);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // every stop of the tab order, from the top of the page, shows a focus indicator
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        return {
          name: `${el.tagName}:${el.textContent?.trim().slice(0, 30)}`,
          outline: s.outlineStyle,
          width: parseFloat(s.outlineWidth),
        };
      });
      if (f.name.startsWith('BODY:')) continue; // past the last stop: focus is in the browser's own UI
      expect(f.outline, f.name).not.toBe('none');
      expect(f.width, f.name).toBeGreaterThanOrEqual(2);
      seen.push(f.name);
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        'A:Skip to main content',
        'A:Marquee',
        'BUTTON:Sign in',
        'A:← Back to search',
        'BUTTON:Sign in to keep a watchlist an',
      ]),
    );
    // back to search by keyboard
    await page.locator('a', { hasText: '← Back to search' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/$|\/\?/);
  });

  it('passes a contrast and ARIA sanity check, on a phone and on a desktop', async () => {
    for (const [name, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      await open('/?q=free+feel-good+90s+comedy+not+horror&region=US', viewport);
      await page.locator('.card').first().waitFor();
      const report = await audit();
      expect(report.problems, name).toEqual([]);
      expect(report.checked).toBeGreaterThan(20);
      await shot(`results-${name}`);
      await shot(`results-${name}-viewport`, false);
    }
    await open('/title/alien-1979', PHONE);
    await page.locator('.offer-groups[data-region="US"] a.offer').first().waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    await shot('title-phone');
    await shot('title-phone-viewport', false);
  });
});

describe('home, my services and notifications', () => {
  /** A platform in `region` that does not offer `id` there yet. */
  async function platformWithout(id: string, region: string) {
    const detail = await api(`/api/v1/content/${id}`);
    const platforms = (await api('/api/v1/platforms')).platforms as {
      id: string;
      name: string;
      regions: string[];
    }[];
    const offering = new Set((detail.availability[region] ?? []).map((o: any) => o.platformId));
    return platforms.find(
      (p) => p.regions.includes(region) && !offering.has(p.id) && p.id !== 'fandango-at-home',
    )!;
  }
  /** The simulated platform changes its catalog and posts its signed webhook, as a partner would. */
  async function platformAdds(platformId: string, id: string, region: string) {
    const r = await fetch(`${SIM}/__offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        platform: platformId,
        contentId: id,
        region,
        offers: [
          {
            priceTier: 'free',
            amount: null,
            currency: null,
            url: `https://example.com/watch/${id}`,
            quality: 'hd',
            leavingAt: null,
          },
        ],
        notify: { url: BASE, secret: `dev-secret-${platformId}` },
      }),
    });
    expect((await r.json()).webhookStatus).toBe(202);
  }

  it('home: rows of cards for my region (trending or popular, new and leaving soon), on a phone and a desktop', async () => {
    // Something arrives on a Canadian service, as a platform's webhook says.
    const platform = await platformWithout('jaws-1975', 'CA');
    await platformAdds(platform.id, 'jaws-1975', 'CA');
    for (const [name, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      await open('/?region=CA', viewport);
      const trending = page.locator('[data-row="trending"]');
      await trending.locator('.tile').first().waitFor({ timeout: 30_000 });
      expect(await trending.locator('h2').textContent()).toMatch(/^(Trending|Popular) in Canada$/);
      const tile = trending.locator('.tile').first();
      expect(await tile.locator('.poster').count()).toBe(1); // the placeholder offline
      expect(await tile.locator('.tile-title').textContent()).toBeTruthy();
      expect(await tile.locator('.tile-offer').textContent()).toBeTruthy();
      // new on services: the arrival shows (feed pages are kept 30 s, so look again until it does)
      const fresh = page.locator('[data-row="new"]');
      await expect
        .poll(
          async () => {
            if (await fresh.locator('.tile[data-id="jaws-1975"]').count()) return true;
            await page.reload();
            await fresh.waitFor();
            return (await fresh.locator('.tile[data-id="jaws-1975"]').count()) > 0;
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toBe(true);
      expect(await fresh.locator('.tile[data-id="jaws-1975"] .tile-offer').textContent()).toContain(
        platform.name,
      );
      const leaving = page.locator('[data-row="leaving"]');
      await leaving.waitFor();
      expect(await leaving.locator('h2').textContent()).toBe(
        'Leaving soon on streaming services in Canada',
      );
      for (const note of await leaving.locator('.tile-note').allTextContents())
        expect(note).toMatch(/^Leaves /);
      expect((await audit()).problems, name).toEqual([]);
      await shot(`home-${name}`);
      await shot(`home-${name}-viewport`, false);
      // a card opens its title
      await fresh.locator('.tile[data-id="jaws-1975"] a').click();
      await page.waitForURL(/\/title\/jaws-1975$/);
      await poll(() => page.locator('#title-view h1').textContent()).toBe('Jaws');
      await context.close();
    }
  });

  it('a deep link opens a title directly; an unknown title or page is a real 404 page', async () => {
    await open('/title/alien-1979?utm=x', PHONE);
    await poll(() => page.locator('#title-view h1').textContent()).toBe('Alien');
    await page.locator('.offer-groups[data-region="US"] a.offer').first().waitFor();
    for (const path of ['/title/no-such-title-1900', '/nowhere/at-all']) {
      const res = await fetch(`${BASE}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      await res.text();
      await page.goto(path);
      await poll(() => page.locator('#title-view h1').textContent()).toBe('Page not found');
      await page.getByRole('link', { name: 'Go to the home page' }).waitFor();
    }
    expect((await audit()).problems).toEqual([]);
    await shot('not-found-phone', false);
    // the API keeps its JSON 404
    const api404 = await fetch(`${BASE}/api/v1/nothing`, { headers: { accept: 'text/html' } });
    expect(api404.status).toBe(404);
    expect((await api404.json()).error.code).toBe('NOT_FOUND');
  });

  it('my services: the first sign-in from home asks for region and services; home then shows them', async () => {
    await open('/');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Create an account').check();
    await page.getByLabel('Email').fill(`e2e-onboard-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await page.locator('#auth-error').textContent()).toBe(
      'Choose a password of at least 8 characters.',
    );
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/me\?welcome/);
    await page.getByRole('heading', { name: 'Welcome! Where do you watch?' }).waitFor();
    await page.getByLabel('Where you watch').selectOption('US');
    await page.getByLabel('Netflix').check();
    await shot('onboarding-desktop');
    await page.getByRole('button', { name: 'Save and show my home page' }).click();
    await page.waitForURL(/\/\?region=US$/);
    await page.getByText('Your services: Netflix.').waitFor();
    const leaving = page.locator('[data-row="leaving"]');
    await poll(() => leaving.locator('h2').textContent()).toBe('Leaving soon on your services');
    const offers = await leaving.locator('.tile-offer').allTextContents();
    for (const o of offers) expect(o).toMatch(/^Netflix/);
    await page.locator('[data-row="recommended"]').waitFor();
    await shot('home-signed-in-desktop');
  });

  it('from the United Kingdom: the page starts in GB and the first sign-in pre-selects it', async () => {
    await open('/', PHONE, undefined, 'GB');
    await poll(() => page.locator('#region').inputValue()).toBe('GB');
    await poll(() => page.locator('[data-row="trending"] h2').textContent()).toMatch(
      /in the United Kingdom$/,
    );
    await shot('home-gb-phone', false);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Create an account').check();
    await page.getByLabel('Email').fill(`e2e-onboard-gb-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/me\?welcome/);
    await page.getByRole('heading', { name: 'Welcome! Where do you watch?' }).waitFor();
    expect(await page.getByLabel('Where you watch').inputValue()).toBe('GB');
    // The services offered are those operating in the United Kingdom.
    const platforms = (await api('/api/v1/platforms')).platforms as {
      name: string;
      regions: string[];
    }[];
    const offered = await page.locator('#me-services label.check').allTextContents();
    expect(offered.map((t) => t.trim()).sort()).toEqual(
      platforms
        .filter((p) => p.regions.includes('GB'))
        .map((p) => p.name)
        .sort(),
    );
    expect((await audit()).problems).toEqual([]);
    await shot('onboarding-gb-phone');
    await page.getByRole('button', { name: 'Save and show my home page' }).click();
    await page.waitForURL(/\/\?region=GB$/);
  });

  it('a notification arrives after a platform adds a title on my watchlist (its webhook), with an unread count', async () => {
    const me = await register('notify');
    const id = 'aliens-1986';
    expect(
      (await authed(me, '/api/v1/me/watchlist', { method: 'POST', body: { contentId: id } }))
        .status,
    ).toBe(201);
    const platform = await platformWithout(id, 'US');
    await open('/', DESKTOP, me);
    await page.locator('#me-link').waitFor();
    expect(await page.locator('#unread-count').isHidden()).toBe(true);
    await platformAdds(platform.id, id, 'US');
    // the header's count appears within its refresh (20 s), without a reload
    await expect
      .poll(() => page.locator('#unread-count').textContent(), { timeout: 45_000, interval: 500 })
      .toBe('1 new');
    await page.locator('#me-link').click();
    await page.waitForURL(/\/me$/);
    const list = page.locator('#me-notifications');
    await poll(() => list.locator('h2').textContent()).toBe('Notifications (1 new)');
    expect(await list.locator('li.unread').textContent()).toContain(
      `Aliens is now on ${platform.name} (Free) in the United States`,
    );
    // the watchlist shows where it streams now
    await poll(() => page.locator(`#me-watchlist li[data-id="${id}"]`).textContent()).toContain(
      `${platform.name} · Free`,
    );
    expect((await audit()).problems).toEqual([]);
    await shot('me-desktop');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await poll(() => page.locator('#unread-count').isHidden()).toBe(true);
  });

  it('the parental limit: a person limited to PG sees no R titles in search or on home', async () => {
    const me = await register('parent');
    expect(
      (
        await authed(me, '/api/v1/me/preferences', {
          method: 'POST',
          body: { maxRating: 'PG', region: 'US' },
        })
      ).status,
    ).toBe(200);
    const open_ = await api('/api/v1/search?q=crime+thriller&region=US&limit=20');
    expect(open_.results.some((r: any) => r.mpaaRating === 'R')).toBe(true);
    await open('/?q=crime+thriller&region=US', PHONE, me);
    await page
      .locator('#account-status')
      .getByText(/Signed in/)
      .waitFor();
    await poll(() => page.locator('.card').count()).toBeGreaterThan(0);
    const limited = (await (
      await authed(me, '/api/v1/search?q=crime+thriller&region=US&limit=20')
    ).json()) as any;
    const ratings = new Map<string, string | null>(
      limited.results.map((r: any) => [r.id, r.mpaaRating]),
    );
    await poll(async () =>
      (
        await page.locator('.card').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))
      ).join(),
    ).toBe([...ratings.keys()].join());
    for (const r of ratings.values()) expect(['G', 'PG']).toContain(r);
    await shot('parental-phone-viewport', false);
  });
});
