/**
 * GET /api/v1/feeds/:kind: new arrivals, leaving soon and price drops per platform and region,
 * in order, a page at a time, with the parental limit. Rows are written straight into the
 * tables (as the availability consumer would) for titles netflix does not offer in AU.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers';
import { rows, send, signUp } from './auth-helpers';

const P = 'netflix';
const R = 'AU';
const DAY = 86_400_000;
let pg: string; // rated PG
let r1: string; // rated R
let r2: string; // rated R
let gone: string; // added, then its offer removed

async function titleRated(rating: string, not: string[]): Promise<string> {
  const found = await rows<{ id: string }>(sql`select c.id from content c
    where c.mpaa_rating = ${rating} and not (c.id = any(${sql.param(not)}::text[]))
      and not exists (select 1 from platform_availability a where a.content_id = c.id and a.platform_id = ${P} and a.region = ${R})
    order by c.id limit 1`);
  if (!found[0]) throw new Error(`no ${rating} title free of ${P} in ${R}`);
  return found[0].id;
}

async function offer(
  id: string,
  opts: { tier?: string; amount?: number | null; leavingAt?: Date | null } = {},
) {
  await rows(sql`insert into platform_availability (content_id, platform_id, region, price_tier, amount, currency, url, leaving_at, source)
    values (${id}, ${P}, ${R}, ${opts.tier ?? 'subscription'}::price_tier, ${opts.amount ?? null}, ${opts.amount ? 'AUD' : null},
            ${`https://www.netflix.com/au/title/${id}`}, ${opts.leavingAt ?? null}, 'test')`);
}
async function change(
  id: string,
  kind: string,
  at: Date,
  opts: { tier?: string; before?: unknown; after?: unknown } = {},
) {
  await rows(sql`insert into availability_changes (content_id, platform_id, region, kind, price_tier, before, after, detected_at)
    values (${id}, ${P}, ${R}, ${kind}::availability_change_kind, ${opts.tier ?? 'subscription'}::price_tier,
            ${opts.before ? JSON.stringify(opts.before) : null}::jsonb, ${opts.after ? JSON.stringify(opts.after) : null}::jsonb, ${at})`);
}
const ids = (body: any) => (body.items as { id: string }[]).map((i) => i.id);
const mine = (body: any) => ids(body).filter((id) => [pg, r1, r2, gone].includes(id));

beforeAll(async () => {
  await send('GET', '/api/v1/feeds/new?region=BR'); // the first request warms the Worker up
  pg = await titleRated('PG', []);
  r1 = await titleRated('R', []);
  r2 = await titleRated('R', [r1]);
  gone = await titleRated('PG-13', []);
  const now = Date.now();
  await offer(pg);
  await change(pg, 'added', new Date(now - 1 * DAY));
  await offer(r1, { leavingAt: new Date(now + 5 * DAY) });
  await change(r1, 'added', new Date(now - 3 * DAY));
  await offer(r2, { leavingAt: new Date(now + 2 * DAY) });
  await change(r2, 'added', new Date(now - 2 * DAY));
  await change(gone, 'added', new Date(now - DAY / 2)); // its offer is not there any more
  // rent prices: r1 went down, pg went up
  await offer(r1, { tier: 'rent', amount: 2.99 });
  await change(r1, 'price_changed', new Date(now - DAY), {
    tier: 'rent',
    before: { amount: 4.99 },
    after: { amount: 2.99 },
  });
  await offer(pg, { tier: 'rent', amount: 5.99 });
  await change(pg, 'price_changed', new Date(now - DAY), {
    tier: 'rent',
    before: { amount: 3.99 },
    after: { amount: 5.99 },
  });
}, 120_000);

describe('GET /api/v1/feeds/:kind', () => {
  it('new: arrivals newest first with the offer and its link, only offers still there, a page at a time', async () => {
    const all = await send('GET', `/api/v1/feeds/new?region=${R}&platforms=${P}&limit=50`);
    expect(all.status).toBe(200);
    expect(mine(all.body)).toEqual([pg, r2, r1]);
    const first = all.body.items.find((i: any) => i.id === pg);
    expect(first.offer).toMatchObject({
      platformId: P,
      platformName: 'Netflix',
      priceTier: 'subscription',
      url: `https://www.netflix.com/au/title/${pg}`,
    });
    expect(all.headers.get('cache-control')).toContain('public');

    const page1 = await send('GET', `/api/v1/feeds/new?region=${R}&platforms=${P}&limit=1`);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.meta.nextCursor).toEqual(expect.any(String));
    const page2 = await send(
      'GET',
      `/api/v1/feeds/new?region=${R}&platforms=${P}&limit=50&cursor=${page1.body.meta.nextCursor}`,
    );
    expect([...ids(page1.body), ...ids(page2.body)]).toEqual(ids(all.body));
    expect(page2.body.meta.nextCursor).toBeNull();
  });

  it('leaving: soonest first, within the window', async () => {
    const r = await send(
      'GET',
      `/api/v1/feeds/leaving?region=${R}&platforms=${P}&days=30&limit=100`,
    );
    expect(r.status).toBe(200);
    expect(mine(r.body)).toEqual([r2, r1]);
    const dates = r.body.items.map((i: any) => Date.parse(i.at));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    const soon = await send(
      'GET',
      `/api/v1/feeds/leaving?region=${R}&platforms=${P}&days=3&limit=100`,
    );
    expect(mine(soon.body)).toEqual([r2]);
  });

  it('price-drops: only prices that went down, with the price before', async () => {
    const r = await send('GET', `/api/v1/feeds/price-drops?region=${R}&platforms=${P}`);
    expect(r.status).toBe(200);
    expect(mine(r.body)).toEqual([r1]);
    const item = r.body.items.find((i: any) => i.id === r1);
    expect(item.offer).toMatchObject({ priceTier: 'rent', amount: 2.99 });
    expect(item.previousAmount).toBe(4.99);
  });

  it('a parental limit (asked, or the signed-in person’s) leaves out titles rated above it', async () => {
    const asked = await send(
      'GET',
      `/api/v1/feeds/new?region=${R}&platforms=${P}&maxRating=PG&limit=50`,
    );
    expect(mine(asked.body)).toEqual([pg]);
    expect(asked.body.meta.maxRating).toBe('PG');
    const a = await signUp('feeds-parent');
    expect(
      (
        await send('POST', '/api/v1/me/preferences', {
          token: a.accessToken,
          body: { region: R, maxRating: 'PG' },
        })
      ).status,
    ).toBe(200);
    const signedIn = await send('GET', `/api/v1/feeds/new?platforms=${P}&limit=50`, {
      token: a.accessToken,
    });
    expect(signedIn.body.region).toBe(R); // their region preference
    expect(mine(signedIn.body)).toEqual([pg]);
    expect(signedIn.headers.get('cache-control')).toContain('private');
  });

  it('region defaults to US without a preference or a known request country', async () => {
    const r = await send('GET', `/api/v1/feeds/new?platforms=${P}`);
    expect(r.status).toBe(200);
    expect(r.body.region).toBe('US');
  });

  it('refuses a bad kind, days, platforms or cursor with a clear 400', async () => {
    for (const [path, words] of [
      ['/api/v1/feeds/popular', /kind must be one of new, leaving, price-drops/],
      ['/api/v1/feeds/new?days=0', /days must be between 1 and 90/],
      ['/api/v1/feeds/new?platforms=Not%20A%20Platform', /platform ids/],
      ['/api/v1/feeds/new?cursor=zzz', /cursor is not valid/],
      ['/api/v1/feeds/new?maxRating=X', /maxRating must be one of/],
    ] as const) {
      const r = await send('GET', path);
      expect(r.status, path).toBe(400);
      expectErrorShape(r.body, 'VALIDATION_FAILED');
      expect(r.body.error.message, path).toMatch(words);
    }
    const leaving = await send('GET', `/api/v1/feeds/leaving?region=${R}&platforms=${P}&limit=1`);
    const wrongKind = await send('GET', `/api/v1/feeds/new?cursor=${leaving.body.meta.nextCursor}`);
    expect(wrongKind.status).toBe(400);
  });
});
