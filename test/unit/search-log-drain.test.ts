import { describe, expect, it } from 'vitest';
import {
  SEARCH_LOG_BATCH,
  type SearchLog,
  type SearchRecord,
} from '../../src/services/search/ports';
import {
  drainSearchLog,
  recordSearch,
  type SearchLogDeps,
} from '../../src/services/search/search-log';

const rec = (query: string): SearchRecord =>
  ({
    query,
    normalizedQuery: query,
    region: 'US',
    intent: 'search',
    resultCount: 1,
    tookMs: 1,
  }) as SearchRecord;

function setup(log?: Partial<SearchLog>) {
  const direct: string[] = [];
  const drains: (number | undefined)[] = [];
  const warnings: string[] = [];
  const deps: SearchLogDeps = {
    log: log
      ? ({
          record: async () => ({ length: 1, added: 1 }),
          drain: async (_store, o) => (drains.push(o?.maxBatches), 0),
          ...log,
        } as SearchLog)
      : undefined,
    history: {
      recordSearch: async (r) => void direct.push(r.query),
      recordSearches: async (rs) => rs.length,
    },
    warn: (msg) => void warnings.push(msg),
  };
  return { deps, direct, drains, warnings };
}

describe('the search log service (when searches reach search_history)', () => {
  it('without a log (no Redis), each search is written straight to history', async () => {
    const { deps, direct } = setup();
    await recordSearch(deps, rec('alien'));
    expect(direct).toEqual(['alien']);
    expect(await drainSearchLog(deps)).toBe(0);
  });

  it('the search whose append fills a batch drains one batch; the others only append', async () => {
    let length = SEARCH_LOG_BATCH - 2;
    const { deps, drains, direct } = setup({
      record: async () => ({ length: ++length, added: 1 }),
    });
    await recordSearch(deps, rec('a'));
    expect(drains).toEqual([]);
    await recordSearch(deps, rec('b'));
    expect(drains).toEqual([1]);
    await recordSearch(deps, rec('c'));
    expect(drains).toEqual([1]);
    expect(direct).toEqual([]);
  });

  it('an append that carried several records past a full batch drains it too', async () => {
    const { deps, drains } = setup({
      record: async () => ({ length: SEARCH_LOG_BATCH + 3, added: 7 }),
    });
    await recordSearch(deps, rec('a'));
    expect(drains).toEqual([1]);
  });

  it('a record another append carries drains nothing', async () => {
    const { deps, drains, direct } = setup({ record: async () => null });
    await recordSearch(deps, rec('a'));
    expect(drains).toEqual([]);
    expect(direct).toEqual([]);
  });

  it('a drain that fails is logged and reports nothing moved (the records wait for the next one)', async () => {
    const { deps, warnings } = setup({
      drain: async () => Promise.reject(new Error('postgres down')),
    });
    expect(await drainSearchLog(deps)).toBe(0);
    expect(warnings).toEqual(['search log not drained; the records wait for the next drain']);
  });
});
