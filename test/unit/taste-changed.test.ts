import { describe, expect, it } from 'vitest';
import type { RecsCache } from '../../src/services/recommendations/ports';
import {
  tasteChanged,
  type TasteChangeDeps,
} from '../../src/services/recommendations/taste-changed';

function setup(opts: { forgetFails?: boolean; withRecs?: boolean } = {}) {
  const events: string[] = [];
  const tasks: Promise<unknown>[] = [];
  const cache: RecsCache = {
    get: async () => ({ json: null, generation: '1' }),
    put: async (userId, variant) => (events.push(`stored ${userId} ${variant}`), true),
    forget: async (userId) => {
      events.push(`forgot ${userId}`);
      if (opts.forgetFails) throw new Error('redis down');
    },
  };
  const deps: TasteChangeDeps = {
    cache,
    // A person the repository does not know: recomputing fails, which must stay quiet but logged.
    recommendations:
      opts.withRecs === false
        ? undefined
        : async () => ({
            repo: { person: async () => null } as never,
            vector: null,
            config: {} as never,
            cache,
          }),
    background: (t) => void tasks.push(t),
    warn: (msg) => void events.push(`warn: ${msg}`),
  };
  return { deps, events, settle: () => Promise.all(tasks) };
}

describe('tasteChanged (after a rating, a watchlist change, a view, new preferences)', () => {
  it('forgets the cached lists, then recomputes the default list in the background', async () => {
    const { deps, events, settle } = setup();
    await tasteChanged(deps, 'u-1');
    expect(events).toEqual(['forgot u-1']);
    await settle();
    expect(events).toEqual([
      'forgot u-1',
      'warn: default recommendations not recomputed after a taste change',
    ]);
  });

  it('a failure to forget is logged, and the recomputation still starts', async () => {
    const { deps, events, settle } = setup({ forgetFails: true });
    await tasteChanged(deps, 'u-1');
    await settle();
    expect(events[0]).toBe('forgot u-1');
    expect(events[1]).toMatch(/^warn: cached recommendations not forgotten/);
    expect(events).toHaveLength(3);
  });

  it('without a cache to keep it, nothing is recomputed', async () => {
    const { deps, events, settle } = setup({ withRecs: false });
    await tasteChanged(deps, 'u-1');
    await settle();
    expect(events).toEqual(['forgot u-1']);
  });
});
