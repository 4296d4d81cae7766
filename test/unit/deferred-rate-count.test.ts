import { describe, expect, it } from 'vitest';
import { countDeferred } from '../../src/middleware/rate-limit';

const decision = (success = true) => ({
  success,
  limit: 10,
  remaining: 5,
  reset: Date.now() + 60_000,
  timedOut: false,
  pending: Promise.resolve(),
});

describe('deferred rate counting (autocomplete)', () => {
  it('adds up the keystrokes that arrive while a count is on its way, and sends them as one', async () => {
    const rates: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const spend = async (rate: number) => {
      rates.push(rate);
      if (rates.length === 1) await gate;
      return decision();
    };
    const key = `k-${Math.random()}`;
    const first = countDeferred(key, spend);
    expect(first).toBeDefined();
    for (let i = 0; i < 4; i++) expect(countDeferred(key, spend)).toBeUndefined();
    release();
    await first;
    expect(rates).toEqual([1, 4]);
    // The loop is over: the next keystroke starts a new count.
    const next = countDeferred(key, spend);
    expect(next).toBeDefined();
    await next;
    expect(rates).toEqual([1, 4, 1]);
  });

  it('a failed count frees the client for the next one', async () => {
    const key = `k-${Math.random()}`;
    await expect(
      countDeferred(key, async () => Promise.reject(new Error('redis down')))!,
    ).rejects.toThrow('redis down');
    const again = countDeferred(key, async () => decision());
    expect(again).toBeDefined();
    await again;
  });
});
