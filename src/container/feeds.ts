/** Per-service feeds: one statement per page against Postgres, pages shared by the isolate's requests for FEED_TTL_MS. */
import { createFeedsRepository } from '../db/repositories/feeds';
import { SettledMemo } from '../lib/isolate-cache';
import { FEED_TTL_MS, type FeedsDeps } from '../services/feeds/feeds';
import type { RequestScope } from './request-scope';

/** Feed pages in this isolate; replaced when it holds many keys (cursors make keys unbounded). */
let memo = new SettledMemo(FEED_TTL_MS);
let keys = new Set<string>();
const MAX_KEYS = 500;

function memoized<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (!keys.has(key) && keys.size >= MAX_KEYS) {
    memo = new SettledMemo(FEED_TTL_MS);
    keys = new Set();
  }
  keys.add(key);
  return memo.get(key, read);
}

export interface FeedServices {
  feeds(): FeedsDeps;
  /**
   * A signed-in person's parental limit and region preference (null: no such account; region
   * null: they saved none).
   */
  viewerPreferences(userId: string): Promise<ViewerPreferences | null>;
}

export interface ViewerPreferences {
  region: string | null;
  platforms: string[];
  maxRating: string | null;
}

export function feedServices(scope: RequestScope): FeedServices {
  return {
    feeds: () => ({ repo: createFeedsRepository(scope.db()), memo: memoized }),
    viewerPreferences: async (userId) => {
      const p = await scope.userPreferences(userId);
      return p
        ? { region: p.saved ? p.region : null, platforms: p.platforms, maxRating: p.maxRating }
        : null;
    },
  };
}
