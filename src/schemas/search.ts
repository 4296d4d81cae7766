/** Contracts for search: requests, the understood query, and results. Types are inferred. */
import { z } from 'zod';
import { PRICE_TIERS, RegionOrDefaultSchema } from './content';
import { CONTENT_TYPES, INTENTS } from './enums';

export { INTENTS };
export const SORTS = [
  'relevance',
  'best',
  'newest',
  'oldest',
  'biggest',
  'popular',
  'underrated',
  'longest',
  'shortest',
  'leaving_soon',
  'recently_added',
] as const;
export const MPAA = ['G', 'PG', 'PG-13', 'R', 'NC-17', 'NR'] as const;

const Range = z.object({ min: z.number().optional(), max: z.number().optional() });
export type Range = z.infer<typeof Range>;

/**
 * What an understood query may ask for, whichever parser understood it: a number outside these
 * is the caller's mistake ("over 99999 minutes"), refused with a 400 before it reaches SQL
 * (runtime and year are smallint columns). The same bounds as the POST filters.
 */
export const FACET_BOUNDS = {
  years: { min: 1800, max: 2100, unit: 'year' },
  runtime: { min: 0, max: 1000, unit: 'minutes' },
  rating: { min: 0, max: 10, unit: 'out of 10' },
} as const;

const boundedRange = (b: { min: number; max: number; unit: string }, what: string) => {
  const n = z
    .number()
    .finite()
    .min(b.min, `${what} must be between ${b.min} and ${b.max} (${b.unit})`)
    .max(b.max, `${what} must be between ${b.min} and ${b.max} (${b.unit})`);
  return z.object({ min: n.optional(), max: n.optional() });
};

/** The numeric facets of an understood query, within FACET_BOUNDS. */
export const UnderstoodBoundsSchema = z.object({
  years: boundedRange(FACET_BOUNDS.years, 'year').optional(),
  runtime: boundedRange(FACET_BOUNDS.runtime, 'runtime').optional(),
  rating: boundedRange(FACET_BOUNDS.rating, 'rating').optional(),
});

/** What the parser (local or LLM) understood. The LLM's output is validated against this. */
export const EntitiesSchema = z.object({
  genres: z.array(z.string()).default([]),
  /**
   * Genres and themes that must all hold: facet words side by side ("found footage horror",
   * "war dramas") name one kind of film; words joined by "or", "and" or a comma are alternatives.
   */
  genresAll: z.array(z.string()).default([]),
  moods: z.array(z.string()).default([]),
  people: z.array(z.string()).default([]),
  years: Range.optional(),
  runtime: Range.optional(),
  rating: Range.optional(),
  mpaa: z.array(z.enum(MPAA)).default([]),
  platforms: z.array(z.string()).default([]),
  /** "on something I already pay for": the signed-in user's platforms. */
  myPlatforms: z.boolean().default(false),
  priceTiers: z.array(z.enum(PRICE_TIERS)).default([]),
  sources: z.array(z.string()).default([]),
  creativeTypes: z.array(z.string()).default([]),
  sort: z.enum(SORTS).default('relevance'),
  /** A title the query refers to ("like Alien"). */
  similarTo: z.string().optional(),
  /**
   * Availability intents: "leaving soon" (an offer whose leaving date falls within this many
   * days), "new on hulu" (an offer added within this many days, from availability_changes).
   */
  leavingWithinDays: z.number().int().min(1).max(365).optional(),
  addedWithinDays: z.number().int().min(1).max(365).optional(),
});
export type Entities = z.infer<typeof EntitiesSchema>;

export const NegationsSchema = z.object({
  genres: z.array(z.string()).default([]),
  mpaa: z.array(z.enum(MPAA)).default([]),
  people: z.array(z.string()).default([]),
  creativeTypes: z.array(z.string()).default([]),
  sources: z.array(z.string()).default([]),
  /** "not on netflix": no offer on these platforms in the region. */
  platforms: z.array(z.string()).default([]),
  /** Soft negations ("not too dark"): genres that lower a score instead of excluding. */
  soft: z.array(z.string()).default([]),
  /** "nothing from the 80s": release years excluded. */
  years: Range.optional(),
  /** "not too long" / "not too short": runtimes beyond these lower a score. */
  softRuntimeMax: z.number().optional(),
  softRuntimeMin: z.number().optional(),
  /** Negated words the vocabulary does not know ("not too gory"): titles whose text holds them rank lower. */
  terms: z.array(z.string()).optional(),
});
export type Negations = z.infer<typeof NegationsSchema>;

export const ParsedQuerySchema = z.object({
  raw: z.string(),
  normalized: z.string(),
  intent: z.enum(INTENTS),
  /** Words left after the recognised facets: matched against titles and embedded. */
  text: z.string(),
  entities: EntitiesSchema,
  negations: NegationsSchema,
  correction: z.object({ from: z.string(), to: z.string() }).optional(),
  parser: z.enum(['local', 'openai']),
});
export type ParsedQuery = z.infer<typeof ParsedQuerySchema>;

export const FiltersSchema = z
  .object({
    genres: z.array(z.string().max(40)).max(10).optional(),
    excludeGenres: z.array(z.string().max(40)).max(10).optional(),
    yearMin: z.number().int().min(1900).max(2100).optional(),
    yearMax: z.number().int().min(1900).max(2100).optional(),
    runtimeMin: z.number().int().min(0).max(1000).optional(),
    runtimeMax: z.number().int().min(0).max(1000).optional(),
    // Two decimals: compared with a float4 column, 1e-300 would underflow it.
    ratingMin: z
      .number()
      .min(0)
      .max(10)
      .transform((r) => Math.round(r * 100) / 100)
      .optional(),
    mpaa: z.array(z.enum(MPAA)).max(6).optional(),
    platforms: z.array(z.string().max(40)).max(20).optional(),
    priceTiers: z.array(z.enum(PRICE_TIERS)).max(5).optional(),
    availableOnly: z.boolean().optional(),
  })
  .strict();
export type Filters = z.infer<typeof FiltersSchema>;

const QueryText = z
  .string({ message: 'must be a string' })
  .max(500, 'must be at most 500 characters')
  .refine((s) => s.trim().length > 0, 'must not be empty');

export const Limit = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 100')
  .max(100, 'must be between 1 and 100')
  .default(20);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * POST /search: the text is `q`, as in GET /search (`query`, its older name, is still accepted
 * and undocumented). The output keeps the service's name, `query`.
 */
export const SearchBodySchema = z
  .preprocess(
    (v) =>
      isRecord(v) && 'query' in v && !('q' in v)
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k === 'query' ? 'q' : k, x]))
        : v,
    z
      .object({
        q: QueryText,
        region: RegionOrDefaultSchema,
        filters: FiltersSchema.optional(),
        limit: Limit,
        cursor: z.string().max(512).optional(),
      })
      .strict(),
  )
  .transform(({ q, ...rest }) => ({ ...rest, query: q }));
export type SearchRequest = z.infer<typeof SearchBodySchema>;

export const SearchQueryStringSchema = z.object({
  q: QueryText,
  region: RegionOrDefaultSchema,
  limit: Limit,
  cursor: z.string().max(512).optional(),
});

export const SuggestQuerySchema = z.object({
  partial: z
    .string({ message: 'partial is required' })
    .max(100, 'partial must be at most 100 characters')
    .refine((s) => s.trim().length > 0, 'partial must not be empty'),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});

/**
 * An embedding's components. Stored vectors are unit length; the bound only keeps a caller's
 * vector inside float4 (pgvector's type, max 3.4e38) with room for its squared norm.
 */
export const EMBEDDING_VALUE_MAX = 1e6;

export const SemanticBodySchema = z
  .object({
    /** The text to search for by meaning (embedded by the configured embedder). */
    q: QueryText.optional(),
    /** Or a ready embedding of EMBEDDING_DIMENSIONS numbers. */
    embedding: z
      .array(
        z
          .number()
          .finite()
          .min(
            -EMBEDDING_VALUE_MAX,
            `embedding values must be between -${EMBEDDING_VALUE_MAX} and ${EMBEDDING_VALUE_MAX}`,
          )
          .max(
            EMBEDDING_VALUE_MAX,
            `embedding values must be between -${EMBEDDING_VALUE_MAX} and ${EMBEDDING_VALUE_MAX}`,
          ),
      )
      .min(1)
      .max(4096)
      .optional(),
    filters: FiltersSchema.optional(),
    topK: z.number().int().min(1).max(100).default(20),
    region: RegionOrDefaultSchema,
  })
  .strict()
  .refine((b) => (b.q === undefined) !== (b.embedding === undefined), {
    message: 'give either q (text) or embedding, not both',
    path: ['q'],
  });

export const AvailabilitySummarySchema = z.object({
  platformId: z.string(),
  platformName: z.string(),
  priceTier: z.enum(PRICE_TIERS),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
});

export const SearchResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  releaseYear: z.number().nullable(),
  type: z.enum(CONTENT_TYPES),
  genres: z.array(z.string()),
  director: z.string().nullable(),
  runtimeMinutes: z.number().nullable(),
  mpaaRating: z.string().nullable(),
  rating: z.object({ imdb: z.number().nullable(), rottenTomatoes: z.number().nullable() }),
  availability: z.array(AvailabilitySummarySchema),
  score: z.number(),
  why: z.array(z.string()),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export type { Region } from './enums';
