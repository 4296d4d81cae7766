/**
 * The region a request is about when the caller names none, the same on every route and GraphQL
 * field: the given region > the signed-in person's saved region > the request's country
 * (`request.cf.country`, as Cloudflare sets it) > US. Requests carry `cf: { country }` as the
 * edge would set it.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, signUp, type Account } from './auth-helpers';
import { call, type JsonResponse } from './helpers';

/** A request as it arrives from `country` (the edge's `request.cf.country`). */
function from(
  country: string | null,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  return call(path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    ...(country ? { cf: { country } } : {}),
  } as RequestInit);
}

const gqlFrom = (country: string | null, query: string, token?: string) =>
  from(country, 'POST', '/graphql', { body: { query }, token });

let title: string;
let saved: Account; // saved region AU
let fresh: Account; // saved nothing

beforeAll(async () => {
  const found = await rows<{ id: string }>(
    sql`select content_id as id from platform_availability where region = 'GB' order by content_id limit 1`,
  );
  title = found[0]!.id;
  saved = await signUp('region-saved');
  const r = await from('GB', 'POST', '/api/v1/me/preferences', {
    token: saved.accessToken,
    body: { region: 'AU' },
  });
  expect(r.status).toBe(200);
  fresh = await signUp('region-fresh');
});

/** Each REST read that takes a region, and where its answer says which region it used. */
const REST: [string, string, (b: any) => string, unknown?][] = [
  ['GET', '/api/v1/search?q=comedy&limit=3', (b) => b.meta.region],
  ['POST', '/api/v1/search', (b) => b.meta.region, { q: 'comedy', limit: 3 }],
  ['GET', '/api/v1/trending?window=week&limit=3', (b) => b.region],
  ['GET', '/api/v1/feeds/new?limit=3', (b) => b.region],
];
const perTitle: [string, (id: string) => string, (b: any) => string][] = [
  ['GET', (id) => `/api/v1/content/${id}/availability`, (b) => b.region],
  ['GET', (id) => `/api/v1/content/${id}/similar?limit=3`, (b) => b.region],
];

function routes(): [string, string, (b: any) => string, unknown?][] {
  return [
    ...REST,
    ...perTitle.map(([m, p, pick]) => [m, p(title), pick] as [string, string, (b: any) => string]),
  ];
}

describe('the default region (REST)', () => {
  it('is the request country when the caller gives none, and the response varies by country', async () => {
    for (const [method, path, pick, body] of routes()) {
      const r = await from('GB', method, path, { body });
      expect(r.status, path).toBe(200);
      expect(pick(r.body), path).toBe('GB');
      expect(r.headers.get('vary') ?? '', path).toMatch(/CF-IPCountry/i);
    }
  });

  it('semantic search too (when the vector index is available)', async () => {
    const r = await from('GB', 'POST', '/api/v1/search/semantic', {
      body: { q: 'space adventure', topK: 3 },
    });
    if (r.status === 503) return; // PostgreSQL without pgvector: its documented answer
    expect(r.status).toBe(200);
    expect(r.body.meta.region).toBe('GB');
  });

  it('is US from a country we do not cover, or without a country', async () => {
    for (const country of ['ZA', null]) {
      for (const [method, path, pick, body] of routes()) {
        const r = await from(country, method, path, { body });
        expect(pick(r.body), `${country} ${path}`).toBe('US');
      }
    }
  });

  it('gives way to a region the caller names', async () => {
    for (const [method, path, pick, body] of routes()) {
      const named = method === 'GET' ? `${path}${path.includes('?') ? '&' : '?'}region=de` : path;
      const r = await from('GB', method, named, {
        body: body ? { ...(body as object), region: 'DE' } : undefined,
      });
      expect(pick(r.body), path).toBe('DE');
    }
  });

  it("signed in: the person's saved region beats the request country; nothing saved, the country applies", async () => {
    for (const [method, path, pick, body] of routes()) {
      const mine = await from('GB', method, path, { body, token: saved.accessToken });
      expect(pick(mine.body), path).toBe('AU');
      const theirs = await from('GB', method, path, { body, token: fresh.accessToken });
      expect(pick(theirs.body), path).toBe('GB');
    }
    const t = await from('GB', 'GET', '/api/v1/trending?limit=3', { token: saved.accessToken });
    expect(t.headers.get('cache-control')).toContain('private');
  });

  it('recommendations: named > saved > request country', async () => {
    const path = '/api/v1/recommendations?limit=3';
    expect((await from('GB', 'GET', path, { token: saved.accessToken })).body.meta.region).toBe(
      'AU',
    );
    expect((await from('GB', 'GET', path, { token: fresh.accessToken })).body.meta.region).toBe(
      'GB',
    );
    expect(
      (await from('GB', 'GET', `${path}&region=JP`, { token: saved.accessToken })).body.meta.region,
    ).toBe('JP');
  });

  it('preferences not yet saved offer the request country (what onboarding pre-selects)', async () => {
    const unsaved = await from('FR', 'GET', '/api/v1/me/preferences', { token: fresh.accessToken });
    expect(unsaved.status).toBe(200);
    expect(unsaved.body).toMatchObject({ region: 'FR', updatedAt: null });
    const stored = await from('FR', 'GET', '/api/v1/me/preferences', { token: saved.accessToken });
    expect(stored.body.region).toBe('AU');
  });

  it('a first save that names no region keeps the request country, a later one keeps what is saved', async () => {
    const first = await signUp();
    const r = await from('FR', 'POST', '/api/v1/me/preferences', {
      token: first.accessToken,
      body: { platforms: ['netflix'] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ region: 'FR', platforms: ['netflix'] });
    const again = await from('GB', 'POST', '/api/v1/me/preferences', {
      token: first.accessToken,
      body: { genres: ['comedy'] },
    });
    expect(again.body.region).toBe('FR');
    const viaGraphql = await signUp();
    const g = await gqlFrom(
      'JP',
      'mutation { savePreferences(input: { genres: ["drama"] }) { region } }',
      viaGraphql.accessToken,
    );
    expect(g.body.data.savePreferences.region).toBe('JP');
  });
});

describe('the default region (GraphQL)', () => {
  const fields = (id: string) =>
    `{ search(query: "comedy", limit: 2) { region }
       trending(window: week, limit: 2) { region }
       similar(contentId: "${id}", limit: 2) { region }
       platformAvailability(contentId: "${id}") { region }
       feed(kind: new, limit: 2) { region } }`;
  const regions = (b: any) =>
    ['search', 'trending', 'similar', 'platformAvailability', 'feed'].map(
      (f) => b.data?.[f]?.region,
    );

  it('follows the same rule as REST', async () => {
    const gb = await gqlFrom('GB', fields(title));
    expect(gb.body.errors).toBeUndefined();
    expect(regions(gb.body)).toEqual(['GB', 'GB', 'GB', 'GB', 'GB']);
    expect(regions((await gqlFrom(null, fields(title))).body)).toEqual([
      'US',
      'US',
      'US',
      'US',
      'US',
    ]);
    expect(regions((await gqlFrom('GB', fields(title), saved.accessToken)).body)).toEqual([
      'AU',
      'AU',
      'AU',
      'AU',
      'AU',
    ]);
    const named = await gqlFrom(
      'GB',
      `{ search(query: "comedy", region: JP, limit: 1) { region } }`,
    );
    expect(named.body.data.search.region).toBe('JP');
    const recs = await gqlFrom(
      'GB',
      '{ recommendations(limit: 2) { region } preferences { region updatedAt } }',
      fresh.accessToken,
    );
    expect(recs.body.data).toEqual({
      recommendations: { region: 'GB' },
      preferences: { region: 'GB', updatedAt: null },
    });
  });
});

describe('the page starts in the request country', () => {
  it('<html data-region> is the request country (else US), and the shell revalidates per country', async () => {
    const gb = await from('GB', 'GET', '/');
    expect(gb.status).toBe(200);
    expect(gb.body).toContain('<html lang="en" data-region="GB">');
    expect(gb.headers.get('vary')).toMatch(/CF-IPCountry/);
    expect(gb.headers.get('vary')).toMatch(/Accept-Encoding/);
    const us = await from('ZA', 'GET', '/');
    expect(us.body).toContain('<html lang="en" data-region="US">');
    expect(us.headers.get('etag')).not.toBe(gb.headers.get('etag'));
    const fresh = await call('/', {
      headers: { 'If-None-Match': gb.headers.get('etag')! },
      cf: { country: 'GB' },
    } as RequestInit);
    expect(fresh.status).toBe(304);
  });
});
