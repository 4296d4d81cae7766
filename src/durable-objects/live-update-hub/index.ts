/**
 * LiveUpdateHub: one Durable Object per title, and one per person (named `user:<id>`, for their
 * watchlist notifications). Subscribers hold a Server-Sent Events stream open to it; every change
 * published to it is fanned out.
 */
import { DurableObject } from 'cloudflare:workers';
import type { LiveEvent } from '../../services/availability/ports';

const encoder = new TextEncoder();

export class LiveUpdateHub extends DurableObject<Env> {
  private readonly streams = new Set<WritableStreamDefaultWriter<Uint8Array>>();

  override async fetch(request: Request): Promise<Response> {
    const region = new URL(request.url).searchParams.get('region');
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    (writer as unknown as { region: string | null }).region = region;
    this.streams.add(writer);
    // A comment line first: proxies flush, and the client knows it is connected.
    void writer.write(encoder.encode(`: connected\nretry: 5000\n\n`)).catch(() => this.streams.delete(writer));
    // The subscriber cancelled its end (a Worker relaying the stream went away): forget it now,
    // rather than at the next publish, so subscribers() stays true.
    writer.closed.catch(() => this.streams.delete(writer));
    request.signal?.addEventListener('abort', () => {
      this.streams.delete(writer);
      // The subscriber went away: its stream may be closed already, and nobody is left to tell.
      void writer.close().catch(() => {});
    });
    return new Response(readable, {
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive' },
    });
  }

  /** Sends a change to every subscriber (of that region, when they chose one); returns how many got it. */
  async publish(event: LiveEvent): Promise<number> {
    const frame = encoder.encode(`event: availability\nid: ${Date.now()}\ndata: ${JSON.stringify(event)}\n\n`);
    let sent = 0;
    await Promise.all(
      [...this.streams].map(async (w) => {
        const region = (w as unknown as { region: string | null }).region;
        if (region && region !== event.region) return;
        try {
          await w.write(frame);
          sent++;
        } catch {
          this.streams.delete(w); // the subscriber went away
        }
      }),
    );
    return sent;
  }

  subscribers(): number {
    return this.streams.size;
  }
}
