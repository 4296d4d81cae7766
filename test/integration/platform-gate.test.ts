import { env } from 'cloudflare:workers';
import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { PlatformGate } from '../../src/durable-objects/platform-gate';
import { send, signUp, signUpAs } from './auth-helpers';

const gate = (name: string) => env.PLATFORM_GATE.get(env.PLATFORM_GATE.idFromName(name));

describe('PlatformGate Durable Object', () => {
  it('grants within the bucket, refuses beyond it with a wait, and counts', async () => {
    const stub = gate('test-rate');
    await stub.configure({ ratePerSecond: 1, burst: 2, ratePerHour: 100, maxConcurrent: 10 });
    const a = await stub.acquire();
    const b = await stub.acquire();
    const c = await stub.acquire();
    expect([a.granted, b.granted, c.granted]).toEqual([true, true, false]);
    expect(c).toMatchObject({ reason: 'rate' });
    const snap = await stub.snapshot();
    expect(snap.stats).toMatchObject({ granted: 2, refused: 1 });
  });

  it('caps calls in flight (bulkhead) until permits are released', async () => {
    const stub = gate('test-bulkhead');
    await stub.configure({ ratePerSecond: 100, burst: 100, ratePerHour: 10_000, maxConcurrent: 2 });
    const p1 = await stub.acquire();
    const p2 = await stub.acquire();
    const p3 = await stub.acquire();
    expect(p3).toMatchObject({ granted: false, reason: 'bulkhead' });
    if (!p1.granted) throw new Error('expected a permit');
    await stub.release(p1.permitId, 'success', 12);
    expect((await stub.acquire()).granted).toBe(true);
    expect(p2.granted).toBe(true);
  });

  it('opens the breaker after failures and lets only probes through after the timeout', async () => {
    const stub = gate('test-breaker');
    await stub.configure(
      { ratePerSecond: 100, burst: 100, ratePerHour: 10_000, maxConcurrent: 50 },
      { minimumVolume: 4, resetTimeoutMs: 60_000, halfOpenProbes: 1 },
    );
    for (let i = 0; i < 4; i++) {
      const p = await stub.acquire();
      if (p.granted) await stub.release(p.permitId, 'failure');
    }
    expect((await stub.snapshot()).breaker).toBe('open');
    const refused = await stub.acquire();
    expect(refused).toMatchObject({ granted: false, reason: 'breaker_open' });
    // after the reset timeout: exactly one probe
    const later = Date.now() + 61_000;
    const results = await runInDurableObject(stub, (instance: PlatformGate) => [
      instance.acquire(later),
      instance.acquire(later),
    ]);
    expect(results.map((r) => r.granted)).toEqual([true, false]);
  });

  it('keeps its state across an eviction', async () => {
    const stub = gate('test-evict');
    await stub.configure({ ratePerSecond: 1, burst: 1, ratePerHour: 100, maxConcurrent: 5 });
    expect((await stub.acquire()).granted).toBe(true);
    await evictDurableObject(stub);
    const again = gate('test-evict');
    expect((await again.acquire()).granted).toBe(false);
    expect((await again.snapshot()).stats.granted).toBe(1);
  });
});

describe('GET /api/v1/admin/platforms', () => {
  it('shows each gate to an admin, with the limits from the platforms table', async () => {
    const admin = await signUpAs('admin', 'gates-admin');
    const r = await send('GET', '/api/v1/admin/platforms', { token: admin.accessToken });
    expect(r.status).toBe(200);
    const netflix = r.body.platforms.find((p: any) => p.platformId === 'netflix');
    expect(netflix).toMatchObject({
      name: 'Netflix',
      breaker: 'closed',
      limits: { ratePerSecond: 10, burst: 20, ratePerHour: 20000 },
    });
  });

  it('refuses anyone else', async () => {
    const user = await signUp('gates-user');
    expect((await send('GET', '/api/v1/admin/platforms', { token: user.accessToken })).status).toBe(
      403,
    );
    expect((await send('GET', '/api/v1/admin/platforms')).status).toBe(401);
  });
});
