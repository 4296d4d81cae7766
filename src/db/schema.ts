/**
 * Drizzle schema: the single source of truth for every table except the pgvector
 * embedding store (see ./vector-schema.ts and its custom migration, which is skipped on
 * servers without pgvector).
 */
import { sql } from 'drizzle-orm';
import { CONTENT_TYPES, PRICE_TIERS } from '../schemas/enums';
import {
  pgTable,
  text,
  integer,
  smallint,
  real,
  bigint,
  boolean,
  timestamp,
  jsonb,
  numeric,
  primaryKey,
  index,
  uniqueIndex,
  pgEnum,
  serial,
  bigserial,
  uuid,
  customType,
} from 'drizzle-orm/pg-core';

/** A text-search document; read only by SQL (ranking), never mapped to a JS value. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const contentType = pgEnum('content_type', CONTENT_TYPES);
export const priceTier = pgEnum('price_tier', PRICE_TIERS);
export const videoQuality = pgEnum('video_quality', ['sd', 'hd', '4k']);
export const userRole = pgEnum('user_role', ['user', 'premium', 'admin', 'super_admin']);
export const changeKind = pgEnum('availability_change_kind', ['added', 'removed', 'price_changed', 'leaving_soon']);
export const interactionKind = pgEnum('interaction_kind', ['view', 'complete', 'click']);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Encrypted (lib/pii-cipher.ts), as is display_name; looked up by email_index. */
    email: text('email').notNull(),
    /** HMAC-SHA256 of the lower-cased email (the blind index): look-up and uniqueness. Null once erased. */
    emailIndex: text('email_index'),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name'),
    role: userRole('role').notNull().default('user'),
    emailVerified: boolean('email_verified').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    uniqueIndex('users_email_index_uq').on(t.emailIndex),
    // The revocation resync reads the accounts erased within an access token's lifetime.
    index('users_deleted_idx').on(t.deletedAt).where(sql`${t.deletedAt} is not null`),
  ],
);

/**
 * A person's consent to personalisation (issue 17): recommendations from their activity, their
 * searches kept under their account, their signals in the shared models. No row: the default
 * (CONSENT_DEFAULT in schemas/accounts.ts). Each change is also written to the audit log.
 */
export const userConsents = pgTable('user_consents', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  personalisation: boolean('personalisation').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const userPreferences = pgTable('user_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  region: text('region').notNull().default('US'),
  languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
  genres: text('genres').array().notNull().default(sql`'{}'::text[]`),
  platforms: text('platforms').array().notNull().default(sql`'{}'::text[]`),
  maxMpaaRating: text('max_mpaa_rating'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const content = pgTable(
  'content',
  {
    /** Stable public id: a slug of title and year ("the-godfather-1972"). */
    id: text('id').primaryKey(),
    type: contentType('type').notNull().default('movie'),
    title: text('title').notNull(),
    /** Title as the source spelled it ("Godfather, The"), kept for traceability. */
    sourceTitle: text('source_title').notNull(),
    releaseDate: text('release_date'),
    releaseYear: smallint('release_year'),
    runtimeMinutes: smallint('runtime_minutes'),
    mpaaRating: text('mpaa_rating'),
    genres: text('genres').array().notNull().default(sql`'{}'::text[]`),
    creativeType: text('creative_type'),
    source: text('source'),
    distributor: text('distributor'),
    productionBudget: bigint('production_budget', { mode: 'number' }),
    usGross: bigint('us_gross', { mode: 'number' }),
    worldwideGross: bigint('worldwide_gross', { mode: 'number' }),
    imdbRating: real('imdb_rating'),
    imdbVotes: integer('imdb_votes'),
    rottenTomatoesRating: smallint('rotten_tomatoes_rating'),
    /** 0..1 popularity prior derived from votes and grosses at seed time. */
    popularity: real('popularity').notNull().default(0),
    /** IMDb-style weighted rating: a 9.0 from 40 votes does not outrank an 8.6 from 400,000. */
    weightedRating: real('weighted_rating').generatedAlwaysAs(
      sql`((coalesce(imdb_votes, 0)::float / (coalesce(imdb_votes, 0) + 5000)) * coalesce(imdb_rating, 0) + (5000.0 / (coalesce(imdb_votes, 0) + 5000)) * 6.3)`,
    ),
    /** The browse-order prior (quality and popularity), indexed so a filtered browse stops early. */
    qualityScore: real('quality_score').generatedAlwaysAs(
      sql`(((coalesce(imdb_votes, 0)::float / (coalesce(imdb_votes, 0) + 5000)) * coalesce(imdb_rating, 0) + (5000.0 / (coalesce(imdb_votes, 0) + 5000)) * 6.3) / 10 + popularity * 0.5)`,
    ),
    /**
     * The full-text document (title, creative type, source), stored: ranking reads it instead of
     * parsing every candidate row's text again (ts_rank_cd over to_tsvector per row dominated
     * uncached search).
     */
    searchDoc: tsvector('search_doc').generatedAlwaysAs(
      sql`to_tsvector('english', coalesce(title, '') || ' ' || coalesce(creative_type, '') || ' ' || coalesce(source, ''))`,
    ),
    /** Provenance of the row, e.g. "vega-datasets/movies.json". */
    dataSource: text('data_source').notNull(),
    /** The article's lead (Wikipedia, CC BY-SA 4.0) or a source's overview. */
    synopsis: text('synopsis'),
    /** Finer tags than genres ("noir", "slasher", "spy", "silent"). */
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    posterUrl: text('poster_url'),
    posterWidth: smallint('poster_width'),
    posterHeight: smallint('poster_height'),
    /** Normalised title (see services/catalog/ingest/title-key.ts): how a source's record finds its title. */
    titleKey: text('title_key'),
    /** Per merged field: which upstream gave the stored value, and when ({"synopsis":{"source":"wikipedia","at":"…"}}). */
    fieldSources: jsonb('field_sources').notNull().default(sql`'{}'::jsonb`),
    /** Hash of the merged fields: a record that changes nothing is recognised without comparing columns. */
    recordHash: text('record_hash'),
    /**
     * Full-text document over title (A), people and themes (B) and synopsis (C), written by the
     * ingestion pipeline with the row (people live in another table, so it cannot be generated).
     */
    textDoc: tsvector('text_doc'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('content_title_trgm').using('gin', sql`lower(${t.title}) gin_trgm_ops`),
    // Autocomplete: prefix matches on the lowered title walk this btree.
    index('content_title_prefix').using('btree', sql`lower(${t.title}) text_pattern_ops`),
    // Each browse order walks its index, the id breaking ties in the same direction, so that a
    // filtered browse stops after a page of rows instead of sorting every match. Migration 0008
    // adds the facet columns to these (INCLUDE, which Drizzle cannot declare) for index-only walks.
    index('content_popularity_idx').on(t.popularity.desc(), t.id.desc()),
    index('content_quality_idx').on(t.qualityScore.desc(), t.id.desc()),
    index('content_weighted_rating_idx').on(t.weightedRating.desc(), t.id.desc()),
    index('content_gross_idx').on(t.worldwideGross.desc().nullsLast(), t.id.desc()),
    index('content_year_idx').on(t.releaseYear, t.id),
    // "Hidden gems": well rated by a modest number of voters, best first.
    index('content_underrated_idx')
      .on(t.imdbRating.desc().nullsLast(), t.id)
      .where(sql`imdb_votes between 1000 and 25000 and imdb_rating >= 7`),
    // Selective facets ("NC-17", "based on a video game", "remakes") find their rows directly.
    index('content_mpaa_idx').on(t.mpaaRating),
    index('content_source_idx').on(t.source),
    index('content_creative_type_idx').on(t.creativeType),
    index('content_search_doc_idx').using('gin', t.searchDoc),
    index('content_genres_idx').using('gin', t.genres),
    index('content_themes_idx').using('gin', t.themes),
    index('content_title_key_idx').on(t.titleKey, t.releaseYear),
    index('content_text_doc_idx').using('gin', t.textDoc),
  ],
);

/** A title's ids at other sources (Wikipedia slug, TMDB, Watchmode, IMDb): re-syncs and availability checks find it by them. */
export const contentExternalIds = pgTable(
  'content_external_ids',
  {
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.source, t.externalId] }), index('content_external_ids_content_idx').on(t.contentId)],
);

/** One catalog sync: a full listing or the changes since the last one, from one content source. */
export const ingestRuns = pgTable(
  'ingest_runs',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(),
    mode: text('mode').notNull(),
    /** "cron", "admin", "first-run", "script". */
    trigger: text('trigger').notNull(),
    status: text('status').notNull().default('running'),
    /** Incremental runs: changes after this instant. */
    since: ts('since'),
    /** The next page to ingest (null once the source said there is none): where a resumed run goes on. */
    cursor: text('cursor'),
    nextSeq: integer('next_seq').notNull().default(0),
    batchesTotal: integer('batches_total'),
    batchesDone: integer('batches_done').notNull().default(0),
    added: integer('added').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    quarantined: integer('quarantined').notNull().default(0),
    /** The newest modifiedAt seen: the next incremental run's `since`. */
    highWater: ts('high_water'),
    error: text('error'),
    startedAt: ts('started_at').notNull().defaultNow(),
    heartbeatAt: ts('heartbeat_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('ingest_runs_source_idx').on(t.source, t.startedAt)],
);

/** Pages a run has applied: a page delivered twice (a retried queue message) is applied once. */
export const ingestBatches = pgTable(
  'ingest_batches',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => ingestRuns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    records: integer('records').notNull(),
    added: integer('added').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    quarantined: integer('quarantined').notNull().default(0),
    doneAt: ts('done_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** Records a sync refused, with why; one row per record and reason, refreshed when seen again. */
export const ingestQuarantine = pgTable(
  'ingest_quarantine',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    source: text('source').notNull(),
    sourceKey: text('source_key').notNull(),
    reason: text('reason').notNull(),
    issues: jsonb('issues').notNull(),
    record: jsonb('record'),
    runId: integer('run_id'),
    firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ingest_quarantine_uq').on(t.source, t.sourceKey, t.reason)],
);

export const people = pgTable(
  'people',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /**
     * How many credits (content_credits rows) the person has, kept by triggers on content_credits
     * (migration 0010): suggestions rank the many people a prefix matches by it without counting.
     */
    creditCount: integer('credit_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('people_name_trgm').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('people_name_prefix').using('btree', sql`lower(${t.name}) text_pattern_ops`),
  ],
);

export const contentCredits = pgTable(
  'content_credits',
  {
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    ordinal: smallint('ordinal').notNull().default(0),
    /** The name as this film's source spells it, where it differs from the person's ("Jr." or accents). */
    creditedAs: text('credited_as'),
  },
  (t) => [primaryKey({ columns: [t.contentId, t.personId, t.role] }), index('credits_person_idx').on(t.personId)],
);

export const platforms = pgTable('platforms', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  homepage: text('homepage').notNull(),
  regions: text('regions').array().notNull(),
  /** Rate limits of the platform's partner API, read by its PlatformGate. */
  ratePerSecond: real('rate_per_second').notNull().default(5),
  ratePerHour: integer('rate_per_hour').notNull().default(10_000),
  burst: integer('burst').notNull().default(10),
  webhookSecret: text('webhook_secret'),
  active: boolean('active').notNull().default(true),
});

export const platformAvailability = pgTable(
  'platform_availability',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    platformId: text('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    region: text('region').notNull(),
    priceTier: priceTier('price_tier').notNull(),
    amount: numeric('amount', { precision: 10, scale: 2, mode: 'number' }),
    currency: text('currency'),
    url: text('url').notNull(),
    quality: videoQuality('quality').notNull().default('hd'),
    leavingAt: ts('leaving_at'),
    /** "simulated" for the seeded catalog; the adapter's name for verified offers. */
    source: text('source').notNull(),
    lastVerifiedAt: ts('last_verified_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('availability_offer_uq').on(t.contentId, t.platformId, t.region, t.priceTier),
    index('availability_region_idx').on(t.region, t.platformId),
    // A title's offers in one region (every result list, recommendation and title page): the
    // unique index above would need the platform first.
    index('availability_content_region_idx').on(t.contentId, t.region),
  ],
);

export const availabilityChanges = pgTable(
  'availability_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    platformId: text('platform_id')
      .notNull()
      .references(() => platforms.id, { onDelete: 'cascade' }),
    region: text('region').notNull(),
    kind: changeKind('kind').notNull(),
    priceTier: priceTier('price_tier').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    detectedAt: ts('detected_at').notNull().defaultNow(),
  },
  (t) => [index('changes_content_idx').on(t.contentId, t.detectedAt)],
);

export const userHistory = pgTable(
  'user_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    kind: interactionKind('kind').notNull().default('view'),
    progress: real('progress'),
    occurredAt: ts('occurred_at').notNull().defaultNow(),
  },
  (t) => [index('history_user_idx').on(t.userId, t.occurredAt), index('history_at_idx').on(t.occurredAt)],
);

export const watchlist = pgTable(
  'watchlist',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.contentId] }), index('watchlist_content_idx').on(t.contentId)],
);

export const ratings = pgTable(
  'ratings',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    score: smallint('score').notNull(),
    ratedAt: ts('rated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.contentId] }), index('ratings_content_idx').on(t.contentId)],
);

export const searchHistory = pgTable(
  'search_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    query: text('query').notNull(),
    normalizedQuery: text('normalized_query').notNull(),
    region: text('region').notNull(),
    intent: text('intent'),
    resultCount: integer('result_count').notNull(),
    tookMs: integer('took_ms'),
    searchedAt: ts('searched_at').notNull().defaultNow(),
  },
  // By age: the retention job (services/ops/retention.ts).
  (t) => [index('search_history_user_idx').on(t.userId, t.searchedAt), index('search_history_at_idx').on(t.searchedAt)],
);

/** Bumped on every catalog or availability change; part of every search cache key. */
export const catalogVersion = pgTable('catalog_version', {
  id: smallint('id').primaryKey().default(1),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    action: text('action').notNull(),
    /** Never personal data: an opaque subject reference only. */
    subject: text('subject').notNull(),
    details: jsonb('details'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

/**
 * Opaque refresh tokens, stored as SHA-256 hashes. Each login starts a family; every use
 * rotates the token, and presenting a rotated one revokes the whole family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    rotatedAt: ts('rotated_at'),
    revokedAt: ts('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_uq').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
    index('refresh_tokens_expires_idx').on(t.expiresAt),
    // The revocation resync reads the families revoked within an access token's lifetime.
    index('refresh_tokens_revoked_idx').on(t.revokedAt).where(sql`${t.revokedAt} is not null`),
  ],
);

/**
 * Webhook event ids seen, the durable half of the replay guard (Redis SET NX is its fast
 * path). Kept a day; a replay after that is refused by its signed timestamp anyway.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    key: text('key').primaryKey(),
    seenAt: ts('seen_at').notNull().defaultNow(),
  },
  (t) => [index('webhook_events_seen_idx').on(t.seenAt)],
);

/**
 * Failed sign-in attempts per hashed (client, email) and fixed window: the brute-force guard's
 * fallback while Redis (its sliding window) is unavailable.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    key: text('key').notNull(),
    windowStart: ts('window_start').notNull(),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/** A change to a title on a person's watchlist (written with the change, read at /me/notifications). */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    kind: changeKind('kind').notNull(),
    platformId: text('platform_id').notNull(),
    region: text('region').notNull(),
    details: jsonb('details'),
    createdAt: createdAt(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Item-item collaborative filtering: each title's nearest titles by co-occurrence over ratings,
 * views and watchlists (cosine with shrinkage), top 50 per title. Refreshed by the hourly cron
 * for titles with new interactions, rebuilt in full daily; a request only reads it.
 */
export const itemNeighbors = pgTable(
  'item_neighbors',
  {
    contentId: text('content_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    neighborId: text('neighbor_id')
      .notNull()
      .references(() => content.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    coCount: integer('co_count').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contentId, t.neighborId] }), index('item_neighbors_score_idx').on(t.contentId, t.score)],
);

/** Watermarks of background jobs (e.g. the last interaction the neighbour tables have seen). */
export const jobState = pgTable('job_state', {
  job: text('job').primaryKey(),
  watermark: ts('watermark').notNull(),
  details: jsonb('details'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
