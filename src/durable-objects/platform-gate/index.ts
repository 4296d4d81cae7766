import { DurableObject } from 'cloudflare:workers';

/** One per platform: token bucket, circuit breaker and bulkhead in front of its partner API. */
export class PlatformGate extends DurableObject<Env> {
  async describe(): Promise<{ platformId: string }> {
    return { platformId: this.ctx.id.name ?? this.ctx.id.toString() };
  }
}
