/**
 * Subscribing to a LiveUpdateHub from inside the Worker: the hub's Server-Sent Events stream,
 * parsed back into events. `return()` cancels the stream at once, even while a read is pending,
 * so a GraphQL client that goes away releases its hub subscription.
 */
import type { LiveEvent, LiveFeed, LiveTopic } from '../../services/availability/ports';
import { liveHub } from './live-hubs';

/** The `data:` of an `event: availability` frame; comments and other frames are skipped. */
export function parseHubFrame(frame: string): LiveEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (event !== 'availability' || data.length === 0) return undefined;
  try {
    return JSON.parse(data.join('\n')) as LiveEvent;
  } catch {
    return undefined;
  }
}

export function createLiveFeed(ns: Env['LIVE_UPDATES']) {
  const hubUrl = (region?: string) => `https://live-update-hub/subscribe${region ? `?region=${encodeURIComponent(region)}` : ''}`;
  return {
    /** The hub's SSE response as-is (the REST stream passes it through). */
    stream(topic: LiveTopic, request: Request): Promise<Response> {
      return liveHub(ns, topic).fetch(request);
    },

    async subscribe(topic, opts = {}) {
      const abort = new AbortController();
      const res = await liveHub(ns, topic).fetch(hubUrl(opts.region), { signal: abort.signal });
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new Error(`live update hub answered ${res.status}`);
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const ready: LiveEvent[] = [];
      let buffer = '';
      let finished = false;
      const end = async (): Promise<IteratorResult<LiveEvent>> => {
        if (!finished) {
          finished = true;
          // The subscriber stopped listening: a stream that already failed has nothing to cancel.
          await reader.cancel().catch(() => {});
          abort.abort();
        }
        return { done: true, value: undefined };
      };
      const it: AsyncIterableIterator<LiveEvent> = {
        async next() {
          while (!finished) {
            const ev = ready.shift();
            if (ev) return { done: false, value: ev };
            // A read that fails (the hub went away) ends the feed as its end would.
            const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
            if (r.done) break;
            buffer += r.value.replace(/\r\n?/g, '\n');
            for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
              const parsed = parseHubFrame(buffer.slice(0, i));
              buffer = buffer.slice(i + 2);
              if (parsed) ready.push(parsed);
            }
          }
          return end();
        },
        return: end,
        [Symbol.asyncIterator]() {
          return it;
        },
      };
      return it;
    },
  } satisfies LiveFeed & { stream: unknown };
}
