import { DurableObject } from 'cloudflare:workers';

/** One per title: fans availability changes out to its live subscribers. */
export class LiveUpdateHub extends DurableObject<Env> {
  async subscribers(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }
}
