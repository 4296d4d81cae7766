import { describe, expect, it } from 'vitest';
import * as personal from '../../src/services/accounts/personal-data';
import type { PersonalDataDeps } from '../../src/services/accounts/personal-data';

const USER = 'u-1';

function deps(calls: string[]): PersonalDataDeps {
  const target = { id: USER, role: 'user' };
  return {
    users: {
      findById: async (id: string) => (id === USER ? target : null),
      unknownPlatforms: async () => [],
      savePreferences: async (id: string) => (
        calls.push('save preferences'), id === USER ? { region: 'US' } : null
      ),
    },
    activity: {
      rate: async (_u: string, contentId: string) => (
        calls.push('rate'), contentId === 'known' ? { contentId, score: 5 } : 'no-content'
      ),
      removeFromWatchlist: async () => (calls.push('unlist'), { removed: true }),
      recordView: async () => (calls.push('view'), 'no-user'),
    },
    privacy: {
      exportUser: async () => (calls.push('export'), {}),
      eraseUser: async () => (
        calls.push('erase'),
        { history: 0, ratings: 0, watchlist: 0, searchHistory: 0, sessionsRevoked: 0 }
      ),
    },
    denylist: {
      revokeUser: async () => void calls.push('deny user'),
      revokeToken: async () => void calls.push('deny token'),
    },
    accessTtlSec: 900,
    log: { warn: () => {} },
    hooks: {
      tasteChanged: async (id: string) => void calls.push(`taste changed ${id}`),
      erased: async (id: string) => void calls.push(`erased ${id}`),
      beforeExportOrErasure: async () => void calls.push('drain'),
    },
  } as unknown as PersonalDataDeps;
}

describe('personal data: the hooks around writes', () => {
  it('runs tasteChanged after each successful taste write', async () => {
    const calls: string[] = [];
    const d = deps(calls);
    await personal.rate(d, USER, 'known', 5);
    await personal.removeFromWatchlist(d, USER, 'known');
    await personal.savePreferences(d, USER, { region: 'US' } as never);
    expect(calls).toEqual([
      'rate',
      `taste changed ${USER}`,
      'unlist',
      `taste changed ${USER}`,
      'save preferences',
      `taste changed ${USER}`,
    ]);
  });

  it('does not run it when the write found no person or title (404)', async () => {
    const calls: string[] = [];
    const d = deps(calls);
    await expect(personal.rate(d, USER, 'unknown', 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(personal.recordView(d, USER, 'known')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(personal.savePreferences(d, 'someone-else', {} as never)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(calls).toEqual(['rate', 'view', 'save preferences']);
  });

  it('drains pending records before an export and an erasure, and forgets the erased account', async () => {
    const calls: string[] = [];
    const d = deps(calls);
    await personal.exportData(d, USER);
    await personal.eraseAccount(
      d,
      { id: USER, role: 'user', jti: 'j', exp: Math.floor(Date.now() / 1000) + 60 },
      USER,
    );
    expect(calls).toEqual([
      'drain',
      'export',
      'drain',
      'erase',
      `erased ${USER}`,
      'deny user',
      'deny token',
    ]);
  });

  it('works without hooks', async () => {
    const calls: string[] = [];
    const d = { ...deps(calls), hooks: undefined };
    await personal.rate(d, USER, 'known', 5);
    expect(calls).toEqual(['rate']);
  });
});
