import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { EMBEDDING_DIMENSIONS } from '../../src/services/ports';
import { AnswerMemo } from '../../src/services/search/answer-memo';
import type { Candidate, SearchRepository } from '../../src/services/search/ports';
import { fakeServices } from './fakes/services';

const gazetteer = { genres: ['comedy', 'crime'] } as never;

function suggestionServices(rows: { kind: 'title'; text: string; id: string }[]) {
  let reads = 0;
  const repo = { suggestions: async () => (reads++, rows) } as unknown as SearchRepository;
  const memo = new AnswerMemo(); // the isolate's, shared by requests
  const services = fakeServices({
    suggestions: () => ({
      caches: { catalogVersion: async () => 7, memo },
      search: async () => ({ repo, gazetteer: async () => gazetteer }),
      background: () => {},
    }),
  });
  return { services, reads: () => reads };
}

describe('GET /api/v1/search/suggestions (createApp with fake services)', () => {
  it('answers from the service, then from the isolate memo for the same keystrokes', async () => {
    const { services, reads } = suggestionServices([
      { kind: 'title', text: 'Crimson Tide', id: 'crimson-tide-1995' },
    ]);
    const app = createApp({ services });
    const first = await app.request('/api/v1/search/suggestions?partial=cri');
    expect(first.status).toBe(200);
    expect(first.headers.get('X-Cache')).toBe('MISS');
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=60');
    expect(await first.json()).toEqual({
      partial: 'cri',
      suggestions: [
        { kind: 'genre', text: 'crime' },
        { kind: 'title', text: 'Crimson Tide', id: 'crimson-tide-1995' },
      ],
    });
    const second = await app.request('/api/v1/search/suggestions?partial=CRI');
    expect(second.headers.get('X-Cache')).toBe('HIT');
    expect(reads()).toBe(1);
  });

  it('refuses an empty partial before any service is asked', async () => {
    const app = createApp({ services: fakeServices() });
    const res = await app.request('/api/v1/search/suggestions?partial=%20');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('POST /api/v1/search/semantic (createApp with fake services)', () => {
  const post = (app: ReturnType<typeof createApp>, body: unknown) =>
    app.request('/api/v1/search/semantic', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const row = (id: string): Candidate =>
    ({
      id,
      title: id,
      releaseYear: 2000,
      type: 'movie',
      genres: ['drama'],
      director: null,
      runtimeMinutes: 100,
      mpaaRating: 'PG',
      imdbRating: 7,
      rottenTomatoes: null,
    }) as unknown as Candidate;

  it('refuses an embedding of the wrong size', async () => {
    const app = createApp({ services: fakeServices({ search: async () => ({}) as never }) });
    const res = await post(app, { embedding: [0.1, 0.2] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      `embedding must have ${EMBEDDING_DIMENSIONS} dimensions (got 2)`,
    );
  });

  it('says so when no vector index is available', async () => {
    const app = createApp({
      services: fakeServices({ search: async () => ({ repo: {} }) as never }),
    });
    const res = await post(app, { embedding: new Array(EMBEDDING_DIMENSIONS).fill(0.1) });
    expect(res.status).toBe(503);
  });

  it('orders the filtered neighbours by similarity, with their offers', async () => {
    const vector = {
      backend: 'fake',
      query: async () => [
        { id: 'a', score: 0.5 },
        { id: 'b', score: 0.91234 },
      ],
    };
    const repo = {
      retrieve: async () => ({ rows: [row('a'), row('b')] }),
      offers: async () =>
        new Map([
          [
            'b',
            [
              {
                platformId: 'netflix',
                platformName: 'Netflix',
                priceTier: 'subscription',
                amount: null,
                currency: null,
              },
            ],
          ],
        ]),
    };
    const app = createApp({
      services: fakeServices({ search: async () => ({ repo, vector }) as never }),
    });
    const res = await post(app, {
      embedding: new Array(EMBEDDING_DIMENSIONS).fill(0.1),
      region: 'GB',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: { id: string; score: number; availability: unknown[] }[];
      meta: { total: number; vector: string };
    };
    expect(body.results.map((r) => [r.id, r.score, r.availability.length])).toEqual([
      ['b', 0.912, 1],
      ['a', 0.5, 0],
    ]);
    expect(body.meta).toMatchObject({ total: 2, vector: 'fake' });
  });
});
