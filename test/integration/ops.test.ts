/** The operator's view: admin-only metrics, cache invalidation, availability sync, and W3C trace context. */
import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app';
import { consumeAvailability } from '../../src/queues/availability';
import { sweepFor } from '../../src/services/availability/polling';
import { send, signUp, signUpAs, withDb, type Account } from './auth-helpers';
import { sql } from 'drizzle-orm';
import { call, expectErrorShape } from './helpers';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

let admin: Account;
let user: Account;
beforeAll(async () => {
  admin = await signUpAs('admin', 'ops-admin');
  user = await signUp('ops-user');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const scrape = async () => {
  const r = await send('GET', '/api/v1/admin/metrics', { token: admin.accessToken });
  expect(r.status).toBe(200);
  return r;
};

/** The value of one exposition line, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('admin routes', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/v1/admin/metrics'],
    ['GET', '/api/v1/admin/platforms'],
    ['POST', '/api/v1/admin/cache/invalidate', { scope: 'search' }],
    [
      'POST',
      '/api/v1/admin/content/sync',
      { scope: 'availability', contentIds: ['jaws-1975'], regions: ['US'] },
    ],
  ];

  it.each(routes)(
    '%s %s: anonymous 401, signed-in user 403, in the one error shape',
    async (method, path, body) => {
      const anon = await send(method, path, { body });
      expect(anon.status).toBe(401);
      expectErrorShape(anon.body, 'UNAUTHORIZED');
      const plain = await send(method, path, { body, token: user.accessToken });
      expect(plain.status).toBe(403);
      expectErrorShape(plain.body, 'FORBIDDEN');
    },
  );

  it.each(routes)('%s %s: an admin gets through', async (method, path, body) => {
    const r = await send(method, path, { body, token: admin.accessToken });
    expect(r.status).toBe(method === 'POST' && path.endsWith('/sync') ? 202 : 200);
  });
});

describe('GET /api/v1/admin/metrics', () => {
  it('exposes request, error, latency, cache, breaker, platform and queue families in Prometheus text', async () => {
    await call('/api/v1/content/gone-with-the-wind-1939');
    await call('/api/v1/content/no-such-film-1901');
    const q = `/api/v1/search?q=${encodeURIComponent(`ops metrics ${crypto.randomUUID().slice(0, 8)}`)}&region=US`;
    await call(q);
    // The answer is cached after the response (waitUntil): ask again until a cache answers.
    for (let i = 0; i < 50; i++) {
      if ((await call(q)).headers.get('x-cache') === 'HIT') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = await scrape();
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text: string = r.body;
    for (const family of [
      'marquee_http_requests_total counter',
      'marquee_http_errors_total counter',
      'marquee_http_request_duration_seconds histogram',
      'marquee_search_cache_lookups_total counter',
      'marquee_platform_breaker_state gauge',
      'marquee_platform_requests_total counter',
      'marquee_platform_request_duration_seconds histogram',
      'marquee_queue_messages_enqueued_total counter',
      'marquee_queue_messages_consumed_total counter',
      'marquee_queue_depth_estimate gauge',
      'marquee_queue_oldest_message_age_seconds gauge',
    ]) {
      expect(text).toContain(`# TYPE ${family}`);
    }
    expect(
      sample(
        text,
        'marquee_http_requests_total{method="GET",route="/api/v1/content/:id",status_class="2xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        'marquee_http_errors_total{method="GET",route="/api/v1/content/:id",status_class="4xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        'marquee_http_request_duration_seconds_count{method="GET",route="/api/v1/content/:id"}',
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(
        text,
        'marquee_http_request_duration_seconds_bucket{method="GET",route="/api/v1/search",le="+Inf"}',
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(
      /^marquee_search_cache_lookups_total\{layer="(memo|edge|kv)",result="hit"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^marquee_search_cache_lookups_total\{layer="edge",result="miss"\} [1-9]\d*$/m,
    );
    expect(sample(text, 'marquee_platform_breaker_state{platform="netflix",state="closed"}')).toBe(
      1,
    );
    expect(text).toMatch(/# HELP marquee_queue_depth_estimate .*do not expose depth/);
    expect(sample(text, 'marquee_metrics_store_up')).toBe(1);
    // Route patterns, never raw paths: cardinality stays bounded.
    expect(text).not.toContain('gone-with-the-wind');
    expect(text).not.toContain('no-such-film');
  });

  it('counts platform calls made by an on-demand verification', async () => {
    // Offers older than an hour make verification ask the platforms live.
    await withDb((db) =>
      db.execute(
        sql`update platform_availability set last_verified_at = now() - interval '2 hours' where content_id = 'the-godfather-1972' and region = 'US'`,
      ),
    );
    const r = await call('/api/v1/content/the-godfather-1972/availability?region=US&verify=true');
    expect(r.body.source).not.toBe('cache');
    const text: string = (await scrape()).body;
    expect(text).toMatch(
      /^marquee_platform_requests_total\{outcome="success",platform="[a-z0-9-]+"\} [1-9]\d*$/m,
    );
    expect(text).toMatch(
      /^marquee_platform_request_duration_seconds_count\{platform="[a-z0-9-]+"\} [1-9]\d*$/m,
    );
  });

  it('records queue consumption and the age of the oldest consumed message', async () => {
    const before: string = (await scrape()).body;
    const consumed = (t: string) =>
      sample(
        t,
        'marquee_queue_messages_consumed_total{outcome="acked",queue="availability-checks"}',
      ) ?? 0;
    // A check with no platforms to ask: consumed and acked at once.
    const batch = createMessageBatch('availability-checks', [
      {
        id: 'ops-m1',
        timestamp: new Date(Date.now() - 3_600_000),
        attempts: 1,
        body: { kind: 'check', contentId: 'jaws-1975', region: 'US', platforms: [], attempt: 1 },
      },
    ]);
    const ctx = createExecutionContext();
    await consumeAvailability(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['ops-m1']);
    // Metrics are eventually consistent: another request's flush may still be settling.
    let after: string = (await scrape()).body;
    for (let i = 0; i < 20 && consumed(after) < consumed(before) + 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = (await scrape()).body;
    }
    expect(consumed(after)).toBeGreaterThanOrEqual(consumed(before) + 1);
    expect(
      sample(after, 'marquee_queue_oldest_message_age_seconds{queue="availability-checks"}'),
    ).toBeGreaterThanOrEqual(3000);
  });

  it('degrades without Redis: requests still succeed and the scrape shows this isolate with store_up 0', async () => {
    const app = createApp();
    const down = { ...env, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' } as unknown as Env;
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const content = await app.request('/api/v1/content/gone-with-the-wind-1939', {}, down);
    expect(content.status).toBe(200);
    await content.text();
    const r = await app.request(
      '/api/v1/admin/metrics',
      { headers: { authorization: `Bearer ${admin.accessToken}` } },
      down,
    );
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(sample(text, 'marquee_metrics_store_up')).toBe(0);
    expect(text).toContain('# TYPE marquee_http_requests_total counter');
  });

  it('with Postgres down too, a bearer request fails closed: neither store can say whether the token was revoked (issue 17)', async () => {
    const app = createApp();
    const down = {
      ...env,
      UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none',
    } as unknown as Env;
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const r = await app.request(
      '/api/v1/admin/metrics',
      { headers: { authorization: `Bearer ${admin.accessToken}` } },
      down,
    );
    expect(r.status).toBe(503);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe(
      'DEPENDENCY_UNAVAILABLE',
    );
  });
});

describe('POST /api/v1/admin/cache/invalidate', () => {
  it('makes a cached search miss', async () => {
    const q = `/api/v1/search?q=${encodeURIComponent(`westerns ${crypto.randomUUID().slice(0, 8)}`)}&region=US`;
    await call(q);
    expect((await call(q)).body.meta.cache).toBe('hit');
    const r = await send('POST', '/api/v1/admin/cache/invalidate', {
      token: admin.accessToken,
      body: { scope: 'search' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      scope: 'search',
      invalidated: ['search', 'suggestions'],
      catalogVersion: expect.any(Number),
    });
    const again = await call(q);
    expect(again.body.meta.cache).toBe('miss');
    expect(again.headers.get('x-cache')).toBe('MISS');
  });

  it('takes titles for the content scope, refusing unknown ones', async () => {
    const ok = await send('POST', '/api/v1/admin/cache/invalidate', {
      token: admin.accessToken,
      body: { scope: 'content', contentIds: ['jaws-1975'] },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ scope: 'content', contentIds: ['jaws-1975'] });
    const unknown = await send('POST', '/api/v1/admin/cache/invalidate', {
      token: admin.accessToken,
      body: { scope: 'content', contentIds: ['no-such-film-1901'] },
    });
    expect(unknown.status).toBe(404);
    expectErrorShape(unknown.body, 'NOT_FOUND');
  });

  it.each([
    [{ scope: 'everything' }],
    [{ scope: 'content' }],
    [{ scope: 'search', extra: true }],
    [{ scope: 'content', contentIds: ['Not An Id'] }],
  ])('refuses the body %j with a validation error', async (body) => {
    const r = await send('POST', '/api/v1/admin/cache/invalidate', {
      token: admin.accessToken,
      body,
    });
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
  });
});

describe('POST /api/v1/admin/content/sync', () => {
  it('enqueues a check per title and region and answers 202 with the count', async () => {
    const enqueued = (t: string) =>
      sample(t, 'marquee_queue_messages_enqueued_total{queue="availability-checks"}') ?? 0;
    const before: string = (await scrape()).body;
    const r = await send('POST', '/api/v1/admin/content/sync', {
      token: admin.accessToken,
      body: {
        scope: 'availability',
        contentIds: ['jaws-1975', 'alien-1979'],
        regions: ['US', 'gb'],
      },
    });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      scope: 'availability',
      mode: 'titles',
      contentIds: ['jaws-1975', 'alien-1979'],
      regions: ['US', 'GB'],
      checksEnqueued: 4,
    });
    expect(enqueued((await scrape()).body)).toBeGreaterThanOrEqual(enqueued(before) + 4);
  });

  it('starts a full sync with the same sweep as the daily cron', async () => {
    const sent: unknown[] = [];
    const queue = {
      send: async (body: unknown) => void sent.push({ body }),
      sendBatch: async (messages: unknown[]) => void sent.push(...messages),
    };
    const app = createApp();
    const res = await app.request(
      '/api/v1/admin/content/sync',
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${admin.accessToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ scope: 'availability' }),
      },
      { ...env, AVAILABILITY_QUEUE: queue } as unknown as Env,
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({
      scope: 'availability',
      mode: 'full',
      sweepsEnqueued: 1,
      checksEnqueued: 0,
    });
    expect(body.checksExpected).toBeGreaterThan(1000);
    expect(body.checksExpected % 9).toBe(0);
    expect(sent).toEqual([{ body: sweepFor('full') }]);
  });

  it('refuses unknown titles and malformed bodies', async () => {
    const unknown = await send('POST', '/api/v1/admin/content/sync', {
      token: admin.accessToken,
      body: { scope: 'availability', contentIds: ['no-such-film-1901'] },
    });
    expect(unknown.status).toBe(400);
    expectErrorShape(unknown.body, 'VALIDATION_FAILED');
    expect(unknown.body.error.details).toEqual([
      { path: 'contentIds', message: 'no title with id "no-such-film-1901"' },
    ]);
    for (const body of [
      { scope: 'prices' },
      { scope: 'availability', regions: ['US'] },
      { scope: 'availability', contentIds: [] },
    ]) {
      const r = await send('POST', '/api/v1/admin/content/sync', {
        token: admin.accessToken,
        body,
      });
      expect(r.status).toBe(400);
      expectErrorShape(r.body, 'VALIDATION_FAILED');
    }
  });
});

describe('W3C trace context', () => {
  const SPAN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

  it("continues a valid traceparent: same trace id, this request's own span id", async () => {
    const r = await call('/health', { headers: { traceparent: `00-${TRACE}-${PARENT}-01` } });
    const m = SPAN.exec(r.headers.get('traceparent') ?? '');
    expect(m?.[1]).toBe(TRACE);
    expect(m?.[2]).not.toBe(PARENT);
    expect(m?.[3]).toBe('01');
  });

  it.each([undefined, `00-${'0'.repeat(32)}-${PARENT}-01`, `00-${TRACE}-${PARENT}`, 'garbage'])(
    'starts a new trace for %s',
    async (header) => {
      const r = await call('/health', header ? { headers: { traceparent: header } } : undefined);
      const m = SPAN.exec(r.headers.get('traceparent') ?? '');
      expect(m).not.toBeNull();
      expect(m![1]).not.toBe(TRACE);
      expect(m![1]).not.toBe('0'.repeat(32));
    },
  );

  it('echoes traceparent on error responses too', async () => {
    const r = await call('/api/v1/content/no-such-film-1901', {
      headers: { traceparent: `00-${TRACE}-${PARENT}-00` },
    });
    expect(r.status).toBe(404);
    expect(r.headers.get('traceparent')).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-00$`));
  });

  it('puts traceId and spanId on every log line, and gives each search stage a span under the request', async () => {
    const lines: any[] = [];
    vi.spyOn(console, 'log').mockImplementation(
      (l: unknown) => void lines.push(JSON.parse(String(l))),
    );
    const app = createApp();
    const q = encodeURIComponent(`tense thrillers about heists ${crypto.randomUUID().slice(0, 6)}`);
    const res = await app.request(
      `/api/v1/search?q=${q}&region=US`,
      { headers: { traceparent: `00-${TRACE}-${PARENT}-01` } },
      { ...env, LOG_LEVEL: 'debug' } as unknown as Env,
    );
    expect(res.status).toBe(200);
    await res.text();
    const spanId = SPAN.exec(res.headers.get('traceparent') ?? '')![2];
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines)
      expect(l).toMatchObject({ traceId: TRACE, spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({
      spanId,
      parentSpanId: PARENT,
      status: 200,
    });
    const stages = lines.filter((l) => l.msg === 'stage');
    // Without pgvector (Debian's PostgreSQL) the vector leg, and so the embed stage, is skipped.
    const vector = (await (await app.request('/ready', {}, env)).json()) as {
      checks: { vector: { status: string } };
    };
    const expected =
      vector.checks.vector.status === 'ok'
        ? ['parse', 'embed', 'retrieve', 'rank', 'availability']
        : ['parse', 'retrieve', 'rank', 'availability'];
    expect(stages.map((s) => s.stage)).toEqual(expect.arrayContaining(expected));
    for (const s of stages) {
      expect(s).toMatchObject({
        level: 'debug',
        parentSpanId: spanId,
        durationMs: expect.any(Number),
      });
      expect(s.spanId).not.toBe(spanId);
    }
    expect(new Set(stages.map((s) => s.spanId)).size).toBe(stages.length);
  });
});
