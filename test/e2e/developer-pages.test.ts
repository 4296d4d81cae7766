/**
 * The developer pages in a real headless Chromium against `wrangler dev`: the API reference at
 * /docs renders the OpenAPI document, and GraphiQL on /graphql runs a query, both under their
 * nonce CSP with every script from this origin (no CSP violation, no failed request).
 * Screenshots: test/e2e/screenshots/docs-*.png, graphiql-*.png (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const BASE = inject('e2eBaseUrl');
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: inject('chromiumPath'),
    args: ['--no-sandbox'],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function open(
  path: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, baseURL: BASE });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  // Anything asked of another origin would be a CSP violation or a dependency on a CDN.
  page.on('request', (r) => {
    if (!r.url().startsWith(BASE) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      problems.push(`off-origin request ${r.url()}`);
  });
  await page.goto(path);
  return { page, problems };
}

describe('developer pages in Chromium', () => {
  it('/docs renders the API reference from /openapi.json', async () => {
    for (const [name, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const { page, problems } = await open('/docs', viewport);
      await page.getByText('Marquee API').first().waitFor({ timeout: 30_000 });
      // The operations list, rendered from the document (the sidebar's groups start folded).
      await page
        .getByText('/api/v1/content/{id}')
        .first()
        .waitFor({ state: 'attached', timeout: 30_000 });
      await page.screenshot({ path: `${SHOTS}docs-${name}.png` });
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });

  it('GraphiQL on /graphql runs a query', async () => {
    const { page, problems } = await open('/graphql', { width: 1280, height: 900 });
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-execute-button').click();
    await expect
      .poll(
        async () =>
          ((await page.locator('.graphiql-response').textContent()) ?? '').includes('"results"'),
        { timeout: 30_000, interval: 200 },
      )
      .toBe(true);
    await page.screenshot({ path: `${SHOTS}graphiql-desktop.png` });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
