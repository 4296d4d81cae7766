import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContentFeed, type ContentFeed } from '../../dev/local-stack/content-feed.ts';
import { CatalogRecordSchema } from '../../src/schemas/catalog.ts';

const EDITION = '2026-11-01T00:00:00Z';
const record = (i: number) => ({
  sourceKey: `wiki:Film_${String(i).padStart(2, '0')}`,
  proposedId: `film-${i}-${1990 + i}`,
  type: 'movie',
  title: `Film ${i}`,
  releaseYear: 1990 + i,
  synopsis: `Film ${i} is a ${1990 + i} American film.`,
  runtimeMinutes: 100,
  externalIds: {},
  modifiedAt: EDITION,
});

interface Page {
  records: Array<Record<string, any>>;
  nextCursor: string | null;
  total?: number;
}

describe('simulated content feed', () => {
  let feed: ContentFeed;
  let clock = Date.parse('2026-11-29T12:00:00Z');
  const get = async (path: string, token = 'feed-token'): Promise<Page> => {
    const r = await fetch(`${feed.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    return r.json() as Promise<Page>;
  };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${feed.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer feed-token', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
  /** Every page of a listing. */
  const all = async (path: string, limit: number): Promise<Page['records']> => {
    const out: Page['records'] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(
        `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      out.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    feed = await startContentFeed({
      records: () => Array.from({ length: 20 }, (_, i) => record(i)),
      holdBack: 3,
      token: 'feed-token',
      now: () => clock,
    });
  });
  afterAll(async () => {
    await feed?.close();
  });

  it('asks for the bearer token and validates paging parameters', async () => {
    expect((await fetch(`${feed.url}/v1/titles`)).status).toBe(401);
    expect(
      (await fetch(`${feed.url}/v1/titles`, { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    for (const q of ['limit=0', 'limit=1001', 'limit=x', 'cursor=-1']) {
      expect(
        (
          await fetch(`${feed.url}/v1/titles?${q}`, {
            headers: { authorization: 'Bearer feed-token' },
          })
        ).status,
      ).toBe(400);
    }
    expect(
      (
        await fetch(`${feed.url}/v1/changes?since=yesterday`, {
          headers: { authorization: 'Bearer feed-token' },
        })
      ).status,
    ).toBe(400);
  });

  it('lists every title not held back, in file order, page by page', async () => {
    const first = await get('/v1/titles?limit=7');
    expect(first).toMatchObject({ nextCursor: '7', total: 17 });
    const titles = await all('/v1/titles', 7);
    expect(titles.map((r) => r.sourceKey)).toEqual(
      Array.from({ length: 17 }, (_, i) => record(i).sourceKey),
    );
    expect((await get('/v1/titles')).records).toHaveLength(17);
  });

  it('releases held-back titles, which then appear in the listing and as changes', async () => {
    clock += 1000;
    const since = new Date(clock - 1).toISOString();
    const { body } = await post('/v1/admin/release', { count: 2 });
    expect(body.released).toEqual(['wiki:Film_17', 'wiki:Film_18']);
    expect((await get('/v1/titles')).total).toBe(19);
    const changes = await all(`/v1/changes?since=${since}`, 1);
    expect(changes.map((r) => r.sourceKey)).toEqual(['wiki:Film_17', 'wiki:Film_18']);
    // One clock reading, two changes: modifiedAt never repeats, so `since` cannot skip one.
    expect(changes[0]!.modifiedAt < changes[1]!.modifiedAt).toBe(true);
    expect(
      (await post('/v1/admin/release', { keys: ['wiki:Film_19', 'wiki:Film_00'] })).body.released,
    ).toEqual(['wiki:Film_19']);
  });

  it('touches records deterministically and serves them after `since`, ordered by (modifiedAt, sourceKey)', async () => {
    clock += 60_000;
    const since = new Date(clock - 1).toISOString();
    const { body } = await post('/v1/admin/touch', { count: 4 });
    expect(body.touched).toEqual(['wiki:Film_00', 'wiki:Film_05', 'wiki:Film_10', 'wiki:Film_15']);
    const changes = await all(`/v1/changes?since=${since}`, 3);
    expect(changes.map((r) => r.sourceKey)).toEqual(body.touched);
    expect(changes[0]!.synopsis).toBe(
      'Film 0 is a 1990 American film. Edited by the content feed (revision 1).',
    );
    for (const r of changes) expect(() => CatalogRecordSchema.parse(r)).not.toThrow();
    await post('/v1/admin/touch', { count: 1 });
    const again = (await get(`/v1/changes?since=${since}`)).records.find(
      (r) => r.sourceKey === 'wiki:Film_00',
    )!;
    expect(again.synopsis).toBe(
      'Film 0 is a 1990 American film. Edited by the content feed (revision 2).',
    );
    const runtime = await post('/v1/admin/touch', { count: 1, field: 'runtime' });
    expect(runtime.body.touched).toEqual(['wiki:Film_00']);
    expect(
      (await get(`/v1/changes?since=${since}`)).records.find((r) => r.sourceKey === 'wiki:Film_00')!
        .runtimeMinutes,
    ).toBe(101);
    // Everything changed since the edition, and nothing after the last change.
    expect(await all(`/v1/changes?since=2026-10-31T00:00:00Z`, 500)).toHaveLength(20);
    expect(
      (await get(`/v1/changes?since=${new Date(clock + 10_000).toISOString()}`)).records,
    ).toEqual([]);
  });

  it('injects raw records verbatim, malformed ones too', async () => {
    clock += 60_000;
    const since = new Date(clock - 1).toISOString();
    const bad = [
      { sourceKey: 'wiki:Broken', title: '', releaseYear: 'soon' },
      'not even an object',
      { ...record(1), title: 'Film 1 (recut)' },
    ];
    const { body } = await post('/v1/admin/inject', { records: bad });
    expect(body.injected).toEqual(['wiki:Broken', 'feed:injected:1', 'wiki:Film_01']);
    const changes = (await get(`/v1/changes?since=${since}`)).records;
    expect(changes).toHaveLength(3);
    expect(changes).toContainEqual('not even an object');
    expect(changes).toContainEqual(
      expect.objectContaining({ sourceKey: 'wiki:Broken', releaseYear: 'soon' }),
    );
    // A known key replaces that record in place: the listing still has one Film 1, now recut.
    const titles = await all('/v1/titles', 500);
    expect(titles.filter((r) => r.sourceKey === 'wiki:Film_01').map((r) => r.title)).toEqual([
      'Film 1 (recut)',
    ]);
    expect(titles).toHaveLength(22);
  });

  it('rejects malformed admin bodies', async () => {
    expect((await post('/v1/admin/release', {})).status).toBe(400);
    expect((await post('/v1/admin/touch', { count: 1, field: 'genres' })).status).toBe(400);
    expect((await post('/v1/admin/inject', { records: 'x' })).status).toBe(400);
  });
});

describe('content feed over the bundled edition', () => {
  it('serves the committed catalog and holds back the most recent titles', async () => {
    const feed = await startContentFeed({ holdBack: 100 });
    try {
      const r = await fetch(`${feed.url}/v1/titles?limit=1000`);
      const page = (await r.json()) as Page;
      expect(page.records).toHaveLength(1000);
      expect(page.total).toBeGreaterThan(36_000);
      expect(page.records[0]!.releaseYear).toBe(1900);
      const state = (await (await fetch(`${feed.url}/v1/admin/state`)).json()) as { held: number };
      expect(state.held).toBe(100);
      const released = (await (
        await fetch(`${feed.url}/v1/admin/release`, {
          method: 'POST',
          body: JSON.stringify({ count: 1 }),
        })
      ).json()) as { released: string[] };
      const changes = (await (
        await fetch(`${feed.url}/v1/changes?since=2026-11-02T00:00:00Z`)
      ).json()) as Page;
      expect(changes.records.map((x) => x.sourceKey)).toEqual(released.released);
      expect(changes.records[0]!.releaseYear).toBeGreaterThanOrEqual(2023);
    } finally {
      await feed.close();
    }
  });
});
