/**
 * When the search log is drained into search_history:
 * - by the search whose append fills a batch (`recordSearch`), so the list stays short between
 *   cron ticks however busy search is: one database round trip per SEARCH_LOG_BATCH searches;
 * - by every cron tick (src/cron/schedule.ts);
 * - before a personal-data export or erasure, so that an export holds every search and an
 *   erasure removes them (the accounts service's `beforeExportOrErasure` hook).
 * Without Redis there is no log: each search is written straight to Postgres.
 */
import {
  SEARCH_LOG_BATCH,
  type SearchLog,
  type SearchRecord,
  type SearchRepository,
} from './ports';

export interface SearchLogDeps {
  /** Absent without Redis. */
  log: SearchLog | undefined;
  history: Pick<SearchRepository, 'recordSearch' | 'recordSearches'>;
  warn: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Records one search: on the log (draining a batch when this call's append fills one), else straight to history. */
export async function recordSearch(deps: SearchLogDeps, rec: SearchRecord): Promise<void> {
  if (!deps.log) return deps.history.recordSearch(rec);
  const appended = await deps.log.record(rec);
  if (!appended) return;
  // Its appends took the list past a multiple of the batch: a batch is full.
  const { length, added } = appended;
  if (Math.floor(length / SEARCH_LOG_BATCH) > Math.floor((length - added) / SEARCH_LOG_BATCH))
    await drainSearchLog(deps, { maxBatches: 1 });
}

/** Moves pending searches into search_history; failures are logged, never thrown. Returns how many moved. */
export async function drainSearchLog(
  deps: SearchLogDeps,
  opts: { maxBatches?: number } = {},
): Promise<number> {
  if (!deps.log) return 0;
  try {
    return await deps.log.drain((recs) => deps.history.recordSearches(recs), {
      warn: deps.warn,
      maxBatches: opts.maxBatches,
    });
  } catch (err) {
    deps.warn('search log not drained; the records wait for the next drain', {
      error: err instanceof Error ? err.message : String(err),
    });
    return 0;
  }
}
