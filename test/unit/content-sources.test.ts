/** Content-source adapters against fakes of their APIs at the network boundary (documented response shapes). */
import { describe, expect, it } from 'vitest';
import { createBundledFeedSource } from '../../src/adapters/content-sources/bundled';
import { createTmdbContentSource } from '../../src/adapters/content-sources/tmdb';
import { createWatchmodeContentSource } from '../../src/adapters/content-sources/watchmode';
import { validateRecords } from '../../src/services/catalog/ingest/validate';

function fakeApi(routes: Array<[RegExp, unknown | ((url: URL) => unknown)]>) {
  const calls: { url: string; auth: string | null }[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ url: url.toString(), auth: new Headers(init?.headers).get('authorization') });
    const route = routes.find(([re]) => re.test(url.pathname + url.search));
    if (!route) return new Response('{"status_message":"not found"}', { status: 404 });
    const body = typeof route[1] === 'function' ? (route[1] as (u: URL) => unknown)(url) : route[1];
    return body instanceof Response ? body : Response.json(body);
  }) as typeof fetch;
  return { f, calls };
}

const JAWS = {
  id: 578,
  title: 'Jaws',
  release_date: '1975-06-20',
  runtime: 124,
  overview: 'When a killer shark unleashes chaos on a beach community…',
  genres: [
    { id: 27, name: 'Horror' },
    { id: 53, name: 'Thriller' },
    { id: 12, name: 'Adventure' },
  ],
  poster_path: '/lxM6kqilAdpdhqUl2biYp5frUxE.jpg',
  popularity: 45.2,
  imdb_id: 'tt0073195',
  adult: false,
  credits: {
    cast: [
      { name: 'Richard Dreyfuss', order: 2 },
      { name: 'Roy Scheider', order: 0 },
      { name: 'Robert Shaw', order: 1 },
    ],
    crew: [
      { name: 'Steven Spielberg', job: 'Director' },
      { name: 'Verna Fields', job: 'Editor' },
    ],
  },
};

describe('bundled catalog feed', () => {
  it('pages the full listing, and asks for changes since the last run in incremental mode', async () => {
    const api = fakeApi([
      [
        /^\/v1\/titles/,
        (u: URL) => ({
          records: [{ sourceKey: `k${u.searchParams.get('cursor') ?? 0}` }],
          nextCursor: u.searchParams.get('cursor') ? null : '500',
          total: 2,
        }),
      ],
      [/^\/v1\/changes/, { records: [], nextCursor: null }],
    ]);
    const feed = createBundledFeedSource({
      url: 'http://feed.test/',
      token: 's3cret',
      fetch: api.f,
    });
    const first = await feed.page({ mode: 'full', cursor: null, since: null, limit: 500 });
    expect(first).toEqual({ records: [{ sourceKey: 'k0' }], nextCursor: '500', total: 2 });
    expect(
      (await feed.page({ mode: 'full', cursor: '500', since: null, limit: 500 })).nextCursor,
    ).toBeNull();
    await feed.page({
      mode: 'incremental',
      cursor: null,
      since: new Date('2026-11-01T00:00:00Z'),
      limit: 100,
    });
    expect(api.calls.map((c) => c.url)).toEqual([
      'http://feed.test/v1/titles?limit=500',
      'http://feed.test/v1/titles?limit=500&cursor=500',
      'http://feed.test/v1/changes?limit=100&since=2026-11-01T00%3A00%3A00.000Z',
    ]);
    expect(api.calls[0]!.auth).toBe('Bearer s3cret');
  });

  it('fails a page clearly when the feed is down or answers nonsense (the queue retries it)', async () => {
    const down = createBundledFeedSource({
      url: 'http://feed.test',
      fetch: fakeApi([[/titles/, new Response('', { status: 503 })]]).f,
    });
    await expect(down.page({ mode: 'full', cursor: null, since: null, limit: 10 })).rejects.toThrow(
      'The content feed answered 503',
    );
    const odd = createBundledFeedSource({
      url: 'http://feed.test',
      fetch: fakeApi([[/titles/, { items: [] }]]).f,
    });
    await expect(odd.page({ mode: 'full', cursor: null, since: null, limit: 10 })).rejects.toThrow(
      'not { records, nextCursor }',
    );
  });
});

describe('TMDB content source', () => {
  it('maps discover + details onto valid catalog records, with TMDB and IMDb ids kept', async () => {
    const api = fakeApi([
      [
        /^\/3\/discover\/movie\?page=1/,
        { page: 1, total_pages: 3, results: [{ id: 578 }, { id: 999, adult: true }, { id: 404 }] },
      ],
      [/^\/3\/movie\/578\?/, JAWS],
    ]);
    const src = createTmdbContentSource({ token: 'tok', fetch: api.f });
    const page = await src.page({ mode: 'full', cursor: null, since: null, limit: 20 });
    expect(page.nextCursor).toBe('2');
    const v = validateRecords(page.records);
    expect(v.quarantined).toEqual([]);
    expect(v.records).toEqual([
      expect.objectContaining({
        sourceKey: '578',
        title: 'Jaws',
        releaseYear: 1975,
        releaseDate: '1975-06-20',
        runtimeMinutes: 124,
        genres: ['horror', 'thriller', 'adventure'],
        cast: ['Roy Scheider', 'Robert Shaw', 'Richard Dreyfuss'],
        directors: ['Steven Spielberg'],
        poster: {
          url: 'https://image.tmdb.org/t/p/w342/lxM6kqilAdpdhqUl2biYp5frUxE.jpg',
          width: 342,
          height: 513,
        },
        externalIds: { tmdb: 578, imdb: 'tt0073195' },
      }),
    ]);
    // The adult title is never fetched; the one TMDB no longer serves (404) is skipped.
    expect(api.calls.some((c) => c.url.includes('/3/movie/999'))).toBe(false);
    expect(api.calls[0]!.auth).toBe('Bearer tok');
  });

  it('reads the changes since the last run in incremental mode, and a film without a date is quarantined downstream', async () => {
    const api = fakeApi([
      [
        /^\/3\/movie\/changes\?page=1&start_date=2026-11-28/,
        { page: 1, total_pages: 1, results: [{ id: 5 }] },
      ],
      [/^\/3\/movie\/5\?/, { id: 5, title: 'Undated', release_date: '' }],
    ]);
    const page = await createTmdbContentSource({ token: 't', fetch: api.f }).page({
      mode: 'incremental',
      cursor: null,
      since: new Date('2026-11-28T10:00:00Z'),
      limit: 20,
    });
    expect(page.nextCursor).toBeNull();
    expect(validateRecords(page.records).quarantined.map((q) => q.reason)).toEqual([
      'invalid releaseYear',
    ]);
  });
});

describe('Watchmode content source', () => {
  it('links every listed title by its ids, and reads changed titles 20 per message', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => 100 + i);
    const api = fakeApi([
      [
        /^\/v1\/list-titles\//,
        {
          page: 1,
          total_pages: 1,
          total_results: 1,
          titles: [{ id: 1, title: 'Jaws', year: 1975, imdb_id: 'tt0073195', tmdb_id: 578 }],
        },
      ],
      [/^\/v1\/changes\/titles_details\//, { page: 1, total_pages: 1, titles: ids }],
      [
        /^\/v1\/title\/\d+\/details\//,
        (u: URL) => ({
          id: Number(u.pathname.split('/')[3]),
          title: 'Changed',
          year: 2020,
          plot_overview: 'A plot.',
          us_rating: 'PG-13',
          genre_names: ['Drama'],
        }),
      ],
    ]);
    const src = createWatchmodeContentSource({ apiKey: 'wm', fetch: api.f });
    const full = await src.page({ mode: 'full', cursor: null, since: null, limit: 250 });
    expect(validateRecords(full.records).records[0]).toMatchObject({
      sourceKey: '1',
      title: 'Jaws',
      releaseYear: 1975,
      externalIds: { watchmode: 1, imdb: 'tt0073195', tmdb: 578 },
    });
    const since = new Date('2026-11-28T00:00:00Z');
    const first = await src.page({ mode: 'incremental', cursor: null, since, limit: 20 });
    expect(first.records).toHaveLength(20);
    expect(first.nextCursor).toBe('1:20');
    const second = await src.page({ mode: 'incremental', cursor: '1:20', since, limit: 20 });
    expect(second.records).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(validateRecords(second.records).records[0]).toMatchObject({
      synopsis: 'A plot.',
      mpaaRating: 'PG-13',
      genres: ['drama'],
    });
    expect(api.calls.every((c) => c.url.includes('apiKey=wm'))).toBe(true);
  });
});
