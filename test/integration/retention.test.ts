/**
 * Issue 17: nothing used to be deleted by age. The retention job (run by the hourly and daily
 * cron) deletes search history, viewing history, audit records and expired refresh tokens past
 * their configured limits (RETENTION_* vars), and the guards' webhook ids and sign-in windows.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isolateServices, requestServices } from '../../src/container';
import { RETENTION_CRONS, applyRetention } from '../../src/services/ops/retention';
import { rows, signUp, withDb } from './auth-helpers';

const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('retention', () => {
  it('deletes records past their limits and keeps the rest', async () => {
    const a = await signUp('retention');
    const tag = crypto.randomUUID().slice(0, 8);
    await withDb(async (db) => {
      await db.execute(sql`insert into search_history (user_id, query, normalized_query, region, result_count, searched_at) values
        (${a.id}::uuid, ${`old ${tag}`}, 'x', 'US', 1, ${ago(400)}::timestamptz), (${a.id}::uuid, ${`new ${tag}`}, 'x', 'US', 1, ${ago(1)}::timestamptz)`);
      await db.execute(sql`insert into user_history (user_id, content_id, kind, occurred_at) values
        (${a.id}::uuid, 'the-godfather-1972', 'view', ${ago(1000)}::timestamptz), (${a.id}::uuid, 'alien-1979', 'view', ${ago(2)}::timestamptz)`);
      await db.execute(sql`insert into audit_log (action, subject, at) values ('old.thing', ${`retention:${tag}`}, ${ago(1000)}::timestamptz), ('new.thing', ${`retention:${tag}`}, now())`);
      await db.execute(sql`insert into refresh_tokens (user_id, family_id, token_hash, expires_at) values
        (${a.id}::uuid, gen_random_uuid(), ${`old-${tag}`}, ${ago(30)}::timestamptz), (${a.id}::uuid, gen_random_uuid(), ${`live-${tag}`}, ${ago(-7)}::timestamptz)`);
      await db.execute(sql`insert into webhook_events (key, seen_at) values (${`webhook:old:${tag}`}, ${ago(2)}::timestamptz), (${`webhook:new:${tag}`}, now())`);
    });
    const iso = isolateServices(env);
    expect(iso.config.retention).toEqual({ searchHistoryDays: 180, viewingHistoryDays: 730, auditLogDays: 730, expiredTokenDays: 7 });
    expect(RETENTION_CRONS['0 2 * * *']).toBe(true);
    const services = requestServices(iso);
    try {
      const removed = await applyRetention(services.retention(), iso.config.retention);
      expect(removed.searchHistory).toBeGreaterThanOrEqual(1);
    } finally {
      await services.dispose();
    }
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from search_history where user_id = ${a.id}::uuid`))[0]!.n).toBe(1);
    expect((await rows<{ content_id: string }>(sql`select content_id from user_history where user_id = ${a.id}::uuid`)).map((r) => r.content_id)).toEqual(['alien-1979']);
    expect((await rows<{ action: string }>(sql`select action from audit_log where subject = ${`retention:${tag}`}`)).map((r) => r.action)).toEqual(['new.thing']);
    expect((await rows<{ token_hash: string }>(sql`select token_hash from refresh_tokens where token_hash like ${`%-${tag}`}`)).map((r) => r.token_hash)).toEqual([`live-${tag}`]);
    expect((await rows<{ key: string }>(sql`select key from webhook_events where key like ${`%:${tag}`}`)).map((r) => r.key)).toEqual([`webhook:new:${tag}`]);
  });

  it('takes its limits from RETENTION_* vars; 0 keeps forever', async () => {
    const iso = isolateServices({ ...env, RETENTION_SEARCH_HISTORY_DAYS: '30', RETENTION_AUDIT_LOG_DAYS: '0' });
    expect(iso.config.retention).toMatchObject({ searchHistoryDays: 30, auditLogDays: 0 });
  });
});
