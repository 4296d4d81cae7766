import { describe, expect, it } from 'vitest';
import { call } from './helpers';
import { signUp } from './auth-helpers';

const gql = (query: string, variables?: Record<string, unknown>, token?: string) =>
  call('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });

describe('GraphQL', () => {
  it('searches through the same service as REST', async () => {
    const r = await gql('query($q: String!) { search(query: $q, limit: 5) { total query { intent } results { id title genres availability { platformId priceTier } } } }', { q: 'godfahter' });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.search.results[0].title).toBe('The Godfather');
    expect(r.body.data.search.query.intent).toBe('title_lookup');
  });

  it('reads a title, several titles, and platforms; unknown ids are null', async () => {
    const r = await gql('{ content(id: "gone-with-the-wind-1939", region: "US") { id title releaseYear availability { region offers { platformId } } } contentByIds(ids: ["gone-with-the-wind-1939", "no-such-title"]) { id } platforms { id name } }');
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

  it('answers syntax errors, unknown fields, too-deep and too-costly queries with GraphQL errors, never a 500', async () => {
    const syntax = await gql('{ search(');
    expect(syntax.status).toBeLessThan(500);
    expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
    const unknown = await gql('{ nope }');
    expect(unknown.status).toBeLessThan(500);
    expect(unknown.body.errors[0].message).toMatch(/Cannot query field "nope"/);
    const deep = await gql('{ content(id: "x") { availability { offers { a { b { c { d } } } } } } }');
    expect(deep.status).toBeLessThan(500);
    expect(deep.body.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/too deep: depth 7 exceeds the limit of 6/);
    const costly = await gql(`{ ${Array.from({ length: 400 }, (_, i) => `p${i}: platforms { id }`).join(' ')} }`);
    expect(costly.status).toBeLessThan(500);
    expect(costly.body.errors[0].message).toMatch(/too costly/);
  });
});
