/**
 * Retention: personal and operational records are deleted by age, as configured
 * (RETENTION_* vars; 0 keeps them forever), by the hourly and daily cron. Each kind is deleted in
 * bounded batches so one run never holds a long transaction; what a run leaves, the next takes.
 */

export interface RetentionPolicy {
  /** search_history rows older than this many days. */
  searchHistoryDays: number;
  /** user_history (viewing history) rows older than this. */
  viewingHistoryDays: number;
  /** audit_log rows older than this. */
  auditLogDays: number;
  /** Refresh-token rows this many days past their expiry (revoked or not). */
  expiredTokenDays: number;
}

export type RetainedKind = 'searchHistory' | 'viewingHistory' | 'auditLog' | 'expiredTokens' | 'webhookEvents' | 'loginAttempts';

export interface RetentionRepository {
  /** Deletes up to `limit` rows of `kind` older than `cutoff`; returns how many went. */
  deleteBefore(kind: RetainedKind, cutoff: Date, limit: number): Promise<number>;
}

/** The hourly and the daily tick apply retention. */
export const RETENTION_CRONS: Record<string, true> = { '0 * * * *': true, '0 2 * * *': true };

/** Webhook ids are kept a day (a replay after that is refused by its signed timestamp). */
const WEBHOOK_EVENT_DAYS = 1;
/** Sign-in attempt windows are at most a day long. */
const LOGIN_ATTEMPT_DAYS = 1;
const DAY_MS = 86_400_000;

export async function applyRetention(
  repo: RetentionRepository,
  policy: RetentionPolicy,
  opts: { now?: number; batch?: number; maxBatches?: number } = {},
): Promise<Record<RetainedKind, number>> {
  const now = opts.now ?? Date.now();
  const batch = opts.batch ?? 5000;
  const maxBatches = opts.maxBatches ?? 20;
  const days: Record<RetainedKind, number> = {
    searchHistory: policy.searchHistoryDays,
    viewingHistory: policy.viewingHistoryDays,
    auditLog: policy.auditLogDays,
    expiredTokens: policy.expiredTokenDays,
    webhookEvents: WEBHOOK_EVENT_DAYS,
    loginAttempts: LOGIN_ATTEMPT_DAYS,
  };
  const removed = { searchHistory: 0, viewingHistory: 0, auditLog: 0, expiredTokens: 0, webhookEvents: 0, loginAttempts: 0 };
  for (const kind of Object.keys(days) as RetainedKind[]) {
    if (days[kind] <= 0) continue;
    const cutoff = new Date(now - days[kind] * DAY_MS);
    for (let i = 0; i < maxBatches; i++) {
      const n = await repo.deleteBefore(kind, cutoff, batch);
      removed[kind] += n;
      if (n < batch) break;
    }
  }
  return removed;
}
