import { env } from 'cloudflare:workers';
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { consumeAvailability } from '../../src/queues/availability';
import { platformNotOffering, signUp } from './auth-helpers';
import { gql, subscribe, titlesAt } from './graphql-helpers';

/** A platform starts offering the title for free: an 'added' change, as a webhook snapshot brings it. */
async function platformAdds(contentId: string, tag: string): Promise<string> {
  const platformId = await platformNotOffering(contentId);
  const msg = {
    kind: 'snapshot',
    platformId,
    eventId: `gql-${tag}`,
    contentId,
    region: 'US',
    source: 'test',
    offers: [
      {
        priceTier: 'free',
        amount: null,
        currency: null,
        url: `https://example.com/watch/${contentId}`,
        quality: 'hd',
        leavingAt: null,
      },
    ],
  };
  const batch = createMessageBatch('availability-checks', [
    { id: `gql-${tag}`, timestamp: new Date(), attempts: 1, body: msg },
  ]);
  const ctx = createExecutionContext();
  await consumeAvailability(batch, env, ctx);
  await getQueueResult(batch, ctx);
  return platformId;
}

describe('GraphQL subscriptions (Server-Sent Events)', () => {
  it("availabilityChanged pushes a title's change through its LiveUpdateHub", async () => {
    const [contentId] = await titlesAt(40);
    const sub = await subscribe(
      'subscription($id: ID!) { availabilityChanged(contentId: $id, region: US) { contentId region platformId changes { kind priceTier } at } }',
      { id: contentId },
    );
    try {
      expect(sub.status).toBe(200);
      expect(sub.contentType).toContain('text/event-stream');
      const platformId = await platformAdds(contentId!, 'title');
      const event = await sub.next();
      expect(event.errors).toBeUndefined();
      expect(event.data.availabilityChanged).toMatchObject({
        contentId,
        region: 'US',
        platformId,
        changes: [{ kind: 'added', priceTier: 'free' }],
      });
    } finally {
      await sub.close();
    }
  });

  it('a client that goes away releases its hub subscription', async () => {
    const [contentId] = await titlesAt(42);
    const hub = env.LIVE_UPDATES.get(env.LIVE_UPDATES.idFromName(contentId!));
    const sub = await subscribe(
      'subscription($id: ID!) { availabilityChanged(contentId: $id) { contentId } }',
      { id: contentId },
    );
    expect(await hub.subscribers()).toBe(1);
    await sub.close();
    let left = 1;
    for (let i = 0; i < 40 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = await hub.subscribers();
    }
    expect(left).toBe(0);
  });

  it('availabilityChanged for an unknown title is a NOT_FOUND error', async () => {
    const sub = await subscribe(
      'subscription { availabilityChanged(contentId: "no-such-film-1901") { contentId } }',
    );
    try {
      expect(sub.status).toBeLessThan(500);
      const event = await sub.next();
      expect(event.errors[0].extensions.code).toBe('NOT_FOUND');
    } finally {
      await sub.close();
    }
  });

  it("newContentForUser pushes a new offer for a title on the caller's watchlist to their own hub", async () => {
    const [contentId] = await titlesAt(41);
    const acct = await signUp('gql-sub');
    const added = await gql(
      'mutation($id: ID!) { addToWatchlist(contentId: $id) { added } }',
      { id: contentId },
      acct.accessToken,
    );
    expect(added.body.data.addToWatchlist.added).toBe(true);
    const sub = await subscribe(
      'subscription { newContentForUser { contentId region platformId changes { kind priceTier } } }',
      undefined,
      acct.accessToken,
    );
    try {
      expect(sub.status).toBe(200);
      const platformId = await platformAdds(contentId!, 'user');
      const event = await sub.next();
      expect(event.errors).toBeUndefined();
      expect(event.data.newContentForUser).toEqual({
        contentId,
        region: 'US',
        platformId,
        changes: [{ kind: 'added', priceTier: 'free' }],
      });
    } finally {
      await sub.close();
    }
  });

  it('newContentForUser without a token is UNAUTHENTICATED', async () => {
    const sub = await subscribe('subscription { newContentForUser { contentId } }');
    try {
      const event = await sub.next();
      expect(event.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(event.errors[0].message).toMatch(/Sign in/);
    } finally {
      await sub.close();
    }
  });
});
