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

  it('holds at most `maxChars` of answer text, and no answer over an eighth of it', () => {
    const memo = new AnswerMemo(100, 60_000, undefined, 80);
    memo.set('a', 'x'.repeat(10));
    memo.set('b', 'y'.repeat(10));
    memo.set('huge', 'z'.repeat(11)); // over 80 / 8: not kept, nothing dropped for it
    expect(memo.get('huge')).toBeUndefined();
    expect(memo.heldChars).toBe(20);
    for (let i = 0; i < 7; i++) memo.set(`k${i}`, 'w'.repeat(10));
    // 9 answers of 10 characters and room for 80: the oldest went.
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('b')).toBe('y'.repeat(10));
    expect(memo.heldChars).toBe(80);
    memo.set('k0', 'v'.repeat(5)); // replaced, not counted twice
    expect(memo.heldChars).toBe(75);
    expect(memo.get('k0')).toBe('v'.repeat(5));
  });

  it('forgets the characters of an answer that expired', () => {
    let now = 0;
    const memo = new AnswerMemo(10, 1000, () => now, 1000);
    memo.set('a', 'x'.repeat(100));
    now = 1000;
    expect(memo.get('a')).toBeUndefined();
    expect(memo.heldChars).toBe(0);
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
