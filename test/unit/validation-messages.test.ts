import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { describeIssue } from '../../src/middleware/validate';
import { SearchBodySchema, SemanticBodySchema } from '../../src/schemas/search';
import { fakeServices } from './fakes/services';

describe('validation messages name the field once', () => {
  it('describeIssue', () => {
    expect(describeIssue('limit', 'must be between 1 and 100')).toBe(
      'limit must be between 1 and 100',
    );
    expect(describeIssue('limit', 'limit must be between 1 and 100')).toBe(
      'limit must be between 1 and 100',
    );
    expect(describeIssue('filters.yearMin', 'Too big: expected number to be <=2100')).toBe(
      'filters.yearMin: Too big: expected number to be <=2100',
    );
    expect(describeIssue('', 'Unrecognized key: "x"')).toBe('Unrecognized key: "x"');
  });

  it('over HTTP: "limit must be...", not "limit limit must be..."', async () => {
    const app = createApp({ services: fakeServices({}) });
    const r = await app.request('/api/v1/search?q=comedy&limit=1000');
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Invalid query string: limit must be between 1 and 100',
    });
    const empty = await app.request('/api/v1/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: ' ' }),
    });
    expect(((await empty.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid body: q must not be empty',
    );
  });
});

describe('POST /search takes q, as GET does (query still accepted)', () => {
  it('maps both to the same request', () => {
    // No region: the route picks it (src/middleware/request-region.ts), not the schema.
    expect(SearchBodySchema.parse({ q: 'crime' })).toEqual({
      query: 'crime',
      limit: 20,
    });
    expect(SearchBodySchema.parse({ query: 'crime', region: 'gb' })).toEqual({
      query: 'crime',
      region: 'GB',
      limit: 20,
    });
    expect(SearchBodySchema.safeParse({ q: 'a', query: 'b' }).success).toBe(false);
    expect(SearchBodySchema.safeParse({}).success).toBe(false);
  });
});

describe('POST /search/semantic takes text or an embedding', () => {
  it('one of the two', () => {
    expect(SemanticBodySchema.safeParse({ q: 'space opera' }).success).toBe(true);
    expect(SemanticBodySchema.safeParse({ embedding: [1, 0] }).success).toBe(true);
    expect(SemanticBodySchema.safeParse({}).success).toBe(false);
    expect(SemanticBodySchema.safeParse({ q: 'x', embedding: [1] }).success).toBe(false);
  });
});
