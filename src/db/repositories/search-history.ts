/** Searches stored in search_history, their texts encrypted (lib/pii-cipher.ts). */
import { sql } from 'drizzle-orm';
import type { PiiCipher } from '../../lib/pii-cipher';
import type { SearchRecord } from '../../services/search/ports';
import { dbCall, type Db } from '../client';

/** The columns' names are the ciphertexts' additional data. */
export const SEARCH_PII_COLUMNS = { query: 'search_history.query', normalizedQuery: 'search_history.normalized_query' } as const;

const wellFormed = (t: string) => t.replace(/\0/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** One statement for many records; records of erased accounts are dropped. */
export async function insertSearches(db: Db, pii: PiiCipher, recs: SearchRecord[]): Promise<number> {
  if (recs.length === 0) return 0;
  // Encrypted when the log is drained (cron, a full batch, before an export), never while a
  // search is answered.
  const rows = await Promise.all(recs.map(async (r) => ({
    user_id: r.userId ?? null,
    query: await pii.encrypt(wellFormed(r.query), SEARCH_PII_COLUMNS.query),
    normalized_query: await pii.encrypt(wellFormed(r.normalizedQuery), SEARCH_PII_COLUMNS.normalizedQuery),
    region: r.region,
    intent: r.intent,
    result_count: Math.trunc(r.resultCount),
    took_ms: Number.isFinite(r.tookMs) ? Math.trunc(r.tookMs) : null,
    searched_at: r.at ?? new Date().toISOString(),
  })));
  const r = await dbCall(() =>
    db.execute(sql`insert into search_history (user_id, query, normalized_query, region, intent, result_count, took_ms, searched_at)
      select x.user_id, x.query, x.normalized_query, x.region, x.intent, x.result_count, x.took_ms, x.searched_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(user_id uuid, query text, normalized_query text, region text,
             intent text, result_count int, took_ms int, searched_at timestamptz)
       where x.user_id is null or exists (select 1 from users u where u.id = x.user_id and u.deleted_at is null)`),
  );
  return r.rowCount ?? 0;
}

