import { env, exports } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { consumeAvailability } from '../../src/queues/availability';
import { signWebhook } from '../../src/services/availability/webhook-signature';
import { expectErrorShape } from './helpers';
import { platformNotOffering, rows } from './auth-helpers';

const SECRET = 'dev-secret-netflix';
const TITLE = 'the-godfather-1972';
let seq = 0;

function payload(offers: unknown[], over: Record<string, unknown> = {}) {
  return {
    eventId: `evt-${Date.now()}-${seq++}`,
    type: 'availability.updated',
    occurredAt: new Date().toISOString(),
    contentId: TITLE,
    region: 'US',
    offers,
    ...over,
  };
}

async function post(
  platform: string,
  body: unknown,
  opts: { secret?: string; ts?: number; raw?: string } = {},
) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const sig = await signWebhook(opts.secret ?? SECRET, ts, raw);
  const res = await exports.default.fetch(
    new Request(`http://marquee.test/api/v1/webhooks/${platform}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-marquee-timestamp': String(ts),
        'x-marquee-signature': sig,
      },
      body: raw,
    }),
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Delivers messages to the consumer the way the queue would, and returns what it decided. */
async function deliver(messages: unknown[], queue = 'availability-checks', attempts = 1) {
  const batch = createMessageBatch(
    queue,
    messages.map((body, i) => ({
      id: `m-${Date.now()}-${seq++}-${i}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await consumeAvailability(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

const sqlChanges = (platform: string) =>
  sql`select kind::text, price_tier::text from availability_changes where content_id = ${TITLE} and platform_id = ${platform} order by id`;

describe('platform webhooks', () => {
  const offer = {
    priceTier: 'subscription',
    url: 'https://www.netflix.com/title/the-godfather-1972',
    quality: 'hd',
  };

  it('accepts a signed event (202) and the consumer turns it into change events, idempotently', async () => {
    const body = payload([
      offer,
      {
        priceTier: 'rent',
        amount: 3.99,
        currency: 'USD',
        url: 'https://www.netflix.com/title/x',
        quality: '4k',
      },
    ]);
    const r = await post('netflix', body);
    expect(r.status).toBe(202);
    const message = {
      kind: 'snapshot',
      platformId: 'netflix',
      eventId: body.eventId,
      contentId: TITLE,
      region: 'US',
      offers: body.offers.map((o: any) => ({
        amount: null,
        currency: null,
        leavingAt: null,
        ...o,
      })),
      source: 'webhook:netflix',
    };
    const first = await deliver([message]);
    expect(first.explicitAcks).toHaveLength(1);
    const after1 = await rows<{ kind: string }>(sqlChanges('netflix'));
    // the same message again (a redelivery) changes nothing
    await deliver([message]);
    const after2 = await rows<{ kind: string }>(sqlChanges('netflix'));
    expect(after2.length).toBe(after1.length);
    // a price change is detected
    await deliver([
      { ...message, offers: [message.offers[0], { ...message.offers[1], amount: 4.99 }] },
    ]);
    const after3 = await rows<{ kind: string; price_tier: string }>(sqlChanges('netflix'));
    expect(after3.at(-1)).toEqual({ kind: 'price_changed', price_tier: 'rent' });
    const detail = await exports.default.fetch(
      new Request(`http://marquee.test/api/v1/content/${TITLE}?region=US`),
    );
    const d = (await detail.json()) as any;
    expect(
      d.availability.US.find((o: any) => o.platformId === 'netflix' && o.priceTier === 'rent')
        .amount,
    ).toBe(4.99);
  });

  it('acknowledges a replayed event id without queuing it again', async () => {
    const body = payload([offer]);
    expect((await post('netflix', body)).status).toBe(202);
    const again = await post('netflix', body);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('duplicate');
  });

  it('refuses bad signatures and stale timestamps with 401, storing nothing', async () => {
    const body = payload([offer]);
    const bad = await post('netflix', body, { secret: 'wrong' });
    expect(bad.status).toBe(401);
    expectErrorShape(bad.body, 'UNAUTHORIZED');
    const old = await post('netflix', body, { ts: Math.floor(Date.now() / 1000) - 600 });
    expect(old.status).toBe(401);
    expect(old.body.error.message).toMatch(/5 minutes/);
    // the event id was never marked as seen: a correctly signed retry is accepted
    expect((await post('netflix', body)).status).toBe(202);
  });

  it('unknown platform 404, malformed payloads 400', async () => {
    expect((await post('no-such-platform', payload([offer]))).status).toBe(404);
    const malformed = await post('netflix', null, { raw: '{"eventId": ' });
    expect(malformed.status).toBe(400);
    const invalid = await post('netflix', payload([{ priceTier: 'free-ish' }]));
    expect(invalid.status).toBe(400);
    expectErrorShape(invalid.body, 'VALIDATION_FAILED');
    const unknownTitle = await post(
      'netflix',
      payload([offer], { contentId: 'no-such-film-1901' }),
    );
    expect(unknownTitle.status).toBe(400);
  });
});

describe('availability queue consumer', () => {
  it('retries a failing message with backoff and records it when dead-lettered', async () => {
    const failing = {
      kind: 'snapshot',
      platformId: 'netflix',
      eventId: 'e',
      contentId: 'no-such-film-1901',
      region: 'US',
      offers: [
        {
          priceTier: 'rent',
          amount: 1,
          currency: 'USD',
          url: 'https://x.test/a',
          quality: 'hd',
          leavingAt: null,
        },
      ],
      source: 'test',
    };
    const r = await deliver([failing], 'availability-checks', 3);
    expect(r.retryMessages).toHaveLength(1);
    const dlq = await deliver([failing], 'availability-checks-dlq');
    expect(dlq.explicitAcks).toHaveLength(1);
    const dead = await rows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'availability_dead_letter'`,
    );
    expect(dead[0]!.n).toBeGreaterThan(0);
  });

  it('drops a malformed message instead of retrying it forever', async () => {
    const r = await deliver([{ kind: 'nonsense' }]);
    expect(r.explicitAcks).toHaveLength(1);
    expect(r.retryMessages).toHaveLength(0);
  });
});

describe('watchlist notifications', () => {
  it('tell people with the title on their watchlist what changed, and nobody else', async () => {
    const { signUp, send } = await import('./auth-helpers');
    const fan = await signUp('notify-fan');
    const other = await signUp('notify-other');
    const title = 'jaws-1975';
    expect(
      (
        await send('POST', '/api/v1/me/watchlist', {
          token: fan.accessToken,
          body: { contentId: title },
        })
      ).status,
    ).toBeLessThan(300);
    const platformId = await platformNotOffering(title);
    const msg = {
      kind: 'snapshot',
      platformId,
      eventId: 'n1',
      contentId: title,
      region: 'US',
      offers: [
        {
          priceTier: 'ads',
          amount: null,
          currency: null,
          url: 'https://example.com/watch/jaws',
          quality: 'hd',
          leavingAt: null,
        },
      ],
      source: 'test',
    };
    await deliver([msg]);
    const mine = await send('GET', '/api/v1/me/notifications', { token: fan.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.body.unread).toBeGreaterThan(0);
    expect(mine.body.items[0]).toMatchObject({
      contentId: title,
      title: 'Jaws',
      platformId,
      kind: 'added',
    });
    const theirs = await send('GET', '/api/v1/me/notifications', { token: other.accessToken });
    expect(theirs.body.items).toHaveLength(0);
    const read = await send('POST', '/api/v1/me/notifications/read', {
      token: fan.accessToken,
      body: {},
    });
    expect(read.body.marked).toBeGreaterThan(0);
    expect(
      (await send('GET', '/api/v1/me/notifications?unread=true', { token: fan.accessToken })).body
        .items,
    ).toHaveLength(0);
    expect((await send('GET', '/api/v1/me/notifications')).status).toBe(401);
  });
});
