import { describe, expect, it } from 'vitest';
import { signUp } from './auth-helpers';
import { gql } from './graphql-helpers';

/** Database statements the request ran before answering (Server-Timing, counted by a drizzle logger). */
const statements = (r: { headers: Headers }) => {
  const m = /db;desc="(\d+) queries"/.exec(r.headers.get('server-timing') ?? '');
  if (!m) throw new Error(`no query count in Server-Timing: ${r.headers.get('server-timing')}`);
  return Number(m[1]);
};

describe('GraphQL batching (no N+1)', () => {
  it("a 20-result search with availability and every result's title and offers loads the titles in one statement", async () => {
    // Signed in: personalised searches bypass the caches, so every run does the full pipeline.
    const { accessToken } = await signUp('gql-batch');
    const plain =
      'query($q: String!) { search(query: $q, limit: 20) { results { id availability { platformId priceTier } } } }';
    const nested =
      'query($q: String!) { search(query: $q, limit: 20) { results { id availability { platformId priceTier } content { title director availability { region offers { platformName priceTier amount } } } } } }';
    await gql(plain, { q: 'comedy' }, accessToken); // warms the per-isolate gazetteer
    const base = await gql(plain, { q: 'comedy' }, accessToken);
    const full = await gql(nested, { q: 'comedy' }, accessToken);
    expect(full.body.errors).toBeUndefined();
    const results = full.body.data.search.results;
    expect(results).toHaveLength(20);
    expect(
      results.every(
        (r: any) => r.content.title && r.content.availability.every((a: any) => a.region === 'US'),
      ),
    ).toBe(true);
    const withoutTitles = statements(base);
    const withTitles = statements(full);
    console.log(
      `[graphql batching] 20-result search: ${withoutTitles} statements; with every result's title and offers: ${withTitles}`,
    );
    // One statement for all 20 titles, instead of 20.
    expect(withTitles - withoutTitles).toBe(1);
  });

  it('contentByIds and repeated ids cost one statement for the titles', async () => {
    const ids = [
      'the-godfather-1972',
      'jaws-1975',
      'alien-1979',
      'gone-with-the-wind-1939',
      'no-such-film-1901',
    ];
    const r = await gql(
      'query($ids: [ID!]!) { contentByIds(ids: $ids) { id } a: content(id: "jaws-1975") { id } b: content(id: "alien-1979") { title } }',
      { ids },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.contentByIds.map((c: { id: string } | null) => c?.id ?? null)).toEqual([
      ...ids.slice(0, 4),
      null,
    ]);
    expect(r.body.data.b.title).toBe('Alien');
    expect(statements(r)).toBe(1);
  });
});
