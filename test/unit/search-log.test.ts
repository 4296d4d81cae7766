import { describe, expect, it } from 'vitest';
import { createSearchLog, SEARCH_LOG_KEY } from '../../src/adapters/upstash/search-log';
import { AppError } from '../../src/lib/errors';
import type { SearchRecord } from '../../src/services/search/ports';

/** Just enough of a Redis client: one list, the claim script, and a pipeline that may fail. */
function fakeRedis(opts: { down?: boolean; rtt?: number } = {}) {
  const list: string[] = [];
  const popular = new Map<string, number>();
  const calls: number[] = [];
  const redis = {
    list,
    popular,
    /** Records per round trip. */
    calls,
    pipeline() {
      const ops: (() => unknown)[] = [];
      let pushed = 0;
      const p = {
        rpush: (_k: string, ...v: string[]) => (
          (pushed += v.length), ops.push(() => list.push(...v)), p
        ),
        zincrby: (_k: string, n: number, q: string) => (
          ops.push(() => popular.set(q, (popular.get(q) ?? 0) + n)), p
        ),
        expire: () => (ops.push(() => 1), p),
        exec: async () => {
          calls.push(pushed);
          if (opts.rtt) await new Promise((r) => setTimeout(r, opts.rtt));
          if (opts.down) throw new Error('fetch failed');
          return ops.map((op) => op());
        },
      };
      return p;
    },
    async eval(_script: string, keys: string[], args: string[]) {
      expect(keys).toEqual([SEARCH_LOG_KEY]);
      return list.splice(0, Number(args[0]));
    },
    async rpush(_k: string, ...values: string[]) {
      list.push(...values);
      return list.length;
    },
  };
  return redis;
}

const rec = (query: string): SearchRecord => ({
  query,
  normalizedQuery: query,
  region: 'US',
  intent: 'search',
  resultCount: 1,
  tookMs: 3,
});

describe('search log', () => {
  it('appends with the time of the search, and drains in batches', async () => {
    const redis = fakeRedis();
    const log = createSearchLog(redis as never, async () => {
      throw new Error('not used');
    });
    const lengths = [];
    for (let i = 0; i < 5; i++) lengths.push(await log.record(rec(`q${i}`)));
    // The caller drains when a batch is full.
    expect(lengths).toEqual([1, 2, 3, 4, 5].map((length) => ({ length, added: 1 })));
    expect(redis.list).toHaveLength(5);
    expect(JSON.parse(redis.list[0]!).at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const batches: string[][] = [];
    const moved = await log.drain(
      async (recs) => (batches.push(recs.map((r) => r.query)), recs.length),
      { batch: 2 },
    );
    expect(moved).toBe(5);
    expect(batches).toEqual([['q0', 'q1'], ['q2', 'q3'], ['q4']]);
    expect(redis.list).toHaveLength(0);
  });

  it('writes straight to Postgres when Redis refuses the append', async () => {
    const direct: SearchRecord[] = [];
    const log = createSearchLog(
      fakeRedis({ down: true }) as never,
      async (r) => void direct.push(r),
    );
    expect(await log.record(rec('westerns'))).toBeNull();
    expect(direct.map((r) => r.query)).toEqual(['westerns']);
    expect(direct[0]!.at).toBeDefined();
  });

  it('puts a batch back when Postgres is unavailable, losing nothing', async () => {
    const redis = fakeRedis();
    const log = createSearchLog(redis as never, async () => {});
    for (let i = 0; i < 3; i++) await log.record(rec(`q${i}`));
    const down = async () => {
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'The database is unavailable right now');
    };
    await expect(log.drain(down)).rejects.toThrow(/unavailable/);
    expect(redis.list.map((x) => JSON.parse(x).query).sort()).toEqual(['q0', 'q1', 'q2']);
  });

  it('drops only the record that Postgres refuses, storing the others', async () => {
    const redis = fakeRedis();
    const log = createSearchLog(redis as never, async () => {});
    for (const q of ['ok1', 'bad', 'ok2']) await log.record(rec(q));
    const stored: string[] = [];
    const warnings: string[] = [];
    const store = async (recs: SearchRecord[]) => {
      if (recs.some((r) => r.query === 'bad'))
        throw Object.assign(new Error('invalid input syntax'), { code: '22P02' });
      stored.push(...recs.map((r) => r.query));
      return recs.length;
    };
    expect(await log.drain(store, { warn: (m) => warnings.push(m) })).toBe(2);
    expect(stored).toEqual(['ok1', 'ok2']);
    expect(warnings).toHaveLength(1);
    expect(redis.list).toHaveLength(0);
  });

  it('records that arrive while an append is on its way share the next one; none is lost', async () => {
    const redis = fakeRedis({ rtt: 20 });
    const log = createSearchLog(redis as never, async () => {
      throw new Error('not used');
    });
    const first = log.record(rec('westerns'));
    const meanwhile = ['alien', 'westerns', 'jaws', 'westerns'].map((q) => log.record(rec(q)));
    // The carried records' calls return at once, without waiting on the other's append.
    expect(await Promise.all(meanwhile)).toEqual([null, null, null, null]);
    expect(await first).toEqual({ length: 5, added: 5 });
    expect(redis.calls).toEqual([1, 4]);
    expect(redis.list.map((x) => JSON.parse(x).query)).toEqual([
      'westerns',
      'alien',
      'westerns',
      'jaws',
      'westerns',
    ]);
    expect(Object.fromEntries(redis.popular)).toEqual({ westerns: 3, alien: 1, jaws: 1 });
    // The loop has ended: the next record makes its own append.
    expect(await log.record(rec('heat'))).toEqual({ length: 6, added: 1 });
  });

  it('Redis refusing a shared append: every record in it goes straight to Postgres', async () => {
    const direct: string[] = [];
    const log = createSearchLog(
      fakeRedis({ down: true, rtt: 10 }) as never,
      async (r) => void direct.push(r.query),
    );
    const first = log.record(rec('a'));
    await Promise.all([log.record(rec('b')), log.record(rec('c'))]);
    expect(await first).toBeNull();
    expect(direct).toEqual(['a', 'b', 'c']);
  });

  it('Postgres refusing one of them too: the others are still written, and the error is thrown', async () => {
    const direct: string[] = [];
    const log = createSearchLog(fakeRedis({ down: true, rtt: 10 }) as never, async (r) => {
      if (r.query === 'b') throw new Error('postgres refused');
      direct.push(r.query);
    });
    const first = log.record(rec('a'));
    await Promise.all([log.record(rec('b')), log.record(rec('c'))]);
    await expect(first).rejects.toThrow('postgres refused');
    expect(direct).toEqual(['a', 'c']);
  });
});
