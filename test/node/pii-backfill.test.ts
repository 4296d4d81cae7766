/**
 * Personal data written before encryption is encrypted by the backfill that runs after
 * migrating (migration 0015), and a rotated keyring re-encrypts it under the new key
 * (`npm run db:reencrypt`). PGlite, or PostgreSQL when TEST_DATABASE_URL is set.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillPii } from '../../scripts/lib/pii-backfill.ts';
import { createPiiCipher, newPiiKeyring } from '../../src/lib/pii-cipher.ts';
import { startMigratedDatabase } from './migrated-database.ts';

let db: Awaited<ReturnType<typeof startMigratedDatabase>>;
beforeAll(async () => {
  db = await startMigratedDatabase('pii_backfill');
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const one = async (q: ReturnType<typeof sql>) => (await db.conn.db.execute(q)).rows[0] as Record<string, any>;

describe('PII backfill and key rotation', () => {
  it('encrypts plaintext rows, fills the blind index, and re-encrypts under a rotated key', async () => {
    const id = crypto.randomUUID();
    const email = `Legacy.${id.slice(0, 8)}@Example.com`;
    await db.conn.db.execute(sql`insert into users (id, email, password_hash, display_name) values (${id}::uuid, ${email}, 'x', 'Ada Lovelace')`);
    await db.conn.db.execute(sql`insert into search_history (user_id, query, normalized_query, region, result_count) values (${id}::uuid, 'Analytical Engine films', 'analytical engine films', 'US', 1)`);
    await db.conn.db.execute(sql`insert into platforms (id, name, kind, homepage, regions, webhook_secret) values (${`p-${id.slice(0, 8)}`}, 'P', 'svod', 'https://p.example', '{US}', 'whsec-legacy') on conflict do nothing`);

    const first = newPiiKeyring('k-one');
    const report = await backfillPii(db.conn, JSON.stringify(first));
    expect(report.users).toBeGreaterThanOrEqual(1);
    const pii1 = await createPiiCipher(first);
    const u = await one(sql`select email, display_name, email_index from users where id = ${id}::uuid`);
    expect(u.email).toMatch(/^pii1:k-one:/);
    expect(u.email).not.toContain('Legacy');
    expect(await pii1.decrypt(u.email, 'users.email')).toBe(email);
    expect(await pii1.decrypt(u.display_name, 'users.display_name')).toBe('Ada Lovelace');
    expect(u.email_index).toBe(await pii1.blindIndex(email.toLowerCase()));
    const s = await one(sql`select query, normalized_query from search_history where user_id = ${id}::uuid`);
    expect(s.query).toMatch(/^pii1:k-one:/);
    expect(await pii1.decrypt(s.query, 'search_history.query')).toBe('Analytical Engine films');
    const p = await one(sql`select webhook_secret from platforms where id = ${`p-${id.slice(0, 8)}`}`);
    expect(await pii1.decrypt(p.webhook_secret, 'platforms.webhook_secret')).toBe('whsec-legacy');

    // Idempotent: nothing left to do under the same key.
    expect(await backfillPii(db.conn, JSON.stringify(first))).toEqual({ users: 0, searches: 0, platforms: 0 });

    // Rotation: a new key in front; the old one still decrypts, the index key is kept.
    const rotated = newPiiKeyring('k-two', first);
    const again = await backfillPii(db.conn, JSON.stringify(rotated));
    expect(again.users).toBeGreaterThanOrEqual(1);
    const pii2 = await createPiiCipher(rotated);
    const u2 = await one(sql`select email, email_index from users where id = ${id}::uuid`);
    expect(u2.email).toMatch(/^pii1:k-two:/);
    expect(await pii2.decrypt(u2.email, 'users.email')).toBe(email);
    expect(u2.email_index).toBe(u.email_index);
    // The old key alone can no longer read it.
    await expect(pii1.decrypt(u2.email, 'users.email')).rejects.toThrow(/no key "k-two"/);
  }, 60_000);
});

describe('the cipher', () => {
  it('binds a ciphertext to its column and names its key', async () => {
    const pii = await createPiiCipher(newPiiKeyring('k'));
    const c = await pii.encrypt('someone@example.com', 'users.email');
    expect(c.startsWith('pii1:k:')).toBe(true);
    expect(await pii.encrypt('someone@example.com', 'users.email')).not.toBe(c);
    await expect(pii.decrypt(c, 'search_history.query')).rejects.toThrow();
    expect(await pii.decrypt('plain text from before', 'users.email')).toBe('plain text from before');
  });
});
