import { describe, expect, it } from 'vitest';
import type { RevocationCache, RevocationRecord } from '../../src/services/accounts/ports';
import { createRevocations, newRevocationState, type RevocationState } from '../../src/services/accounts/revocations';

const claims = { jti: 'j1', sid: 's1', sub: 'u1' };

function setup(opts: { redisDown?: boolean; fresh?: boolean; pgRevoked?: string[]; pgDown?: boolean; state?: RevocationState }) {
  const keys = new Set<string>();
  let fresh = opts.fresh ?? true;
  const calls = { pg: 0, resync: 0 };
  const tasks: Promise<unknown>[] = [];
  const down = () => {
    if (opts.redisDown) throw new Error('connection refused');
  };
  const cache: RevocationCache = {
    revokeToken: async (id) => void (down(), keys.add(`jti:${id}`)),
    revokeSession: async (id) => void (down(), keys.add(`sid:${id}`)),
    revokeUser: async (id) => void (down(), keys.add(`sub:${id}`)),
    check: async (c) => (down(), { revoked: keys.has(`jti:${c.jti}`) || keys.has(`sid:${c.sid}`) || keys.has(`sub:${c.sub}`), fresh }),
    resync: async (r) => {
      down();
      calls.resync++;
      for (const s of r.sessions) keys.add(`sid:${s}`);
      fresh = true;
    },
  };
  const record: RevocationRecord = {
    sessionLive: async (c) => {
      calls.pg++;
      if (opts.pgDown) throw new Error('database unavailable');
      return !(opts.pgRevoked ?? []).includes(c.sid);
    },
    revokedSince: async () => ({ sessions: opts.pgRevoked ?? [], users: [] }),
  };
  const state = opts.state ?? newRevocationState();
  const denylist = createRevocations({ cache: () => cache, record: () => record, accessTtlSec: 900, state, background: (t) => void tasks.push(t), log: { warn: () => {} } });
  return { denylist, calls, state, settle: () => Promise.all(tasks), setRedis: (d: boolean) => (opts.redisDown = d) };
}

describe('token revocation: Postgres is the truth, Redis the fast path', () => {
  it('a fresh Redis copy answers alone: no database round trip either way', async () => {
    const t = setup({});
    expect(await t.denylist.isRevoked(claims)).toBe(false);
    await t.denylist.revokeSession('s1', 900);
    expect(await t.denylist.isRevoked(claims)).toBe(true);
    expect(t.calls.pg).toBe(0);
  });

  it('Redis down: Postgres decides (a revoked session is refused, a live one accepted)', async () => {
    expect(await setup({ redisDown: true, pgRevoked: ['s1'] }).denylist.isRevoked(claims)).toBe(true);
    expect(await setup({ redisDown: true }).denylist.isRevoked(claims)).toBe(false);
  });

  it('Redis and Postgres both down: fails closed (the error propagates)', async () => {
    await expect(setup({ redisDown: true, pgDown: true }).denylist.isRevoked(claims)).rejects.toThrow('database unavailable');
  });

  it('a revocation Redis missed: this isolate asks Postgres until a resync succeeds, then trusts Redis again', async () => {
    const t = setup({ redisDown: true, pgRevoked: ['s1'] });
    await t.denylist.revokeSession('s1', 900);
    expect(t.state.dirty).toBe(true);
    t.setRedis(false);
    expect(await t.denylist.isRevoked(claims)).toBe(true);
    await t.settle();
    expect(t.calls.resync).toBe(1);
    expect(t.state.dirty).toBe(false);
    const pgBefore = t.calls.pg;
    expect(await t.denylist.isRevoked(claims)).toBe(true);
    expect(t.calls.pg).toBe(pgBefore);
  });

  it('another isolate (no failure seen) asks Postgres once the freshness marker has expired', async () => {
    const t = setup({ fresh: false, pgRevoked: ['s1'] });
    expect(await t.denylist.isRevoked(claims)).toBe(true);
    expect(t.calls.pg).toBe(1);
    await t.settle();
    expect(t.calls.resync).toBe(1);
  });
});
