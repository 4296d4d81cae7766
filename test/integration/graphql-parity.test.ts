/** GraphQL answers what REST answers: the understood query, search filters, ratings, notifications, preferences, refresh and logout. */
import { describe, expect, it } from 'vitest';
import { send, signUp } from './auth-helpers';
import { gql } from './graphql-helpers';

describe('GraphQL parity with REST', () => {
  it('search: the understood query (entities, negations, correction) and the POST filters, as REST answers them', async () => {
    const q = 'comedies from the 90s not starring jim carrey';
    const g = await gql(`{ search(query: "${q}", region: US, limit: 5) {
      total query { intent text parser entities { genres years { min max } priceTiers sort } negations { people genres } correction { from to } }
    } }`);
    expect(g.body.errors).toBeUndefined();
    const rest = await send('GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=5`);
    const understood = g.body.data.search.query;
    expect(understood.intent).toBe(rest.body.query.intent);
    expect(understood.entities.genres).toEqual(rest.body.query.entities.genres);
    expect(understood.entities.years).toEqual(rest.body.query.entities.years ?? null);
    expect(understood.negations.people).toEqual(rest.body.query.negations.people);
    expect(understood.correction).toEqual(rest.body.query.correction ?? null);

    const filtered = await gql(
      '{ search(query: "crime", limit: 10, filters: { yearMin: 1970, yearMax: 1979, priceTiers: [subscription, free], genres: null }) { results { releaseYear } } }',
    );
    expect(filtered.body.errors).toBeUndefined();
    for (const r of filtered.body.data.search.results)
      expect(r.releaseYear).toBeGreaterThanOrEqual(1970),
        expect(r.releaseYear).toBeLessThanOrEqual(1979);
    const bad = await gql('{ search(query: "crime", filters: { yearMin: 1700 }) { total } }');
    expect(bad.status).toBeLessThan(500);
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });

  it('feed: per-service feeds as REST /api/v1/feeds/:kind answers them, bad arguments a 4xx', async () => {
    for (const [kind, path] of [
      ['leaving', 'leaving'],
      ['new', 'new'],
      ['price_drops', 'price-drops'],
    ] as const) {
      const g = await gql(
        `{ feed(kind: ${kind}, region: US, days: 90, limit: 5) { kind region items { id title offer { platformId priceTier url } at } nextCursor days } }`,
      );
      expect(g.body.errors).toBeUndefined();
      const rest = await send('GET', `/api/v1/feeds/${path}?region=US&days=90&limit=5`);
      expect(rest.status).toBe(200);
      const feed = g.body.data.feed;
      expect(feed.kind).toBe(kind);
      expect(feed.region).toBe('US');
      expect(feed.days).toBe(90);
      expect(feed.items.map((i: { id: string }) => i.id)).toEqual(
        rest.body.items.map((i: { id: string }) => i.id),
      );
      expect(feed.nextCursor).toBe(rest.body.meta.nextCursor);
    }
    const bad = await gql('{ feed(kind: new, days: 0) { days } }');
    expect(bad.status).toBeLessThan(500);
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });

  it('Content has its ratings, offers their PriceTier enum', async () => {
    const g = await gql(
      '{ content(id: "the-godfather-1972", region: US) { ratings { imdb imdbVotes rottenTomatoes users { average count } } availability { offers { priceTier } } } }',
    );
    expect(g.body.errors).toBeUndefined();
    const rest = await send('GET', '/api/v1/content/the-godfather-1972?region=US');
    expect(g.body.data.content.ratings).toEqual(rest.body.ratings);
  });

  it('preferences, notifications, refresh and logout for the signed-in caller', async () => {
    const me = await signUp('gql-parity');
    const saved = await gql(
      'mutation { savePreferences(input: { region: GB, platforms: ["netflix"], maxRating: "PG-13" }) { region platforms maxRating } }',
      undefined,
      me.accessToken,
    );
    expect(saved.body.errors).toBeUndefined();
    expect(saved.body.data.savePreferences).toEqual({
      region: 'GB',
      platforms: ['netflix'],
      maxRating: 'PG-13',
    });
    const cleared = await gql(
      'mutation { savePreferences(input: { maxRating: null }) { region maxRating } }',
      undefined,
      me.accessToken,
    );
    expect(cleared.body.data.savePreferences).toEqual({ region: 'GB', maxRating: null });
    const read = await gql(
      '{ preferences { region platforms } notifications(limit: 5) { unread items { id } } }',
      undefined,
      me.accessToken,
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({
      preferences: { region: 'GB', platforms: ['netflix'] },
      notifications: { unread: 0, items: [] },
    });
    const marked = await gql('mutation { markNotificationsRead }', undefined, me.accessToken);
    expect(marked.body.data.markNotificationsRead).toBe(0);

    const anon = await gql('{ notifications { unread } }');
    expect(anon.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const refreshed = await gql(
      'mutation($t: String!) { refresh(refreshToken: $t) { tokenType accessToken refreshToken expiresIn } }',
      { t: me.refreshToken },
    );
    expect(refreshed.body.errors).toBeUndefined();
    const pair = refreshed.body.data.refresh;
    expect(pair.tokenType).toBe('Bearer');
    const out = await gql('mutation { logout }', undefined, pair.accessToken);
    expect(out.body.errors).toBeUndefined();
    expect(out.body.data.logout).toBe(true);
    const after = await send('GET', '/api/v1/me', { token: pair.accessToken });
    expect(after.status).toBe(401);
    // Signed out, the session's refresh tokens are refused, as in REST.
    const again = await gql('mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }', {
      t: pair.refreshToken,
    });
    expect(again.body.errors[0].extensions.code).toBe('UNAUTHORIZED');
  });
});
