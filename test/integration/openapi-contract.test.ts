/**
 * Contract: every operation in /openapi.json is called for real (embedded or real stack) and its
 * answer checked against the documented status and response schema. The table below gives one
 * request per operation; an operation without one fails the first test.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import type { ZodType } from 'zod';
import { API_OPERATIONS, toOpenApiPath, type ApiOperation } from '../../src/openapi/registry';
import { EMBEDDING_DIMENSIONS } from '../../src/services/ports';
import { signWebhook } from '../../src/services/availability/webhook-signature';
import { send, signUp, signUpAs, type Account } from './auth-helpers';
import { call } from './helpers';

const TITLE = 'the-godfather-1972';
const unit = Array.from({ length: EMBEDDING_DIMENSIONS }, (_, i) => (i === 0 ? 1 : 0));

interface Example {
  path: string;
  token?: 'user' | 'admin' | 'erasable' | 'refreshed';
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string;
}

let user: Account;
let admin: Account;
let erasable: Account;
let spare: Account;
let runId = 1;

/** One request per documented operation, in an order where each finds what it needs. */
const examples = (): Record<string, Example | (() => Promise<Example>)> => ({
  'get /api/v1/content/:id': { path: `/api/v1/content/${TITLE}?region=US` },
  'get /api/v1/content/:id/availability': {
    path: `/api/v1/content/${TITLE}/availability?region=US`,
  },
  'get /api/v1/content/:id/availability/stream': {
    path: `/api/v1/content/${TITLE}/availability/stream`,
  },
  'get /api/v1/content/:id/similar': { path: `/api/v1/content/${TITLE}/similar?limit=5` },
  'get /api/v1/people/:id': { path: '/api/v1/people/p-tom-hanks?limit=5' },
  'get /api/v1/platforms': { path: '/api/v1/platforms' },
  'get /api/v1/genres': { path: '/api/v1/genres' },
  'get /api/v1/search': { path: '/api/v1/search?q=crime%20movies%20from%20the%2070s&limit=5' },
  'post /api/v1/search': {
    path: '/api/v1/search',
    body: { q: 'crime', filters: { yearMin: 1970, yearMax: 1979 }, limit: 5 },
  },
  'get /api/v1/search/suggestions': { path: '/api/v1/search/suggestions?partial=godf' },
  'post /api/v1/search/semantic': {
    path: '/api/v1/search/semantic',
    body: { embedding: unit, topK: 5 },
  },
  'get /api/v1/recommendations': { path: '/api/v1/recommendations?limit=5', token: 'user' },
  'get /api/v1/trending': { path: '/api/v1/trending?window=week' },
  'get /api/v1/feeds/:kind': { path: '/api/v1/feeds/leaving?region=US&days=90&limit=5' },
  'post /api/v1/auth/register': {
    path: '/api/v1/auth/register',
    body: {
      email: `contract-${crypto.randomUUID().slice(0, 8)}@example.com`,
      password: 'correct horse battery staple',
    },
  },
  'post /api/v1/auth/login': () =>
    Promise.resolve({
      path: '/api/v1/auth/login',
      body: { email: spare.email, password: spare.password },
    }),
  'post /api/v1/auth/refresh': () =>
    Promise.resolve({ path: '/api/v1/auth/refresh', body: { refreshToken: spare.refreshToken } }),
  'post /api/v1/auth/logout': { path: '/api/v1/auth/logout', token: 'refreshed' },
  'get /api/v1/me/notifications': { path: '/api/v1/me/notifications', token: 'user' },
  'post /api/v1/me/notifications/read': {
    path: '/api/v1/me/notifications/read',
    token: 'user',
    body: {},
  },
  'get /api/v1/users': { path: '/api/v1/users?limit=5', token: 'admin' },
  'get /api/v1/admin/platforms': { path: '/api/v1/admin/platforms', token: 'admin' },
  'get /api/v1/admin/metrics': { path: '/api/v1/admin/metrics', token: 'admin' },
  'post /api/v1/admin/cache/invalidate': {
    path: '/api/v1/admin/cache/invalidate',
    token: 'admin',
    body: { scope: 'content', contentIds: [TITLE] },
  },
  'post /api/v1/admin/content/sync': {
    path: '/api/v1/admin/content/sync',
    token: 'admin',
    body: { scope: 'availability', contentIds: [TITLE], regions: ['US'] },
  },
  'get /api/v1/admin/ingest/runs': { path: '/api/v1/admin/ingest/runs?limit=5', token: 'admin' },
  'get /api/v1/admin/ingest/runs/:id': () =>
    Promise.resolve({ path: `/api/v1/admin/ingest/runs/${runId}`, token: 'admin' }),
  'post /api/v1/webhooks/:platform': async () => {
    const raw = JSON.stringify({
      eventId: `contract-${crypto.randomUUID()}`,
      type: 'availability.updated',
      occurredAt: new Date().toISOString(),
      contentId: TITLE,
      region: 'GB',
      offers: [{ priceTier: 'subscription', url: `https://www.netflix.com/title/${TITLE}` }],
    });
    const ts = Math.floor(Date.now() / 1000);
    return {
      path: '/api/v1/webhooks/netflix',
      raw,
      headers: {
        'x-marquee-timestamp': String(ts),
        'x-marquee-signature': await signWebhook('dev-secret-netflix', ts, raw),
      },
    };
  },
  'get /health': { path: '/health' },
  'get /ready': { path: '/ready' },
  'get /.well-known/jwks.json': { path: '/.well-known/jwks.json' },
  ...personalExamples('/api/v1/me'),
  ...personalExamples('/api/v1/users/:id'),
});

function personalExamples(prefix: string): Record<string, Example | (() => Promise<Example>)> {
  const at = (suffix: string) => () => {
    const who = prefix === '/api/v1/me' ? '/api/v1/me' : `/api/v1/users/${user.id}`;
    return Promise.resolve(`${who}${suffix}`);
  };
  const ex =
    (suffix: string, rest: Omit<Example, 'path'> = {}) =>
    async (): Promise<Example> => ({ path: await at(suffix)(), token: 'user', ...rest });
  return {
    [`get ${prefix}`]: ex(''),
    [`patch ${prefix}`]: ex('', { body: { displayName: 'Contract Test' } }),
    [`get ${prefix}/export`]: ex('/export'),
    [`get ${prefix}/preferences`]: ex('/preferences'),
    [`post ${prefix}/preferences`]: ex('/preferences', {
      body: { region: 'us', platforms: ['netflix'] },
    }),
    [`get ${prefix}/consent`]: ex('/consent'),
    [`put ${prefix}/consent`]: ex('/consent', { body: { personalisation: true } }),
    [`get ${prefix}/watchlist`]: ex('/watchlist'),
    [`post ${prefix}/watchlist`]: ex('/watchlist', {
      body: { contentId: prefix === '/api/v1/me' ? TITLE : 'the-godfather-part-ii-1974' },
    }),
    [`delete ${prefix}/watchlist/:contentId`]: ex(
      `/watchlist/${prefix === '/api/v1/me' ? TITLE : 'the-godfather-part-ii-1974'}`,
    ),
    [`get ${prefix}/ratings`]: ex('/ratings'),
    [`put ${prefix}/ratings/:contentId`]: ex(`/ratings/${TITLE}`, { body: { score: 9 } }),
    [`get ${prefix}/history`]: ex('/history'),
    [`post ${prefix}/history`]: ex('/history', { body: { contentId: TITLE, progress: 0.5 } }),
    // Erasure goes last, on an account of its own.
    [`delete ${prefix}`]: async () => ({
      path: prefix === '/api/v1/me' ? '/api/v1/me' : `/api/v1/users/${erasable.id}`,
      token: 'erasable',
    }),
  };
}

const keyOf = (op: ApiOperation) => `${op.method} ${op.path}`;
/** Writes before reads of what they write, erasure last. */
const order = (op: ApiOperation) =>
  op.method === 'delete' && !op.path.includes(':contentId') ? 3 : op.method === 'get' ? 2 : 1;

beforeAll(async () => {
  [user, admin, spare] = await Promise.all([
    signUp('contract-user'),
    signUpAs('admin', 'contract-admin'),
    signUp('contract-spare'),
  ]);
  const runs = await send('GET', '/api/v1/admin/ingest/runs?limit=1', { token: admin.accessToken });
  if (runs.body?.runs?.[0]) runId = runs.body.runs[0].id;
});

describe('contract: /openapi.json against real answers', () => {
  it('the document served is the one the table describes, and every operation has an example', async () => {
    const doc = await call('/openapi.json');
    expect(doc.status).toBe(200);
    for (const op of API_OPERATIONS)
      expect(doc.body.paths[toOpenApiPath(op.path)]?.[op.method], keyOf(op)).toBeDefined();
    const table = examples();
    expect(API_OPERATIONS.map(keyOf).filter((k) => !(k in table))).toEqual([]);
  });

  it('every documented operation answers its documented status and schema', async () => {
    const table = examples();
    const failures: string[] = [];
    for (const op of [...API_OPERATIONS].sort((a, b) => order(a) - order(b))) {
      const entry = table[keyOf(op)]!;
      // Each erasure erases an account of its own.
      if (order(op) === 3) erasable = await signUp('contract-erase');
      const ex = typeof entry === 'function' ? await entry() : entry;
      const token = {
        user: user.accessToken,
        admin: admin.accessToken,
        erasable: erasable?.accessToken,
        refreshed: spare.accessToken,
        undefined: undefined,
      }[String(ex.token)];
      const headers: Record<string, string> = { ...ex.headers };
      if (token) headers.authorization = `Bearer ${token}`;
      let res: Awaited<ReturnType<typeof call>>;
      if (op.contentType === 'text/event-stream') {
        // A stream stays open: check its head only.
        const { exports } = await import('cloudflare:workers');
        const r = await exports.default.fetch(
          new Request(`http://marquee.test${ex.path}`, { headers }),
        );
        const ok =
          r.status === op.status &&
          (r.headers.get('content-type') ?? '').startsWith('text/event-stream');
        await r.body?.cancel();
        if (!ok) failures.push(`${keyOf(op)}: ${r.status} ${r.headers.get('content-type')}`);
        continue;
      }
      if (ex.raw !== undefined || ex.body !== undefined) {
        headers['content-type'] = 'application/json';
        res = await call(ex.path, {
          method: op.method.toUpperCase(),
          headers,
          body: ex.raw ?? JSON.stringify(ex.body),
        });
      } else {
        res = await call(ex.path, { method: op.method.toUpperCase(), headers });
      }
      const accepted =
        op.path === '/api/v1/content/:id/availability'
          ? [200]
          : [op.status, ...(op.method === 'post' && op.status === 201 ? [200] : [])];
      // PostgreSQL without pgvector (Debian's, the real-server run) has no vector index:
      // semantic search answers its documented 503 there.
      const noVectorIndex =
        op.path === '/api/v1/search/semantic' &&
        res.status === 503 &&
        (res.body as { error?: { code?: string } })?.error?.code === 'DEPENDENCY_UNAVAILABLE';
      if (noVectorIndex) continue;
      if (!accepted.includes(res.status)) {
        failures.push(
          `${keyOf(op)}: status ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
        );
        continue;
      }
      if (op.response) {
        const parsed = (op.response as ZodType).safeParse(res.body);
        if (!parsed.success)
          failures.push(`${keyOf(op)}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
      } else if (op.contentType) {
        expect(res.headers.get('content-type') ?? '', keyOf(op)).toContain(
          op.contentType.split(';')[0],
        );
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
