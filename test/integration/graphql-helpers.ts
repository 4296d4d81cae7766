/** Helpers for the GraphQL suites: a POST to /graphql, and subscriptions read as Server-Sent Events. */
import { exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { rows } from './auth-helpers';
import { call, type JsonResponse } from './helpers';

export function gql(
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<JsonResponse> {
  return call('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
}

/** Titles no other suite touches, picked by popularity rank so each suite can take its own. */
export async function titlesAt(offset: number, n = 1): Promise<string[]> {
  const found = await rows<{ id: string }>(
    sql`select id from content order by popularity desc, id offset ${offset} limit ${n}`,
  );
  return found.map((r) => r.id);
}

export interface Subscription {
  status: number;
  contentType: string | null;
  /** The next `event: next` payload (skipping keep-alive comments). */
  next(): Promise<any>;
  /** Cancels the reader and aborts the request. */
  close(): Promise<void>;
}

/** Opens a GraphQL subscription over SSE; resolves once the server has answered (the subscription is live). */
export async function subscribe(
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<Subscription> {
  const controller = new AbortController();
  const res = await exports.default.fetch(
    new Request('http://marquee.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    }),
  );
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    async next() {
      for (;;) {
        for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const lines = frame.split('\n');
          const event = lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (event === 'next') return JSON.parse(data);
          if (event === 'complete') return { complete: true };
        }
        const r = await reader.read();
        if (r.done) throw new Error(`stream ended; unread: ${buffer}`);
        buffer += decoder.decode(r.value, { stream: true });
      }
    },
    async close() {
      await reader.cancel().catch(() => {});
      controller.abort();
    },
  };
}
