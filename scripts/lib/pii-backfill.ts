/**
 * Encrypts personal data written before encryption (migration 0015) and re-encrypts values
 * written with an older key (after a rotation): users.email (+ its blind index),
 * users.display_name, search_history.query and normalized_query, platforms.webhook_secret.
 * Runs in `npm run db:migrate`, `npm run dev` and the test setup after migrating, and alone as
 * `npm run db:reencrypt`. Idempotent: rows already under the current key are skipped, in
 * batches keyed by primary key.
 */
import { sql } from 'drizzle-orm';
import { createPiiCipher, parsePiiKeyring, PII_PREFIX, type PiiCipher } from '../../src/lib/pii-cipher.ts';
import type { NodeDb } from './node-db.ts';

const BATCH = 500;

type Row = Record<string, unknown>;

export interface BackfillReport {
  users: number;
  searches: number;
  platforms: number;
}

export async function backfillPii(conn: NodeDb, piiKeys: string): Promise<BackfillReport> {
  const pii = await createPiiCipher(parsePiiKeyring(piiKeys));
  // Anything not under the current key's prefix: plaintext or an older key.
  const stale = `${PII_PREFIX}${pii.kid}:%`;
  const report: BackfillReport = { users: 0, searches: 0, platforms: 0 };
  const run = async (q: ReturnType<typeof sql>) => (await conn.db.execute(q)).rows as Row[];

  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows = await run(sql`select id::text as id, email, display_name, email_index, deleted_at is not null as erased from users
      where id > ${after}::uuid and (email not like ${stale} or (display_name is not null and display_name not like ${stale}) or (email_index is null and deleted_at is null))
      order by id limit ${BATCH}`);
    if (rows.length === 0) break;
    for (const r of rows) {
      const email = await pii.decrypt(String(r.email), 'users.email');
      const name = await pii.decryptNullable((r.display_name as string | null) ?? null, 'users.display_name');
      await run(sql`update users set email = ${await reencrypt(pii, email, 'users.email')},
        display_name = ${name === null ? null : await reencrypt(pii, name, 'users.display_name')},
        email_index = ${r.erased ? null : await pii.blindIndex(email)} where id = ${String(r.id)}::uuid`);
    }
    report.users += rows.length;
    after = String(rows[rows.length - 1]!.id);
  }

  for (let after = 0; ; ) {
    const rows = await run(sql`select id, query, normalized_query from search_history
      where id > ${after} and (query not like ${stale} or normalized_query not like ${stale}) order by id limit ${BATCH}`);
    if (rows.length === 0) break;
    for (const r of rows) {
      const q = await pii.decrypt(String(r.query), 'search_history.query');
      const n = await pii.decrypt(String(r.normalized_query), 'search_history.normalized_query');
      await run(sql`update search_history set query = ${await reencrypt(pii, q, 'search_history.query')},
        normalized_query = ${await reencrypt(pii, n, 'search_history.normalized_query')} where id = ${Number(r.id)}`);
    }
    report.searches += rows.length;
    after = Number(rows[rows.length - 1]!.id);
  }

  const platforms = await run(sql`select id, webhook_secret from platforms where webhook_secret is not null and webhook_secret not like ${stale}`);
  for (const r of platforms) {
    const secret = await pii.decrypt(String(r.webhook_secret), 'platforms.webhook_secret');
    await run(sql`update platforms set webhook_secret = ${await reencrypt(pii, secret, 'platforms.webhook_secret')} where id = ${String(r.id)}`);
  }
  report.platforms = platforms.length;
  return report;
}

async function reencrypt(pii: PiiCipher, plain: string, column: string): Promise<string> {
  return pii.encrypt(plain, column);
}
