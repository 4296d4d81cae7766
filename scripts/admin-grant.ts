/**
 * `npm run admin:grant -- someone@example.com [--role super_admin]`: gives an existing account
 * the admin role (or super_admin) in the configured database: DATABASE_URL when set (Neon or
 * any PostgreSQL), else the embedded PGlite in .data/pglite (stop `npm run dev` first: PGlite is
 * single-process). Emails are stored encrypted, so the account is found by its blind index:
 * PII_KEYS from the environment (the deployment's keyring), else .local-keys.json's development
 * keys. Writes an audit_log line. The person signs in again to get a token with
 * the role. The account must exist: register it on the site or with POST /api/v1/auth/register.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createUserRepository } from '../src/db/repositories/users.ts';
import { createPiiCipher, parsePiiKeyring } from '../src/lib/pii-cipher.ts';
import { EmailSchema, RoleSchema, type Role } from '../src/schemas/accounts.ts';
import { openDatabaseTarget } from './lib/database-target.ts';

const args = process.argv.slice(2);
const roleAt = args.indexOf('--role');
const role = RoleSchema.safeParse(roleAt >= 0 ? args[roleAt + 1] : 'admin');
const emailArg = args.filter((_, i) => roleAt < 0 || (i !== roleAt && i !== roleAt + 1))[0];
const email = EmailSchema.safeParse(emailArg ?? '');
if (!email.success || !role.success || !['admin', 'super_admin'].includes(role.data)) {
  console.error('usage: npm run admin:grant -- <email> [--role admin|super_admin]');
  process.exit(2);
}

const piiKeys =
  process.env.PII_KEYS ||
  (existsSync('.local-keys.json')
    ? (JSON.parse(readFileSync('.local-keys.json', 'utf8')) as { PII_KEYS?: string }).PII_KEYS
    : undefined);
if (!piiKeys) {
  console.error(
    'PII_KEYS is unset and there is no .local-keys.json: emails are stored encrypted, so the account cannot be found without the keyring.',
  );
  process.exit(2);
}
const cipher = createPiiCipher(parsePiiKeyring(piiKeys));

const target = await openDatabaseTarget();
try {
  const users = createUserRepository(target.db, () => cipher);
  const found = await users.findByEmail(email.data);
  if (!found) {
    console.error(
      `No account with the email ${email.data} in ${target.label}: register it first (on the site or POST /api/v1/auth/register), then run this again.`,
    );
    process.exitCode = 1;
  } else if (found.role === role.data) {
    console.log(`${email.data} is already ${role.data} (${target.label}).`);
  } else {
    await users.promote(found.id, role.data as Role, 'admin:grant script');
    console.log(
      `${email.data} is now ${role.data} (was ${found.role}) in ${target.label}. They get the role at their next sign-in.`,
    );
  }
} catch (err) {
  console.error(`admin:grant failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await target.close();
}
