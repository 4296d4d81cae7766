/**
 * Described titles (facts, director, offers in a region) kept in the isolate's memory between
 * requests, under the catalog version: every catalog or availability change raises the version,
 * and the memo then starts empty, so it never serves an offer that has changed. Lists are
 * mostly made of the same popular titles, so describing them is the step a warm isolate can
 * skip (7–12 ms of a computed list through the local database).
 */
import type { RecTitle, RecsRepository } from './ports';

export class TitleMemo {
  private version: number | undefined;
  private readonly titles = new Map<string, RecTitle>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The titles known at `version` (all entries are dropped when the version moves). */
  lookup(version: number, region: string, ids: string[]): { found: Map<string, RecTitle>; missing: string[] } {
    if (version !== this.version) {
      this.version = version;
      this.titles.clear();
    }
    const found = new Map<string, RecTitle>();
    const missing: string[] = [];
    for (const id of ids) {
      const t = this.titles.get(`${region}\u0000${id}`);
      if (t) found.set(id, t);
      else missing.push(id);
    }
    return { found, missing };
  }

  remember(version: number, region: string, titles: RecTitle[]): void {
    if (version !== this.version) return;
    // Oldest first out: a Map iterates in insertion order.
    for (const t of titles) {
      if (this.titles.size >= this.maxEntries) this.titles.delete(this.titles.keys().next().value!);
      this.titles.set(`${region}\u0000${t.id}`, t);
    }
  }

  get size(): number {
    return this.titles.size;
  }
}

/**
 * `describe` answered from the memo where it can. The catalog version is read once per
 * request, starting when the person is read (a computed list is on its way) so that it travels
 * beside that read rather than before the first description. A version that cannot be read
 * leaves every description to the database.
 */
export function describingFromMemo(repo: RecsRepository, memo: TitleMemo, catalogVersion: () => Promise<number>): RecsRepository {
  let version: Promise<number | null> | undefined;
  // Without a version nothing is memoised: the database describes every title (slower, never stale).
  const readVersion = () => (version ??= catalogVersion().catch(() => null));
  return {
    ...repo,
    person: (userId, limit) => {
      void readVersion();
      return repo.person(userId, limit);
    },
    async describe(ids, region) {
      const v = await readVersion();
      if (v === null) return repo.describe(ids, region);
      const { found, missing } = memo.lookup(v, region, ids);
      if (missing.length) {
        const fetched = await repo.describe(missing, region);
        memo.remember(v, region, fetched);
        for (const t of fetched) found.set(t.id, t);
      }
      // Unknown ids are left out, as the repository does.
      return ids.filter((id) => found.has(id)).map((id) => found.get(id)!);
    },
  };
}
