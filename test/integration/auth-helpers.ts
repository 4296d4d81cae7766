/** Helpers for the accounts suites: sign-up, bearer headers, forged tokens, and a look into Postgres. */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { SignJWT, importJWK, type JWTPayload } from 'jose';
import { openDatabase, type Db } from '../../src/db/client';
import { parseConfig } from '../../src/env';
import { createPiiCipher, parsePiiKeyring } from '../../src/lib/pii-cipher';
import { call, type JsonResponse } from './helpers';

const bindings = env as unknown as Record<string, string>;
export const PASSWORD = 'correct horse battery staple';

export const uniqueEmail = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 12)}@example.com`;

export function send(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  return call(path, { method, headers, body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) });
}

export interface Account {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export async function signUp(tag = 'user', password = PASSWORD): Promise<Account> {
  const email = uniqueEmail(tag);
  const r = await send('POST', '/api/v1/auth/register', { body: { email, password } });
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.user.id, email, password, accessToken: r.body.accessToken, refreshToken: r.body.refreshToken };
}

export async function logIn(email: string, password = PASSWORD): Promise<JsonResponse> {
  return send('POST', '/api/v1/auth/login', { body: { email, password } });
}

/** Signs up, gives the account a role in the database, and signs in again to carry it. */
export async function signUpAs(role: 'premium' | 'admin' | 'super_admin', tag: string = role): Promise<Account> {
  const a = await signUp(tag);
  await withDb((db) => db.execute(sql`update users set role = ${role}::user_role where id = ${a.id}::uuid`));
  const r = await logIn(a.email);
  return { ...a, accessToken: r.body.accessToken, refreshToken: r.body.refreshToken };
}

export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const database = openDatabase(parseConfig(bindings).database);
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

/** The test stack's cipher for personal data at rest (PII_KEYS). */
export const testCipher = () => createPiiCipher(parsePiiKeyring(bindings.PII_KEYS!));

/** search_history rows of the last 10 minutes with their texts decrypted (they are stored encrypted). */
export async function recentSearches(): Promise<{ query: string; normalized_query: string; region: string; searched_at: Date; user_id: string | null }[]> {
  const pii = await testCipher();
  const found = await rows<any>(sql`select user_id, query, normalized_query, region, searched_at from search_history where searched_at > now() - interval '10 minutes'`);
  return Promise.all(
    found.map(async (r) => ({
      ...r,
      query: await pii.decrypt(r.query, 'search_history.query'),
      normalized_query: await pii.decrypt(r.normalized_query, 'search_history.normalized_query'),
    })),
  );
}

/** How many accounts hold these emails (emails are encrypted: found by their blind index). */
export async function accountsWith(emails: string[]): Promise<number> {
  const pii = await testCipher();
  const indexes = await Promise.all(emails.map((e) => pii.blindIndex(e)));
  const found = await rows<{ n: number }>(sql`select count(*)::int as n from users where email_index in (select unnest(${`{${indexes.join(',')}}`}::text[]))`);
  return found[0]!.n;
}

export async function rows<T = Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T[]> {
  return withDb(async (db) => (await db.execute(query)).rows as T[]);
}

export async function countFor(table: 'watchlist' | 'ratings' | 'user_history' | 'search_history' | 'user_preferences' | 'refresh_tokens', userId: string): Promise<number> {
  const r = await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where user_id = ${userId}::uuid`);
  return r[0]!.n;
}

/** Signs arbitrary claims with this run's real signing key (for expired / not-yet-valid / wrong-audience tokens). */
export async function signWithRealKey(payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const jwk = JSON.parse(bindings.JWT_PRIVATE_KEYS!).keys[0];
  const key = await importJWK(jwk, 'EdDSA');
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid, typ: 'at+jwt', ...header }).sign(key);
}

export const authConfig = () => parseConfig(bindings).auth;

/** A platform that has no offer for the title in the region, so a snapshot from it is an 'added' change. */
export async function platformNotOffering(contentId: string, region = 'US'): Promise<string> {
  const found = await rows<{ id: string }>(sql`select p.id from platforms p where not exists (select 1 from platform_availability a where a.platform_id = p.id and a.content_id = ${contentId} and a.region = ${region}) order by p.id limit 1`);
  if (!found[0]) throw new Error(`every platform offers ${contentId} in ${region}`);
  return found[0].id;
}
