import { describe, expect, it } from 'vitest';
import { applyRetention, type RetainedKind } from '../../src/services/ops/retention';

const DAY = 86_400_000;

function fakeRepo(rows: Record<RetainedKind, number[]>) {
  const calls: { kind: RetainedKind; cutoff: number }[] = [];
  return {
    calls,
    rows,
    repo: {
      async deleteBefore(kind: RetainedKind, cutoff: Date, limit: number) {
        calls.push({ kind, cutoff: cutoff.getTime() });
        const old = rows[kind].filter((t) => t < cutoff.getTime()).slice(0, limit);
        rows[kind] = rows[kind].filter((t) => !old.includes(t));
        return old.length;
      },
    },
  };
}

describe('retention', () => {
  it('deletes each kind older than its limit, in batches, and keeps a kind whose limit is 0', async () => {
    const now = Date.UTC(2026, 10, 30);
    const ages = (days: number[]) => days.map((d, i) => now - d * DAY - i);
    const f = fakeRepo({
      searchHistory: ages([1, 100, 200, 300, 400]),
      viewingHistory: ages([1, 800]),
      auditLog: ages([5, 5000]),
      expiredTokens: ages([1, 30]),
      webhookEvents: ages([0.5, 2]),
      loginAttempts: ages([0.1, 3]),
    });
    const removed = await applyRetention(f.repo, { searchHistoryDays: 180, viewingHistoryDays: 730, auditLogDays: 0, expiredTokenDays: 7 }, { now, batch: 1 });
    expect(removed).toEqual({ searchHistory: 3, viewingHistory: 1, auditLog: 0, expiredTokens: 1, webhookEvents: 1, loginAttempts: 1 });
    expect(f.rows.searchHistory).toHaveLength(2);
    expect(f.rows.auditLog).toHaveLength(2);
    expect(f.calls.some((c) => c.kind === 'auditLog')).toBe(false);
    expect(f.calls.find((c) => c.kind === 'searchHistory')!.cutoff).toBe(now - 180 * DAY);
  });

  it('stops after its batch budget; the next run takes the rest', async () => {
    const now = Date.now();
    const f = fakeRepo({ searchHistory: Array.from({ length: 10 }, (_, i) => now - 400 * DAY - i), viewingHistory: [], auditLog: [], expiredTokens: [], webhookEvents: [], loginAttempts: [] });
    const policy = { searchHistoryDays: 180, viewingHistoryDays: 0, auditLogDays: 0, expiredTokenDays: 0 };
    expect((await applyRetention(f.repo, policy, { now, batch: 3, maxBatches: 2 })).searchHistory).toBe(6);
    expect((await applyRetention(f.repo, policy, { now, batch: 3, maxBatches: 2 })).searchHistory).toBe(4);
  });
});
