/**
 * Contracts of catalog ingestion: the record every content source yields (validated by the
 * pipeline before anything is written), and the admin views of ingestion runs. Types are inferred.
 */
import { z } from 'zod';
import { CONTENT_TYPES } from './enums';

/** Where a record (or one of its fields) came from. Upstreams of the bundled dataset are named too. */
export const CONTENT_SOURCES = ['bundled', 'tmdb', 'watchmode'] as const;
export const ContentSourceNameSchema = z.enum(CONTENT_SOURCES);
export type ContentSourceName = z.infer<typeof ContentSourceNameSchema>;

/** Upstreams a field can be credited to (provenance). */
export const UPSTREAMS = ['wikipedia', 'vega-datasets', 'tmdb', 'watchmode'] as const;
export const UpstreamSchema = z.enum(UPSTREAMS);
export type Upstream = z.infer<typeof UpstreamSchema>;

/** Fields a record can carry, each merged by its own precedence (see services/catalog/ingest/merge.ts). */
export const MERGED_FIELDS = [
  'title', 'releaseDate', 'runtimeMinutes', 'mpaaRating', 'genres', 'themes', 'synopsis', 'cast', 'directors',
  'poster', 'creativeType', 'source', 'distributor', 'productionBudget', 'usGross', 'worldwideGross',
  'imdbRating', 'imdbVotes', 'rottenTomatoesRating', 'popularity',
] as const;
export type MergedField = (typeof MERGED_FIELDS)[number];

// Control characters never belong in catalog text (a NUL byte also breaks PostgreSQL text).
const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const text = (max: number) => z.string().trim().min(1).max(max).regex(NO_CONTROL, 'must not contain control characters');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const PersonNameSchema = text(120);

export const PosterSchema = z.object({
  url: z.string().url().max(2000).regex(/^https:\/\//, 'must be an https URL'),
  width: z.number().int().positive().max(20_000).nullable(),
  height: z.number().int().positive().max(20_000).nullable(),
});

export const ExternalIdsSchema = z
  .object({
    /** English Wikipedia article slug ("Jaws_(film)"). */
    wikipedia: text(300).optional(),
    tmdb: z.number().int().positive().optional(),
    watchmode: z.number().int().positive().optional(),
    imdb: z.string().regex(/^tt\d{5,10}$/).optional(),
  })
  .strict();
export type ExternalIds = z.infer<typeof ExternalIdsSchema>;

/**
 * One film (or series) as a source knows it. Every field but the identity is optional: a
 * source says only what it knows, and the merge keeps what it does not say.
 */
export const CatalogRecordSchema = z
  .object({
    /** The record's key within its source (stable across runs): quarantine and resume use it. */
    sourceKey: text(300),
    /** The public id the source proposes ("jaws-1975"); the pipeline keeps an existing title's id. */
    proposedId: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(120).optional(),
    type: z.enum(CONTENT_TYPES).default('movie'),
    title: text(300),
    releaseYear: z.number().int().min(1870).max(2100),
    releaseDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
    runtimeMinutes: z.number().int().min(1).max(1000).nullable().optional(),
    mpaaRating: z.enum(['G', 'PG', 'PG-13', 'R', 'NC-17', 'Not Rated']).nullable().optional(),
    /** Coarse, lowercase genres as the search vocabulary stores them ("comedy", "crime"). */
    genres: z.array(text(40)).max(20).optional(),
    /** Finer tags, lowercase ("noir", "slasher", "spy", "silent", "found footage"). */
    themes: z.array(text(40)).max(40).optional(),
    synopsis: text(5000).nullable().optional(),
    /** Leads in billing order. */
    cast: z.array(PersonNameSchema).max(50).optional(),
    directors: z.array(PersonNameSchema).max(10).optional(),
    poster: PosterSchema.nullable().optional(),
    creativeType: text(60).nullable().optional(),
    source: text(60).nullable().optional(),
    distributor: text(120).nullable().optional(),
    productionBudget: count.nullable().optional(),
    usGross: count.nullable().optional(),
    worldwideGross: count.nullable().optional(),
    imdbRating: z.number().min(0).max(10).nullable().optional(),
    imdbVotes: count.nullable().optional(),
    rottenTomatoesRating: z.number().int().min(0).max(100).nullable().optional(),
    /** 0..1 popularity prior. */
    popularity: z.number().min(0).max(1).optional(),
    externalIds: ExternalIdsSchema.default({}),
    /**
     * Which upstream each field came from, where the record merges several (the bundled dataset:
     * Wikipedia and vega-datasets). Fields not listed are credited to the source's own upstream.
     */
    provenance: z.partialRecord(z.enum(MERGED_FIELDS), UpstreamSchema).optional(),
    /** When the source last changed this record (ISO 8601): the incremental cursor. */
    modifiedAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export type CatalogRecord = z.infer<typeof CatalogRecordSchema>;
export type CatalogRecordInput = z.input<typeof CatalogRecordSchema>;

export const SYNC_MODES = ['full', 'incremental'] as const;
export const SyncModeSchema = z.enum(SYNC_MODES);
export type SyncMode = z.infer<typeof SyncModeSchema>;

export const IngestCountsSchema = z.object({
  added: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  quarantined: z.number(),
});
export type IngestCounts = z.infer<typeof IngestCountsSchema>;

export const IngestRunSchema = z.object({
  id: z.number(),
  source: ContentSourceNameSchema,
  mode: SyncModeSchema,
  status: z.enum(['running', 'completed', 'failed']),
  trigger: z.string(),
  batchesTotal: z.number().nullable(),
  batchesDone: z.number(),
  counts: IngestCountsSchema,
  quarantineByReason: z.record(z.string(), z.number()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type IngestRun = z.infer<typeof IngestRunSchema>;

/** A message on the catalog queue: one page of one run. */
export const IngestPageMessageSchema = z.object({
  kind: z.literal('catalog-page'),
  runId: z.number().int().positive(),
  seq: z.number().int().min(0),
  cursor: z.string().max(2000).nullable(),
});
export type IngestPageMessage = z.infer<typeof IngestPageMessageSchema>;

export const CatalogSyncBodySchema = z
  .object({
    scope: z.literal('catalog'),
    /** Which content source; the bundled catalog when absent. */
    source: ContentSourceNameSchema.default('bundled'),
    /** "incremental" (what changed since the last completed run) unless asked for a full listing. */
    mode: SyncModeSchema.default('incremental'),
  })
  .strict();
export type CatalogSyncBody = z.infer<typeof CatalogSyncBodySchema>;
