import { env } from 'cloudflare:workers';
import { createScheduledController } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isolateServices, requestServices } from '../../src/container';
import { onSchedule } from '../../src/cron/schedule';
import type { AvailabilityMessage } from '../../src/schemas/availability';
import { runCheck, runSweep, type PollingDeps } from '../../src/services/availability/polling';
import { withDb } from './auth-helpers';

const SIM = (env as unknown as { PLATFORM_SIM_URL: string }).PLATFORM_SIM_URL;
const sim = async (path: string, body?: unknown) => {
  const r = await fetch(
    `${SIM}${path}`,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  );
  return r.json() as Promise<any>;
};

function pollingDeps() {
  const sent: { body: AvailabilityMessage; delaySeconds?: number }[] = [];
  const dead: { reason: string; body: AvailabilityMessage }[] = [];
  const services = requestServices(isolateServices(env));
  const deps: PollingDeps = {
    ...services.verification(),
    outbox: { send: async (m) => void sent.push(...m) },
    backoffSeconds: (a) => 5 * 2 ** (a - 1),
    recordDeadLetter: async (reason, body) => void dead.push({ reason, body }),
  };
  return { deps, sent, dead, dispose: () => services.dispose() };
}

describe('cron triggers', () => {
  it('start a sweep of the tier their schedule stands for', async () => {
    const sent: unknown[] = [];
    const fakeEnv = {
      ...env,
      AVAILABILITY_QUEUE: { send: async (b: unknown) => void sent.push(b) },
    } as unknown as Env;
    for (const cron of ['*/15 * * * *', '0 * * * *', '0 */6 * * *', '0 2 * * *'])
      await onSchedule(createScheduledController({ cron }), fakeEnv);
    expect(sent).toEqual([
      { kind: 'sweep', tier: 'high', offset: 0, end: 100 },
      { kind: 'sweep', tier: 'medium', offset: 100, end: 500 },
      { kind: 'sweep', tier: 'low', offset: 500, end: 2500 },
      { kind: 'sweep', tier: 'full', offset: 0, end: 1_000_000 },
    ]);
  });
});

describe('priority sweeps', () => {
  it('enqueue a check per title and region for a page, then the next page', async () => {
    const { deps, sent, dispose } = pollingDeps();
    await withDb((db) =>
      db.execute(sql`insert into watchlist (user_id, content_id)
      select id, 'jaws-1975' from users limit 1 on conflict do nothing`),
    ).catch(() => {});
    const n = await runSweep(deps, { kind: 'sweep', tier: 'high', offset: 0, end: 100 });
    expect(n).toBe(50);
    const checks = sent.filter((m) => m.body.kind === 'check');
    expect(checks).toHaveLength(50 * 9);
    expect(sent.at(-1)!.body).toEqual({ kind: 'sweep', tier: 'high', offset: 50, end: 100 });
    await dispose();
  });
});

describe('checks through the gates', () => {
  it('verify every platform in the region and store nothing new when nothing changed', async () => {
    const { deps, sent, dispose } = pollingDeps();
    // Platforms no other test file puts faults on (the simulator is shared by parallel files).
    const platforms = [
      'netflix',
      'prime-video',
      'disney-plus',
      'apple-tv-plus',
      'apple-tv-store',
      'paramount-plus',
    ];
    const r = await runCheck(deps, {
      kind: 'check',
      contentId: 'jaws-1975',
      region: 'GB',
      platforms: platforms.slice(0, 5),
      attempt: 1,
    });
    expect(r.failed).toEqual([]);
    expect(r.checked).toEqual(platforms.slice(0, 5));
    expect(sent).toHaveLength(0);
    await dispose();
  });

  it('defer a rate-limited platform by its Retry-After, and retry a failing one with backoff until the dead-letter record', async () => {
    await sim('/__control', { platform: 'tubi', rateLimited: true });
    await sim('/__control', { platform: 'pluto-tv', errorRate: 1 });
    try {
      const { deps, sent, dead, dispose } = pollingDeps();
      const r = await runCheck(deps, {
        kind: 'check',
        contentId: 'jaws-1975',
        region: 'CA',
        platforms: ['tubi', 'pluto-tv', 'netflix'],
        attempt: 1,
      });
      expect(r.deferred).toEqual(['tubi']);
      expect(r.failed.map((f) => f.platformId)).toEqual(['pluto-tv']);
      expect(sent).toContainEqual({
        body: expect.objectContaining({ platforms: ['tubi'] }),
        delaySeconds: 30,
      });
      expect(sent).toContainEqual({
        body: expect.objectContaining({ platforms: ['pluto-tv'], attempt: 2 }),
        delaySeconds: 5,
      });
      await runCheck(deps, {
        kind: 'check',
        contentId: 'jaws-1975',
        region: 'CA',
        platforms: ['pluto-tv'],
        attempt: 5,
      });
      expect(dead).toHaveLength(1);
      expect(dead[0]!.reason).toMatch(/pluto-tv/);
      await dispose();
    } finally {
      await sim('/__control', { reset: true });
    }
  });

  it('never exceed a platform rate: the gate defers the surplus instead of calling the platform', async () => {
    const ns = env.PLATFORM_GATE;
    await ns
      .get(ns.idFromName('paramount-plus'))
      .configure({ ratePerSecond: 0.01, burst: 2, ratePerHour: 1000 });
    const before = (await sim('/__stats')).served['paramount-plus'] ?? 0;
    const { deps, sent, dispose } = pollingDeps();
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push(
        await runCheck(deps, {
          kind: 'check',
          contentId: 'jaws-1975',
          region: 'US',
          platforms: ['paramount-plus'],
          attempt: 1,
        }),
      );
    const after = (await sim('/__stats')).served['paramount-plus'] ?? 0;
    expect(after - before).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.deferred.length === 1)).toHaveLength(3);
    expect(sent.every((m) => (m.delaySeconds ?? 0) >= 1)).toBe(true);
    await dispose();
  });
});
