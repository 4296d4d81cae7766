/**
 * The brute-force guard's fallback counter in Postgres: fixed windows per hashed key, used only
 * while Redis (the sliding window) cannot answer. One statement per attempt.
 */
import { sql } from 'drizzle-orm';
import type { AttemptLimiter } from '../../services/accounts/ports';
import { dbCall, type Db } from '../client';

export function createLoginAttemptStore(db: Db): AttemptLimiter {
  const windowStart = (windowSec: number) => {
    const w = windowSec * 1000;
    return new Date(Math.floor(Date.now() / w) * w);
  };
  return {
    async limit(bucket, identifier, max, windowSec) {
      const start = windowStart(windowSec);
      const r = await dbCall(() =>
        db.execute(sql`insert into login_attempts (key, window_start, attempts) values (${`${bucket}:${identifier}`}, ${start.toISOString()}::timestamptz, 1)
          on conflict (key, window_start) do update set attempts = login_attempts.attempts + 1
          returning attempts`),
      );
      const attempts = Number((r.rows[0] as { attempts: number }).attempts);
      const reset = start.getTime() + windowSec * 1000;
      return { success: attempts <= max, limit: max, remaining: Math.max(0, max - attempts), reset };
    },
    async refund(bucket, identifier, _max, windowSec) {
      await dbCall(() =>
        db.execute(sql`update login_attempts set attempts = greatest(0, attempts - 1)
          where key = ${`${bucket}:${identifier}`} and window_start = ${windowStart(windowSec).toISOString()}::timestamptz`),
      );
    },
  };
}
