import { describe, expect, it } from 'vitest';
import { lease } from '../../src/lib/isolate-cache';
import { AnswerMemo } from '../../src/services/search/answer-memo';

describe('AnswerMemo (isolate memory for suggestions)', () => {
  it('answers until the entry is older than its time to live', () => {
    let now = 0;
    const memo = new AnswerMemo(10, 60_000, () => now);
    memo.set('k', 'body');
    now = 59_999;
    expect(memo.get('k')).toBe('body');
    now = 60_000;
    expect(memo.get('k')).toBeUndefined();
    expect(memo.size).toBe(0);
  });

  it('holds at most `max` entries, dropping the least recently used', () => {
    const memo = new AnswerMemo(2);
    memo.set('a', '1');
    memo.set('b', '2');
    expect(memo.get('a')).toBe('1'); // a is now the most recent
    memo.set('c', '3');
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBe('1');
    expect(memo.get('c')).toBe('3');
    expect(memo.size).toBe(2);
  });
});

describe('lease (a value read at most once per period)', () => {
  it('shares a settled read within the period, reads again after it', async () => {
    let now = 0;
    let reads = 0;
    const version = lease<number>(1000, () => now);
    const read = async () => ++reads;
    expect(await version(read)).toBe(1);
    now = 999;
    expect(await Promise.all([version(read), version(read)])).toEqual([1, 1]);
    now = 1000;
    expect(await version(read)).toBe(2);
  });

  it('never hands out a read still in flight (workerd ties a promise to the request that started it)', async () => {
    let release!: (v: number) => void;
    const version = lease<number>(1000);
    const first = version(() => new Promise<number>((r) => (release = r)));
    let reads = 0;
    const second = version(async () => (reads++, 8));
    expect(await second).toBe(8);
    expect(reads).toBe(1);
    release(7);
    expect(await first).toBe(7);
  });

  it('does not keep a failed read', async () => {
    const version = lease<number>(60_000);
    await expect(version(() => Promise.reject(new Error('redis down')))).rejects.toThrow(
      'redis down',
    );
    expect(await version(async () => 7)).toBe(7);
  });
});
