import { describe, expect, it } from 'vitest';
import { createTmdbClients } from '../../src/adapters/tmdb';
import { createWatchmodeClients } from '../../src/adapters/watchmode';
import { PlatformRateLimitedError } from '../../src/services/availability/ports';
import tmdbSearch from '../fixtures/tmdb-search-movie.json' with { type: 'json' };
import tmdbProviders from '../fixtures/tmdb-watch-providers.json' with { type: 'json' };
import wmSearch from '../fixtures/watchmode-search.json' with { type: 'json' };
import wmSources from '../fixtures/watchmode-sources.json' with { type: 'json' };

/** A fake of the aggregator at the network boundary, serving the documented formats. */
function fakeApi(routes: Record<string, unknown>, status = 200) {
  const calls: { url: string; headers: Headers }[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, headers: new Headers(init?.headers) });
    const key = Object.keys(routes).find((k) => url.includes(k));
    if (status !== 200) return new Response('{}', { status, headers: { 'retry-after': '7' } });
    return key ? Response.json(routes[key]) : new Response('{}', { status: 404 });
  }) as typeof fetch;
  return { f, calls };
}

const titleOf = async () => ({ title: 'Jaws', year: 1975 });
const signal = new AbortController().signal;

describe('TMDB watch providers adapter', () => {
  it('maps providers per region and tier onto our platforms, one lookup for all platforms', async () => {
    const api = fakeApi({
      '/3/search/movie': tmdbSearch,
      '/3/movie/578/watch/providers': tmdbProviders,
    });
    const clients = createTmdbClients({ token: 't0ken', titleOf, fetch: api.f });
    expect(await clients('peacock').offers('jaws-1975', 'US', signal)).toEqual([
      {
        priceTier: 'subscription',
        amount: null,
        currency: null,
        url: 'https://www.themoviedb.org/movie/578-jaws/watch?locale=US',
        quality: 'hd',
        leavingAt: null,
      },
    ]);
    expect(
      (await clients('apple-tv-store').offers('jaws-1975', 'US', signal)).map((o) => o.priceTier),
    ).toEqual(['rent', 'buy']);
    expect(await clients('netflix').offers('jaws-1975', 'US', signal)).toEqual([]);
    expect(
      (await clients('netflix').offers('jaws-1975', 'GB', signal)).map((o) => o.priceTier),
    ).toEqual(['subscription']);
    expect(await clients('netflix').offers('jaws-1975', 'JP', signal)).toEqual([]);
    expect(api.calls).toHaveLength(2);
    expect(api.calls[0]!.url).toContain('query=Jaws&year=1975');
    expect(api.calls[0]!.headers.get('authorization')).toBe('Bearer t0ken');
  });

  it('turns a 429 into a rate-limit signal with the asked wait', async () => {
    const api = fakeApi({}, 429);
    const clients = createTmdbClients({ token: 't', titleOf, fetch: api.f });
    await expect(clients('netflix').offers('jaws-1975', 'US', signal)).rejects.toEqual(
      new PlatformRateLimitedError(7000),
    );
  });
});

describe('Watchmode sources adapter', () => {
  it('maps sources with prices, formats and links, skipping TV-everywhere and duplicate formats', async () => {
    const api = fakeApi({ '/v1/search/': wmSearch, '/v1/title/1141366/sources/': wmSources });
    const clients = createWatchmodeClients({ apiKey: 'k3y', titleOf, fetch: api.f });
    expect(await clients('apple-tv-store').offers('jaws-1975', 'US', signal)).toEqual([
      {
        priceTier: 'rent',
        amount: 3.99,
        currency: 'USD',
        url: 'https://tv.apple.com/us/movie/jaws/umc.1',
        quality: '4k',
        leavingAt: null,
      },
      {
        priceTier: 'buy',
        amount: 14.99,
        currency: 'USD',
        url: 'https://tv.apple.com/us/movie/jaws/umc.1',
        quality: '4k',
        leavingAt: null,
      },
    ]);
    expect((await clients('peacock').offers('jaws-1975', 'US', signal))[0]).toMatchObject({
      priceTier: 'subscription',
      amount: null,
      quality: 'hd',
    });
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]!.url).toContain('regions=US');
    expect(api.calls[0]!.headers.get('x-api-key')).toBe('k3y');
  });

  it('finds nothing for a title it does not know', async () => {
    const api = fakeApi({ '/v1/search/': { title_results: [] } });
    const clients = createWatchmodeClients({ apiKey: 'k', titleOf, fetch: api.f });
    expect(await clients('netflix').offers('jaws-1975', 'US', signal)).toEqual([]);
  });
});

describe('a title the catalog linked to the aggregator', () => {
  it('is checked by its id, without a title search (TMDB and Watchmode)', async () => {
    const tmdb = fakeApi({ '/3/movie/578/watch/providers': tmdbProviders });
    const tmdbClients = createTmdbClients({
      token: 't',
      titleOf: async () => ({ title: 'Jaws', year: 1975, tmdbId: 578 }),
      fetch: tmdb.f,
    });
    expect((await tmdbClients('peacock').offers('jaws-1975', 'US', signal)).length).toBe(1);
    expect(tmdb.calls.map((c) => c.url)).toEqual([
      'https://api.themoviedb.org/3/movie/578/watch/providers',
    ]);
    const wm = fakeApi({ '/v1/title/1234/sources/': wmSources });
    const wmClients = createWatchmodeClients({
      apiKey: 'k',
      titleOf: async () => ({ title: 'Jaws', year: 1975, watchmodeId: 1234 }),
      fetch: wm.f,
    });
    await wmClients('netflix').offers('jaws-1975', 'US', signal);
    expect(wm.calls.every((c) => !c.url.includes('/v1/search/'))).toBe(true);
  });
});
