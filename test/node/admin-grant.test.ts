/**
 * `npm run admin:grant -- <email>` against a migrated database (PGlite, or PostgreSQL when
 * TEST_DATABASE_URL is set), with emails stored encrypted: the account is found by its blind
 * index under the keyring in PII_KEYS, its role changes and an audit line is written; an unknown
 * email is a clear message and a non-zero exit. (The ADMIN_EMAILS bootstrap is
 * test/integration/admin-bootstrap.test.ts.)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserRepository } from '../../src/db/repositories/users.ts';
import { createPiiCipher, newPiiKeyring } from '../../src/lib/pii-cipher.ts';
import { startMigratedDatabase } from './migrated-database.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ring = newPiiKeyring('k-grant');
let db: Awaited<ReturnType<typeof startMigratedDatabase>>;

beforeAll(async () => {
  db = await startMigratedDatabase('admin_grant');
}, 120_000);
afterAll(async () => {
  await db?.close();
});

/** Runs the npm script as an operator would, against the test's database and keyring. */
function grant(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'admin:grant', '--', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url, PII_KEYS: JSON.stringify(ring) },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const roleOf = async (id: string) =>
  (
    (await db.conn.db.execute(sql`select role from users where id = ${id}::uuid`)).rows[0] as {
      role: string;
    }
  ).role;

describe('npm run admin:grant', () => {
  it('makes a registered account (email stored encrypted) admin, then super_admin, with an audit line', async () => {
    const users = createUserRepository(db.conn.db as never, () => createPiiCipher(ring));
    const created = await users.create({
      email: 'First.Operator@Example.com',
      passwordHash: 'x',
      displayName: 'Operator',
    });
    if (created === 'email-taken') throw new Error('email taken');
    const stored = (
      await db.conn.db.execute(sql`select email from users where id = ${created.id}::uuid`)
    ).rows[0] as { email: string };
    expect(stored.email).toMatch(/^pii1:k-grant:/); // encrypted: no plaintext to match on

    // Any case: the blind index is of the lower-cased address.
    const out = await grant('first.operator@example.com');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/first\.operator@example\.com is now admin \(was user\)/);
    expect(await roleOf(created.id)).toBe('admin');

    const again = await grant('first.operator@example.com');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already admin/);

    const superAdmin = await grant('first.operator@example.com', '--role', 'super_admin');
    expect(superAdmin.code).toBe(0);
    expect(await roleOf(created.id)).toBe('super_admin');

    const audit = await db.conn.db.execute(
      sql`select details from audit_log where action = 'role.granted' and subject = ${`user:${created.id}`} order by id`,
    );
    expect(audit.rows.map((r) => (r as { details: { role: string } }).details.role)).toEqual([
      'admin',
      'super_admin',
    ]);
  }, 120_000);

  it('an unknown email: a clear message and a non-zero exit, nothing changed', async () => {
    const out = await grant('nobody@example.com');
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/No account with the email nobody@example\.com/);
    expect(out.stderr).toMatch(/register it first/);
    expect(out.stderr).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
  }, 60_000);

  it('bad arguments: the usage line and exit 2', async () => {
    for (const args of [['not-an-email'], ['a@example.com', '--role', 'user']]) {
      const out = await grant(...args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(/usage: npm run admin:grant -- <email>/);
    }
  }, 60_000);
});
