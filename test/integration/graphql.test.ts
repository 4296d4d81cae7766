import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { call } from './helpers';
import { send, signUp } from './auth-helpers';
import { gql } from './graphql-helpers';

const messages = (body: any): string =>
  (body.errors ?? []).map((e: { message: string }) => e.message).join('\n');
const noStack = (body: unknown) =>
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+|"stack"/);

describe('GraphQL', () => {
  it('searches through the same service as REST', async () => {
    const r = await gql(
      'query($q: String!) { search(query: $q, limit: 5) { total query { intent } results { id title genres availability { platformId priceTier } } } }',
      { q: 'godfahter' },
    );
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.search.results[0].title).toBe('The Godfather');
    expect(r.body.data.search.query.intent).toBe('title_lookup');
  });

  it('reads a title, several titles, and platforms; unknown ids are null', async () => {
    const r = await gql(
      '{ content(id: "gone-with-the-wind-1939", region: US) { id title releaseYear availability { region offers { platformId } } } contentByIds(ids: ["gone-with-the-wind-1939", "no-such-title"]) { id } platforms { id name } }',
    );
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.content).toMatchObject({ id: 'gone-with-the-wind-1939', releaseYear: 1939 });
    expect(r.body.data.contentByIds).toEqual([{ id: 'gone-with-the-wind-1939' }, null]);
    expect(r.body.data.platforms.length).toBeGreaterThan(0);
  });

  it('knows the caller from the same bearer token as REST', async () => {
    const anon = await gql('{ me { id } }');
    expect(anon.body.data.me).toBeNull();
    const acct = await signUp('gql');
    const r = await gql('{ me { id role } }', undefined, acct.accessToken);
    expect(r.body.data.me).toEqual({ id: acct.id, role: 'user' });
  });

  it('platformAvailability answers as REST GET /api/v1/content/:id/availability (verify false and true)', async () => {
    const q =
      'query($id: ID!, $v: Boolean) { platformAvailability(contentId: $id, region: US, verify: $v) { contentId region source offers { platformId priceTier amount lastVerifiedAt stale } checked failed { platformId reason } changes content { title } } }';
    const stored = await gql(q, { id: 'gone-with-the-wind-1939', v: false });
    expect(stored.body.errors).toBeUndefined();
    const rest = await call('/api/v1/content/gone-with-the-wind-1939/availability?region=US');
    const report = stored.body.data.platformAvailability;
    expect(report).toMatchObject({
      contentId: 'gone-with-the-wind-1939',
      region: 'US',
      source: 'cache',
      changes: 0,
      content: { title: 'Gone with the Wind' },
    });
    expect(report.offers.map((o: any) => `${o.platformId}:${o.priceTier}`)).toEqual(
      rest.body.offers.map((o: any) => `${o.platformId}:${o.priceTier}`),
    );
    const verified = await gql(q, { id: 'gone-with-the-wind-1939', v: true });
    expect(verified.body.errors).toBeUndefined();
    expect(['cache', 'live']).toContain(verified.body.data.platformAvailability.source);
    expect(
      verified.body.data.platformAvailability.offers.every(
        (o: any) => typeof o.stale === 'boolean',
      ),
    ).toBe(true);
    const unknown = await gql(q, { id: 'no-such-film-1901' });
    expect(unknown.body.errors[0]).toMatchObject({
      message: 'No title with id "no-such-film-1901"',
      extensions: { code: 'NOT_FOUND' },
    });
    // Region is an enum: an unknown one is refused by GraphQL's own validation.
    const region = await gql(
      '{ platformAvailability(contentId: "jaws-1975", region: XX) { source } }',
    );
    expect(region.status).toBeLessThan(500);
    expect(region.body.errors[0].message).toMatch(/Value "XX" does not exist in "Region" enum/);
  });

  it('answers syntax errors, unknown fields, too-deep and too-costly queries with GraphQL errors, never a 500', async () => {
    const syntax = await gql('{ search(');
    expect(syntax.status).toBeLessThan(500);
    expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
    const unknown = await gql('{ nope }');
    expect(unknown.status).toBeLessThan(500);
    expect(unknown.body.errors[0].message).toMatch(/Cannot query field "nope"/);
    const deep = await gql(
      '{ content(id: "x") { availability { offers { a { b { c { d } } } } } } }',
    );
    expect(deep.status).toBeLessThan(500);
    expect(messages(deep.body)).toMatch(/too deep: depth 7 exceeds the limit of 6/);
    const costly = await gql(
      `{ ${Array.from({ length: 400 }, (_, i) => `p${i}: platforms { id }`).join(' ')} }`,
    );
    expect(costly.status).toBeLessThan(500);
    expect(costly.body.errors[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COSTLY' } });
    expect(costly.body.errors[0].message).toMatch(/too costly: it selects more than 300 fields/);
    for (const r of [syntax, unknown, deep, costly]) noStack(r.body);
  });

  it('refuses fragment bombs, oversized documents, bad variables and bad bodies without a 500', async () => {
    // Each fragment spreads the next twice: 2^20 fields if expanded. Refused after the budget, quickly.
    const frags = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on Platform { ${i === 19 ? 'id' : `...F${i + 1} ...F${i + 1}`} }`,
    ).join(' ');
    await gql('{ __typename }'); // a warm isolate, so the timing is the rule's own
    const started = Date.now();
    const bomb = await gql(`{ platforms { ...F0 } } ${frags}`);
    expect(bomb.status).toBeLessThan(500);
    expect(messages(bomb.body)).toMatch(/too costly/);
    console.log(`[graphql limits] fragment bomb refused in ${Date.now() - started} ms`);
    expect(Date.now() - started).toBeLessThan(3_000);
    const huge = await gql(`{ ${'__typename '.repeat(5200)} }`);
    expect(huge.status).toBeLessThan(500);
    expect(messages(huge.body)).toMatch(/Syntax Error: Document contains more th\w+ 5000 tokens/);
    const tooLarge = await gql(`{ ${'__typename '.repeat(7000)} }`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const variable = await gql('query($n: Int) { search(query: "comedy", limit: $n) { total } }', {
      n: 'many',
    });
    expect(variable.status).toBeLessThan(500);
    expect(messages(variable.body)).toMatch(/Variable "\$n" got invalid value "many"/);
    const limit = await gql('{ search(query: "comedy", limit: 1000) { total } }');
    expect(limit.body.errors[0]).toMatchObject({ extensions: { code: 'VALIDATION_FAILED' } });
    expect(limit.body.errors[0].message).toMatch(/limit must be between 1 and 100/);
    const json = await send('POST', '/graphql', { body: '{"query": ' });
    expect(json.status).toBeLessThan(500);
    const none = await send('POST', '/graphql', { body: {} });
    expect(none.status).toBeLessThan(500);
    expect(messages(none.body)).toMatch(/query/i);
    for (const r of [bomb, huge, variable, limit, json, none]) noStack(r.body);
  });

  it('answers the standard introspection query (tools) within the depth limit', async () => {
    const r = await gql(getIntrospectionQuery());
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.__schema.types.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['Query', 'Mutation', 'Subscription', 'AvailabilityChange']),
    );
  });

  it("answers cross-origin requests by the app's CORS policy, as REST does", async () => {
    const origin = { origin: 'https://elsewhere.example' };
    const g = await call('/graphql', {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const rest = await call('/api/v1/genres', { headers: origin });
    expect(g.headers.get('access-control-allow-origin')).toBe(
      rest.headers.get('access-control-allow-origin'),
    );
    expect(g.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers GET queries too (same rules), but never runs a mutation over GET', async () => {
    const r = await call(`/graphql?query=${encodeURIComponent('{ platforms { id } }')}`);
    expect(r.status).toBe(200);
    expect(r.body.data.platforms.length).toBeGreaterThan(0);
    const m = await call(
      `/graphql?query=${encodeURIComponent('mutation { removeFromWatchlist(contentId: "jaws-1975") }')}`,
    );
    expect(m.status).toBe(405);
    expect(messages(m.body)).toMatch(/mutation/i);
  });
});
