/** Deletes records by age for the retention job (services/ops/retention.ts), one bounded batch per call. */
import { sql, type SQL } from 'drizzle-orm';
import type { RetainedKind, RetentionRepository } from '../../services/ops/retention';
import { dbCall, type Db } from '../client';

const statements: Record<RetainedKind, (cutoff: string, limit: number) => SQL> = {
  searchHistory: (c, n) => sql`delete from search_history where id in (select id from search_history where searched_at < ${c}::timestamptz limit ${n})`,
  viewingHistory: (c, n) => sql`delete from user_history where id in (select id from user_history where occurred_at < ${c}::timestamptz limit ${n})`,
  auditLog: (c, n) => sql`delete from audit_log where id in (select id from audit_log where at < ${c}::timestamptz limit ${n})`,
  expiredTokens: (c, n) => sql`delete from refresh_tokens where id in (select id from refresh_tokens where expires_at < ${c}::timestamptz limit ${n})`,
  webhookEvents: (c, n) => sql`delete from webhook_events where key in (select key from webhook_events where seen_at < ${c}::timestamptz limit ${n})`,
  loginAttempts: (c, n) =>
    sql`delete from login_attempts where (key, window_start) in (select key, window_start from login_attempts where window_start < ${c}::timestamptz limit ${n})`,
};

export function createRetentionRepository(db: Db): RetentionRepository {
  return {
    async deleteBefore(kind, cutoff, limit) {
      const r = await dbCall(() => db.execute(statements[kind](cutoff.toISOString(), limit)));
      return r.rowCount ?? 0;
    },
  };
}
