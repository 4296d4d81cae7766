import { describe, expect, it } from 'vitest';
import { send, signUp } from './auth-helpers';
import { gql } from './graphql-helpers';

describe('GraphQL: recommendations, similar titles, trending', () => {
  it('recommendations need a signed-in caller and come from the same service as REST', async () => {
    const anon = await gql('{ recommendations(limit: 5) { strategy items { id } } }');
    expect(anon.status).toBe(200);
    expect(anon.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const a = await signUp('gql-recs');
    await send('POST', '/api/v1/me/preferences', {
      token: a.accessToken,
      body: { genres: ['comedy'], platforms: ['netflix'] },
    });
    const r = await gql(
      '{ recommendations(limit: 5) { strategy region items { id title why availability { platformId } content { id } } } }',
      undefined,
      a.accessToken,
    );
    expect(r.body.errors).toBeUndefined();
    const rest = await send('GET', '/api/v1/recommendations?limit=5', { token: a.accessToken });
    expect(r.body.data.recommendations.strategy).toBe('cold_start');
    expect(r.body.data.recommendations.items.map((i: any) => i.id)).toEqual(
      rest.body.items.map((i: any) => i.id),
    );
    expect(r.body.data.recommendations.items[0].content.id).toBe(
      r.body.data.recommendations.items[0].id,
    );
  });

  it('similar titles and trending; a bad limit is a GraphQL validation error, not a 500', async () => {
    const sim = await gql(
      '{ similar(contentId: "the-terminator-1984", limit: 3) { anchor { title } items { id why } } }',
    );
    expect(sim.body.errors).toBeUndefined();
    expect(sim.body.data.similar.items).toHaveLength(3);
    const missing = await gql('{ similar(contentId: "no-such-film-1901") { items { id } } }');
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const trend = await gql(
      '{ trending(window: week, region: US, limit: 5) { window source items { id rank } } }',
    );
    expect(trend.body.errors).toBeUndefined();
    expect(trend.body.data.trending.window).toBe('week');
    const bad = await gql('{ trending(limit: 500) { items { id } } }');
    expect(bad.status).toBe(200);
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });
});
