/**
 * What a deployed Worker (ENVIRONMENT staging or production) must have before it reports ready:
 * its secrets, its bindings, and none of the development defaults. Pure: it reads the raw env
 * object (vars, secrets and bindings alike) and returns one sentence per problem.
 * `npm run deploy:check` reads the same lists to check wrangler.toml before a deploy.
 */
import type { RawEnv } from './env';
import { parsePiiKeyring } from './lib/pii-cipher';

type Key = keyof RawEnv;

/** Worker secrets (`wrangler secret put NAME --env <env>`), never plain vars in wrangler.toml. */
export const SECRETS = {
  /** A deployment is not ready without these (wrangler.toml lists them under `secrets.required`). */
  required: [
    'DATABASE_URL',
    'UPSTASH_REDIS_REST_URL',
    'UPSTASH_REDIS_REST_TOKEN',
    'JWT_PRIVATE_KEYS',
    'PII_KEYS',
  ],
  /**
   * Each switches a port to a real service when set (Pinecone also needs the PINECONE_INDEX var, the
   * content feed's token the CONTENT_FEED_URL var).
   */
  optional: [
    'PINECONE_API_KEY',
    'OPENAI_API_KEY',
    'TMDB_API_KEY',
    'WATCHMODE_API_KEY',
    'CONTENT_FEED_TOKEN',
  ],
} as const satisfies Record<string, readonly Key[]>;

/** Set by the local stack (`npm run dev`, the tests) and by nothing else. */
export const LOCAL_ONLY = [
  'PG_WS_PROXY',
  'PG_HTTP_ENDPOINT',
  'PLATFORM_SIM_URL',
] as const satisfies readonly Key[];

/** The bindings the code reads, by kind; deploy:check compares this with the source. */
export const BINDINGS = {
  QUERY_CACHE: 'kv_namespace',
  PLATFORM_GATE: 'durable_object_namespace',
  LIVE_UPDATES: 'durable_object_namespace',
  AVAILABILITY_QUEUE: 'queue',
  CATALOG_QUEUE: 'queue',
} as const;

/**
 * Bindings that switch something on when declared and are not missed when absent: HYPERDRIVE
 * puts the database behind Hyperdrive (node-postgres over TCP) instead of Neon's HTTP endpoint.
 */
export const OPTIONAL_BINDINGS = {
  HYPERDRIVE: 'hyperdrive',
} as const;

export type BindingKind = (typeof BINDINGS)[keyof typeof BINDINGS];

/** Kids of the keys `npm run dev` and the tests make (scripts/lib/local-keys.ts). */
const DEV_KEY_ID = /^(local|test|e2e)-/;
/** Names reserved for documentation and local use (RFC 2606, RFC 6761): never a real site. */
const PLACEHOLDER_HOST = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

const HAS: Record<BindingKind, string> = {
  kv_namespace: 'getWithMetadata',
  durable_object_namespace: 'idFromName',
  queue: 'sendBatch',
};

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Problems that keep a deployment from serving, for ENVIRONMENT staging or production
 * (the caller decides when to ask). Names what is missing, never a secret's value.
 */
export function productionProblems(env: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const name of SECRETS.required) {
    if (!text(env[name])) problems.push(`secret ${name} is not set (wrangler secret put ${name})`);
  }
  for (const [name, kind] of Object.entries(BINDINGS)) {
    const b = env[name] as Record<string, unknown> | undefined;
    if (!b || typeof b[HAS[kind]] !== 'function')
      problems.push(
        `binding ${name} (${kind.replace(/_/g, ' ')}) is missing: declare it in this environment in wrangler.toml`,
      );
  }
  for (const name of LOCAL_ONLY) {
    if (text(env[name])) problems.push(`${name} is set: it points at the local development stack`);
  }

  const db = text(env.DATABASE_URL);
  if (db && LOOPBACK.has(hostOf(db) ?? ''))
    problems.push('DATABASE_URL points at this machine (a development database)');
  const feed = text(env.CONTENT_FEED_URL);
  if (feed && LOOPBACK.has(hostOf(feed) ?? ''))
    problems.push("CONTENT_FEED_URL points at this machine (the development stack's content feed)");
  const redis = text(env.UPSTASH_REDIS_REST_URL);
  if (redis && (LOOPBACK.has(hostOf(redis) ?? '') || !redis.startsWith('https://'))) {
    problems.push(
      'UPSTASH_REDIS_REST_URL is not an https:// Upstash endpoint (the local bridge is for development)',
    );
  }

  const keys = text(env.JWT_PRIVATE_KEYS);
  if (keys) {
    const kids = keyIds(keys);
    if (kids === undefined) problems.push('JWT_PRIVATE_KEYS is not a JSON JWK set');
    else {
      const dev = kids.filter((k) => DEV_KEY_ID.test(k));
      if (dev.length)
        problems.push(
          `JWT_PRIVATE_KEYS holds development keys (kid ${dev.join(', ')}): make new ones with npm run deploy:keys`,
        );
    }
  }

  const pii = text(env.PII_KEYS);
  if (pii) {
    let kids: string[] | undefined;
    try {
      kids = parsePiiKeyring(pii).keys.map((k) => k.kid);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : 'PII_KEYS is malformed');
    }
    const dev = (kids ?? []).filter((k) => DEV_KEY_ID.test(k));
    if (dev.length)
      problems.push(
        `PII_KEYS holds development keys (kid ${dev.join(', ')}): make new ones with npm run deploy:pii-keys`,
      );
  }

  const cors = text(env.CORS_ORIGINS) ?? '*';
  if (cors.split(',').some((o) => o.trim() === '*')) {
    problems.push(
      'CORS_ORIGINS is "*" (any site may call the API from a browser): list your sites\' origins',
    );
  } else {
    const placeholders = cors
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o && PLACEHOLDER_HOST.test(hostOf(o) ?? o));
    if (placeholders.length)
      problems.push(
        `CORS_ORIGINS still holds a placeholder or local origin (${placeholders.join(', ')}): set your sites' origins in wrangler.toml`,
      );
  }

  // The first-admin bootstrap (README, Deploy): an address at a placeholder domain can be registered by anyone.
  const adminEmails = (text(env.ADMIN_EMAILS) ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const placeholderAdmins = adminEmails.filter((e) => PLACEHOLDER_HOST.test(e.split('@')[1] ?? e));
  if (placeholderAdmins.length)
    problems.push(
      `ADMIN_EMAILS holds a placeholder address (${placeholderAdmins.join(', ')}): list real operators' emails, or leave it unset and use npm run admin:grant`,
    );

  if (text(env.PINECONE_API_KEY) && !text(env.PINECONE_INDEX))
    problems.push('PINECONE_API_KEY is set without PINECONE_INDEX: Pinecone would stay off');
  return problems;
}

/** The kids of a JWK set (`{"keys":[...]}`, an array, or one key); undefined when it is not JSON. */
function keyIds(json: string): string[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const keys = Array.isArray(raw) ? raw : ((raw as { keys?: unknown } | null)?.keys ?? [raw]);
  if (!Array.isArray(keys)) return undefined;
  return keys.map((k) =>
    k && typeof k === 'object' && typeof (k as { kid?: unknown }).kid === 'string'
      ? (k as { kid: string }).kid
      : '',
  );
}
