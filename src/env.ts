/**
 * Configuration: the Worker's vars and secrets parsed once per isolate into a typed object.
 * Nothing else reads raw env strings. Which adapter serves each port is decided from here.
 */
import type { RetentionPolicy } from './services/ops/retention';
import { z } from 'zod';
import { createLogger } from './lib/logger';
import { productionProblems } from './production-readiness';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const intVar = (def: number) => z.coerce.number().int().positive().default(def);
/** 0 is allowed and means "no limit" where a var says so. */
const limitVar = (def: number) => z.coerce.number().int().min(0).default(def);

export const EnvSchema = z.object({
  /** staging and production are deployments: they must pass the production-readiness check. */
  ENVIRONMENT: z.enum(['development', 'test', 'staging', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DATABASE_URL: optionalString,
  /** Local WebSocket pipe for the Neon driver ("127.0.0.1:5488/v1"); unset for Neon itself. */
  PG_WS_PROXY: optionalString,
  /** Neon's HTTP SQL endpoint (local stand-in only; on Neon the driver derives it from the host). */
  PG_HTTP_ENDPOINT: optionalString,
  /** One-shot statements over Neon's HTTP endpoint (no connection to open); the WebSocket pool serves interactive transactions. */
  DB_HTTP: z.enum(['on', 'off']).default('on'),
  DB_POOL_MAX: intVar(4),
  DB_CONNECT_TIMEOUT_MS: intVar(5000),
  UPSTASH_REDIS_REST_URL: optionalString,
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  PINECONE_API_KEY: optionalString,
  PINECONE_INDEX: optionalString,
  PINECONE_NAMESPACE: optionalString,
  /** The index's data-plane host (from the console or describe_index): skips the name lookup. */
  PINECONE_HOST: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_CHAT_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  OPENAI_TIMEOUT_MS: intVar(1500),
  /** An OpenAI-compatible embeddings endpoint (the dev stack's local service) and its model. */
  EMBEDDINGS_URL: optionalString,
  EMBEDDINGS_MODEL: optionalString,
  /** `workers-ai` embeds with the AI binding (WORKERS_AI_EMBEDDING_MODEL). */
  EMBEDDINGS_PROVIDER: optionalString,
  WORKERS_AI_EMBEDDING_MODEL: z.string().default('@cf/baai/bge-base-en-v1.5'),
  /** A query embedding slower than this is skipped (lexical legs answer, meta.fallbacks says so). */
  EMBEDDINGS_TIMEOUT_MS: intVar(1000),
  /** The local simulated partner platforms (set by `npm run dev` and the tests). */
  PLATFORM_SIM_URL: optionalString,
  PLATFORM_TIMEOUT_MS: intVar(1500),
  TMDB_API_KEY: optionalString,
  WATCHMODE_API_KEY: optionalString,
  /** Where the bundled catalog is served (the dev stack's content feed; set by `npm run dev` and the tests). */
  CONTENT_FEED_URL: optionalString,
  CONTENT_FEED_TOKEN: optionalString,
  /** Records per ingestion page (one queue message and one transaction each). */
  CATALOG_PAGE_SIZE: z.coerce.number().int().min(10).max(1000).default(500),
  CORS_ORIGINS: z.string().default('*'),
  MAX_BODY_BYTES: intVar(64 * 1024),
  /** Secret: JSON JWK set ({"keys":[...]}) of private Ed25519 (or P-256) keys with kids; the first signs, all verify. */
  JWT_PRIVATE_KEYS: optionalString,
  /** Comma-separated emails whose accounts become admin when they sign in (first-admin bootstrap). */
  ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((e) => z.email().safeParse(e).success),
      'ADMIN_EMAILS must hold email addresses, comma-separated',
    ),
  /**
   * Secret: the keys that encrypt personal data at rest, `{"keys":[{"kid","k"}],"index":"..."}`
   * (lib/pii-cipher.ts; the first key encrypts, all decrypt). `npm run dev` makes local ones.
   */
  PII_KEYS: optionalString,
  JWT_ISSUER: z.string().default('https://marquee.dev'),
  JWT_AUDIENCE: z.string().default('marquee-api'),
  ACCESS_TOKEN_TTL_SECONDS: intVar(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: intVar(7 * 24 * 3600),
  /** Cloudflare's runtime refuses more than 100,000 (workerd #1346). */
  PASSWORD_PBKDF2_ITERATIONS: z.coerce.number().int().min(10_000).max(1_000_000).default(100_000),
  RATE_LIMIT_ANON_PER_MIN: limitVar(300),
  RATE_LIMIT_USER_PER_MIN: limitVar(600),
  RATE_LIMIT_PREMIUM_PER_MIN: limitVar(3000),
  RATE_LIMIT_ADMIN_PER_MIN: limitVar(10_000),
  RATE_LIMIT_AUTOCOMPLETE_PER_MIN: limitVar(600),
  RATE_LIMIT_LOGIN_ATTEMPTS: limitVar(5),
  /** Retention in days (0 keeps forever), enforced by the hourly and daily cron (services/ops/retention.ts). */
  RETENTION_SEARCH_HISTORY_DAYS: limitVar(180),
  RETENTION_VIEWING_HISTORY_DAYS: limitVar(730),
  RETENTION_AUDIT_LOG_DAYS: limitVar(730),
  RETENTION_EXPIRED_TOKEN_DAYS: limitVar(7),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: intVar(15 * 60),
  /** Recommendations: the blend of collaborative filtering and content similarity (the design's 0.6 / 0.4). */
  RECS_CF_WEIGHT: z.coerce.number().min(0).max(1).default(0.6),
  RECS_CONTENT_WEIGHT: z.coerce.number().min(0).max(1).default(0.4),
  RECS_MAX_PER_DIRECTOR: z.coerce.number().int().min(1).max(100).default(2),
});

export type RawEnv = z.input<typeof EnvSchema>;

/**
 * The typed configuration the app reads: the env schema's output, grouped by concern, with
 * the adapter behind each port chosen from what is set (Pinecone or pgvector, OpenAI or local).
 */
export const ConfigSchema = EnvSchema.transform((e) => ({
  environment: e.ENVIRONMENT,
  logLevel: e.LOG_LEVEL,
  database: {
    url: e.DATABASE_URL,
    wsProxy: e.PG_WS_PROXY,
    // Over HTTP on Neon, or locally where the stack serves the stand-in; else the pool does all.
    http:
      e.DB_HTTP === 'on' && (Boolean(e.PG_HTTP_ENDPOINT) || !e.PG_WS_PROXY)
        ? { endpoint: e.PG_HTTP_ENDPOINT }
        : undefined,
    poolMax: e.DB_POOL_MAX,
    connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    /** The HYPERDRIVE binding (not a var: parseConfig reads it): node-postgres through it serves everything. */
    hyperdrive: undefined as { connectionString: string } | undefined,
  },
  redis: { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN },
  vector:
    e.PINECONE_API_KEY && e.PINECONE_INDEX
      ? {
          kind: 'pinecone' as const,
          apiKey: e.PINECONE_API_KEY,
          index: e.PINECONE_INDEX,
          namespace: e.PINECONE_NAMESPACE,
          host: e.PINECONE_HOST,
        }
      : { kind: 'pgvector' as const },
  ai: e.OPENAI_API_KEY
    ? {
        kind: 'openai' as const,
        apiKey: e.OPENAI_API_KEY,
        chatModel: e.OPENAI_CHAT_MODEL,
        embeddingModel: e.OPENAI_EMBEDDING_MODEL,
        timeoutMs: e.OPENAI_TIMEOUT_MS,
      }
    : { kind: 'local' as const },
  platforms: {
    simUrl: e.PLATFORM_SIM_URL,
    timeoutMs: e.PLATFORM_TIMEOUT_MS,
    tmdbApiKey: e.TMDB_API_KEY,
    watchmodeApiKey: e.WATCHMODE_API_KEY,
  },
  /** Who embeds titles and queries; the model is part of the vector index's identity. */
  embeddings: (e.EMBEDDINGS_URL
    ? {
        kind: 'openai',
        apiKey: e.OPENAI_API_KEY ?? 'local',
        model: e.EMBEDDINGS_MODEL ?? e.OPENAI_EMBEDDING_MODEL,
        baseURL: e.EMBEDDINGS_URL,
        timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
      }
    : e.EMBEDDINGS_PROVIDER === 'workers-ai'
      ? {
          kind: 'workers-ai',
          model: e.WORKERS_AI_EMBEDDING_MODEL,
          timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
        }
      : e.OPENAI_API_KEY
        ? {
            kind: 'openai',
            apiKey: e.OPENAI_API_KEY,
            model: e.OPENAI_EMBEDDING_MODEL,
            timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
          }
        : { kind: 'hashing', timeoutMs: e.EMBEDDINGS_TIMEOUT_MS }) as EmbeddingsConfig,
  /** Content sources of catalog ingestion: each one is synced when configured. */
  catalog: {
    feedUrl: e.CONTENT_FEED_URL,
    feedToken: e.CONTENT_FEED_TOKEN,
    tmdbApiKey: e.TMDB_API_KEY,
    watchmodeApiKey: e.WATCHMODE_API_KEY,
    pageSize: e.CATALOG_PAGE_SIZE,
  },
  http: {
    corsOrigins:
      e.CORS_ORIGINS.trim() === '*'
        ? ('*' as const)
        : e.CORS_ORIGINS.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    maxBodyBytes: e.MAX_BODY_BYTES,
  },
  /** maxPerDirector: diversity, no more than this many titles by one director in a list. */
  recs: {
    cfWeight: e.RECS_CF_WEIGHT,
    contentWeight: e.RECS_CONTENT_WEIGHT,
    maxPerDirector: e.RECS_MAX_PER_DIRECTOR,
  },
  auth: {
    privateKeys: e.JWT_PRIVATE_KEYS,
    /** Lower-cased; an account with one of these emails is made admin when it signs in. */
    adminEmails: e.ADMIN_EMAILS,
    /** PII_KEYS, parsed when first used (lib/pii-cipher.ts). */
    piiKeys: e.PII_KEYS,
    issuer: e.JWT_ISSUER,
    audience: e.JWT_AUDIENCE,
    accessTtlSec: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSec: e.REFRESH_TOKEN_TTL_SECONDS,
    pbkdf2Iterations: e.PASSWORD_PBKDF2_ITERATIONS,
  },
  /** Retention in days (0 keeps forever): services/ops/retention.ts's RetentionPolicy. */
  retention: {
    searchHistoryDays: e.RETENTION_SEARCH_HISTORY_DAYS,
    viewingHistoryDays: e.RETENTION_VIEWING_HISTORY_DAYS,
    auditLogDays: e.RETENTION_AUDIT_LOG_DAYS,
    expiredTokenDays: e.RETENTION_EXPIRED_TOKEN_DAYS,
  } satisfies RetentionPolicy,
  /** Requests per minute by tier; 0 means unlimited. */
  rateLimit: {
    anonPerMin: e.RATE_LIMIT_ANON_PER_MIN,
    userPerMin: e.RATE_LIMIT_USER_PER_MIN,
    premiumPerMin: e.RATE_LIMIT_PREMIUM_PER_MIN,
    adminPerMin: e.RATE_LIMIT_ADMIN_PER_MIN,
    autocompletePerMin: e.RATE_LIMIT_AUTOCOMPLETE_PER_MIN,
    loginAttempts: e.RATE_LIMIT_LOGIN_ATTEMPTS,
    loginWindowSec: e.RATE_LIMIT_LOGIN_WINDOW_SECONDS,
  },
}));

export type Config = z.output<typeof ConfigSchema> & {
  /** Why a deployment (staging, production) may not serve: /ready answers 503 naming them. Empty elsewhere. */
  productionProblems: string[];
};
export type AuthConfig = Config['auth'];
export type RateLimitConfig = Config['rateLimit'];
export type RecsConfig = Config['recs'];

export type EmbeddingsConfig = { timeoutMs: number } & (
  | { kind: 'openai'; apiKey: string; model: string; baseURL?: string }
  | { kind: 'workers-ai'; model: string }
  | { kind: 'hashing' }
);

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, unknown>): Config {
  const strings: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = env[key];
    if (typeof v === 'string' || typeof v === 'number') strings[key] = v;
  }
  const parsed = ConfigSchema.safeParse(strings);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  const config = parsed.data;
  const problems =
    config.environment === 'staging' || config.environment === 'production'
      ? productionProblems(env)
      : [];
  // Once per isolate (the config is parsed once): the line an operator finds in the logs.
  if (problems.length)
    createLogger({ component: 'config' }).error(
      'not ready: this deployment is not configured for production',
      { environment: config.environment, problems },
    );
  return {
    ...config,
    database: { ...config.database, hyperdrive: hyperdriveOf(env) },
    productionProblems: problems,
  };
}

/** The Hyperdrive binding's connection string, when the binding is configured. */
function hyperdriveOf(env: Record<string, unknown>): { connectionString: string } | undefined {
  const binding = env.HYPERDRIVE as { connectionString?: unknown } | undefined;
  const connectionString = binding?.connectionString;
  return typeof connectionString === 'string' && connectionString
    ? { connectionString }
    : undefined;
}
