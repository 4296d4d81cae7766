import { describe, expect, it } from 'vitest';
import { call, expectErrorShape } from './helpers';

const post = (body: unknown) =>
  call('/api/v1/search', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('natural-language search', () => {
  it('understands a compound request and returns results that satisfy it', async () => {
    const r = await post({
      query: 'a feel-good 90s comedy under two hours',
      region: 'US',
      limit: 10,
    });
    expect(r.status).toBe(200);
    expect(r.body.query.entities).toMatchObject({
      genres: ['comedy'],
      moods: ['feel-good'],
      years: { min: 1990, max: 1999 },
      runtime: { max: 120 },
    });
    expect(r.body.results.length).toBe(10);
    for (const x of r.body.results) {
      expect(x.genres).toContain('comedy');
      expect(x.releaseYear).toBeGreaterThanOrEqual(1990);
      expect(x.releaseYear).toBeLessThanOrEqual(1999);
      expect(x.runtimeMinutes).toBeLessThanOrEqual(120);
      expect(x).toHaveProperty('availability');
      expect(x.why.length).toBeGreaterThan(0);
    }
    expect(r.body.meta).toMatchObject({ cache: expect.stringMatching(/hit|miss/) });
    expect(typeof r.body.meta.took_ms).toBe('number');
  });

  it('forgives typos in titles and says what it corrected', async () => {
    const r = await call('/api/v1/search?q=godfahter');
    expect(r.status).toBe(200);
    expect(r.body.results[0].title).toBe('The Godfather');
    expect(r.body.query.intent).toBe('title_lookup');
    expect(r.body.query.correction?.to).toBe('The Godfather');
  });

  it("a description sharing a word or two with a title is not a title look-up; a long typo'd title is", async () => {
    const d = await call(
      `/api/v1/search?q=${encodeURIComponent('scottish rebel fights the english king for freedom')}`,
    );
    expect(d.status).toBe(200);
    expect(d.body.query.intent).toBe('search');
    expect(d.body.results[0].title).toBe('Braveheart');
    const t = await call(`/api/v1/search?q=${encodeURIComponent('the shawshank redemtion')}`);
    expect(t.body.query.intent).toBe('title_lookup');
    expect(t.body.results[0].title).toBe('The Shawshank Redemption');
  });

  it('"movies like alien" puts its series first, as similar titles do', async () => {
    const r = await call(`/api/v1/search?q=${encodeURIComponent('movies like alien')}`);
    expect(r.status).toBe(200);
    expect(r.body.results[0].title).toBe('Aliens');
    expect(r.body.results[0].why[0]).toBe('from the same series as Alien');
    expect(r.body.results.map((x: any) => x.title)).not.toContain('Alien');
  });

  it('forgives typos in people', async () => {
    const r = await call(`/api/v1/search?q=${encodeURIComponent('stephen spielburg movies')}`);
    expect(r.status).toBe(200);
    expect(r.body.query.entities.people).toEqual(['Steven Spielberg']);
    expect(r.body.results.every((x: any) => x.director === 'Steven Spielberg')).toBe(true);
  });

  it('reads actors as people, typos included, and every result credits them', async () => {
    for (const q of ['movies with tom hanks', 'tom hanks comedies', 'moveis with jonh candy']) {
      const r = await call('/api/v1/search?q=' + encodeURIComponent(q));
      expect(r.status, q).toBe(200);
      const who = r.body.query.entities.people[0];
      expect(who, q).toBe(q.includes('candy') ? 'John Candy' : 'Tom Hanks');
      expect(r.body.results.length, q).toBeGreaterThan(0);
      for (const x of r.body.results)
        expect(
          x.why.some((w: string) => w === `with ${who}` || w === `director: ${who}`),
          q,
        ).toBe(true);
    }
    expect(
      (await call('/api/v1/search?q=' + encodeURIComponent('moveis with jonh candy'))).body.query
        .correction,
    ).toEqual({ from: 'jonh candy', to: 'John Candy' });
  });

  it('"leaving soon" and "free to stream" are availability filters, not title look-ups', async () => {
    const leaving = await call('/api/v1/search?q=leaving+soon');
    expect(leaving.body.query).toMatchObject({
      intent: 'browse',
      entities: { leavingWithinDays: 14, sort: 'leaving_soon' },
    });
    expect(leaving.body.results.length).toBeGreaterThan(0);
    expect(leaving.body.results.every((x: any) => x.why.includes('leaving within 14 days'))).toBe(
      true,
    );
    expect(leaving.body.results.map((x: any) => x.title)).not.toContain('Leaving Las Vegas');
    const free = await call('/api/v1/search?q=' + encodeURIComponent('free to stream'));
    expect(free.body.query.entities.priceTiers).toEqual(['free', 'ads']);
    expect(free.body.results.length).toBeGreaterThan(0);
    expect(
      free.body.results.every((x: any) =>
        x.availability.some((o: any) => o.priceTier === 'free' || o.priceTier === 'ads'),
      ),
    ).toBe(true);
  });

  it('applies negations', async () => {
    const r = await call(`/api/v1/search?q=${encodeURIComponent('sci-fi not rated R')}&limit=50`);
    expect(r.body.query.negations.mpaa).toEqual(['R']);
    expect(r.body.results.some((x: any) => x.mpaaRating === 'R')).toBe(false);
  });

  it('treats text that looks like SQL or HTML as text', async () => {
    for (const q of [
      'Romeo and Juliet',
      'Tom & Jerry',
      'R-rated OR PG',
      "'; drop table content; --",
      '<script>alert(1)</script>',
    ]) {
      const r = await call(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
    }
    const rj = await call(`/api/v1/search?q=${encodeURIComponent('Romeo and Juliet')}`);
    expect(rj.body.results[0].title).toMatch(/Romeo/);
  });

  it('pages with an opaque cursor, without repeats', async () => {
    const first = await call('/api/v1/search?q=westerns&limit=5');
    expect(first.body.meta.nextCursor).toBeTruthy();
    const second = await call(
      `/api/v1/search?q=westerns&limit=5&cursor=${encodeURIComponent(first.body.meta.nextCursor)}`,
    );
    expect(second.status).toBe(200);
    const ids = new Set(first.body.results.map((x: any) => x.id));
    expect(second.body.results.some((x: any) => ids.has(x.id))).toBe(false);
  });

  it('serves a repeated query from cache', async () => {
    const q = `/api/v1/search?q=${encodeURIComponent('horror movies from the 80s')}&region=GB`;
    await call(q);
    const again = await call(q);
    expect(again.body.meta.cache).toBe('hit');
    expect(again.headers.get('x-cache')).toBe('HIT');
  });

  it('autocompletes titles, people and genres', async () => {
    const r = await call('/api/v1/search/suggestions?partial=godf');
    expect(r.status).toBe(200);
    expect(r.body.suggestions.map((s: any) => s.text)).toContain('The Godfather');
    const p = await call('/api/v1/search/suggestions?partial=spiel');
    expect(
      p.body.suggestions.some((s: any) => s.kind === 'person' && s.text === 'Steven Spielberg'),
    ).toBe(true);
  });
});

describe('search bad input', () => {
  it.each([
    [{ query: '' }, /empty/],
    [{ query: '   ' }, /empty/],
    [{ query: 'x'.repeat(501) }, /500/],
    [{ query: 42 }, /string/],
    [{ query: 'comedy', region: 'XX' }, /region/],
    [{ query: 'comedy', limit: 0 }, /limit/],
    [{ query: 'comedy', limit: 101 }, /limit/],
    [{ query: 'comedy', cursor: 'not-a-cursor' }, /cursor/],
  ])('%j → 400', async (body, message) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(r.body.error.message + JSON.stringify(r.body.error.details ?? '')).toMatch(message);
  });

  it('malformed JSON → 400, wrong content type → 415, oversize body → 413', async () => {
    const bad = await call('/api/v1/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body, 'BAD_REQUEST');
    const type = await call('/api/v1/search', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'comedy',
    });
    expect(type.status).toBe(415);
    expectErrorShape(type.body, 'UNSUPPORTED_MEDIA_TYPE');
    const big = await call('/api/v1/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'a', pad: 'x'.repeat(200_000) }),
    });
    expect(big.status).toBe(413);
    expectErrorShape(big.body, 'PAYLOAD_TOO_LARGE');
  });

  it('a cursor from another query is refused', async () => {
    const first = await call('/api/v1/search?q=westerns&limit=5');
    const r = await call(
      `/api/v1/search?q=comedies&limit=5&cursor=${encodeURIComponent(first.body.meta.nextCursor)}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/different query/);
  });

  it('semantic search checks the embedding size', async () => {
    const r = await call('/api/v1/search/semantic', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ embedding: [1, 2, 3] }),
    });
    expect(r.status).toBe(400);
  });
});
