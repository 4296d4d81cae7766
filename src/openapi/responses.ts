/**
 * Response shapes that had only a TypeScript interface: written as zod here so the OpenAPI
 * document can describe them and the contract test can check real answers against them.
 * Shapes that already had a zod schema (ContentDetail, PersonDetail, SearchResult...) are reused.
 */
import { z } from 'zod';
import { RATING_LIMITS, RoleSchema } from '../schemas/accounts';
import { IngestRunSchema, ContentSourceNameSchema, SyncModeSchema } from '../schemas/catalog';
import { GenreSchema, PlatformSchema, PRICE_TIERS, REGIONS } from '../schemas/content';
import { ParsedQuerySchema, SearchResultSchema } from '../schemas/search';

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'VALIDATION_FAILED' }),
      message: z
        .string()
        .meta({ example: 'Invalid query string: limit must be between 1 and 100' }),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

export const SearchResponseSchema = z
  .object({
    query: ParsedQuerySchema,
    results: z.array(SearchResultSchema),
    meta: z.object({
      /** The region the results' offers are for (the one given, or the default: see `region`). */
      region: z.enum(REGIONS),
      total: z.number(),
      totalCapped: z.boolean(),
      took_ms: z.number(),
      nextCursor: z.string().nullable(),
      legs: z.object({
        sql: z.boolean(),
        vector: z.enum(['used', 'skipped', 'unavailable']),
        titleProbe: z.boolean(),
      }),
      fallbacks: z.array(z.string()),
      notes: z.array(z.string()),
      cache: z.string(),
      cacheLayer: z.string().nullable(),
    }),
  })
  .meta({ id: 'SearchResponse' });

export const SemanticResponseSchema = z
  .object({
    results: z.array(SearchResultSchema),
    meta: z.object({
      region: z.enum(REGIONS),
      total: z.number(),
      took_ms: z.number(),
      vector: z.string(),
    }),
  })
  .meta({ id: 'SemanticResponse' });

export const SuggestionsResponseSchema = z.object({
  partial: z.string(),
  suggestions: z.array(
    z.object({
      kind: z.enum(['title', 'person', 'genre']),
      text: z.string(),
      id: z.string().optional(),
      year: z.number().nullable().optional(),
      role: z.string().optional(),
    }),
  ),
});

const OfferSummarySchema = z.object({
  platformId: z.string(),
  platformName: z.string(),
  priceTier: z.string(),
});

/** A title as recommendations, similar titles and trending show it. */
export const RecTitleSchema = z.object({
  id: z.string(),
  title: z.string(),
  releaseYear: z.number().nullable(),
  type: z.string(),
  genres: z.array(z.string()),
  director: z.string().nullable(),
  runtimeMinutes: z.number().nullable(),
  mpaaRating: z.string().nullable(),
  rating: z.number().nullable(),
  quality: z.number(),
  popularity: z.number(),
  availability: z.array(OfferSummarySchema),
});

export const RecommendationsResponseSchema = z.object({
  items: z.array(
    RecTitleSchema.extend({
      score: z.number(),
      why: z.array(z.string()),
      signals: z.object({ cf: z.number(), content: z.number() }),
    }),
  ),
  meta: z.object({
    region: z.enum(REGIONS),
    platforms: z.union([z.array(z.string()), z.enum(['any', 'any in region'])]),
    strategy: z.enum(['hybrid', 'cold_start']),
    legs: z.object({
      collaborative: z.enum(['used', 'no_neighbours', 'off']),
      content: z.enum(['vector', 'features', 'off']),
    }),
    weights: z.object({ collaborative: z.number(), content: z.number() }),
    notes: z.array(z.string()),
    took_ms: z.number(),
    cache: z.enum(['hit', 'miss']),
  }),
});

export const SimilarResponseSchema = z.object({
  region: z.enum(REGIONS),
  anchor: z.object({ id: z.string(), title: z.string(), releaseYear: z.number().nullable() }),
  items: z.array(RecTitleSchema.extend({ score: z.number(), why: z.array(z.string()) })),
  legs: z.object({
    coWatching: z.enum(['used', 'no_data']),
    content: z.enum(['vector', 'features']),
  }),
});

export const TrendingResponseSchema = z.object({
  window: z.enum(['day', 'week']),
  region: z.enum(REGIONS),
  source: z.enum(['redis', 'database']),
  items: z.array(RecTitleSchema.extend({ score: z.number(), rank: z.number() })),
});

export const AvailabilityResponseSchema = z.object({
  contentId: z.string(),
  region: z.enum(REGIONS),
  source: z.enum(['cache', 'live']),
  offers: z.array(
    z.object({
      platformId: z.string(),
      platformName: z.string(),
      priceTier: z.enum(PRICE_TIERS),
      amount: z.number().nullable(),
      currency: z.string().nullable(),
      lastVerifiedAt: z.string(),
      stale: z.boolean(),
    }),
  ),
  checked: z.array(z.string()),
  failed: z.array(z.object({ platformId: z.string(), reason: z.string() })),
  changes: z.number(),
});

export const PlatformsResponseSchema = z.object({ platforms: z.array(PlatformSchema) });
export const GenresResponseSchema = z.object({ genres: z.array(GenreSchema) });

export const UserProfileSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string().nullable(),
    role: RoleSchema,
    emailVerified: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'UserProfile' });

export const TokenPairSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number().meta({ description: 'Seconds until the access token expires' }),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string(),
});

export const SessionResponseSchema = TokenPairSchema.extend({ user: UserProfileSchema });

export const JwksSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })),
});

export const PreferencesSchema = z.object({
  region: z.enum(REGIONS),
  genres: z.array(z.string()),
  languages: z.array(z.string()),
  platforms: z.array(z.string()),
  maxRating: z.enum(RATING_LIMITS).nullable(),
  updatedAt: z.string().nullable(),
});

export const ConsentSchema = z.object({
  personalisation: z.boolean(),
  updatedAt: z.string().nullable(),
});

export const WatchlistItemSchema = z.object({
  contentId: z.string(),
  title: z.string(),
  releaseYear: z.number().nullable(),
  addedAt: z.string(),
});
export const WatchlistResponseSchema = z.object({ items: z.array(WatchlistItemSchema) });
export const RatingEntrySchema = z.object({
  contentId: z.string(),
  title: z.string(),
  score: z.number(),
  ratedAt: z.string(),
});
export const RatingsResponseSchema = z.object({ ratings: z.array(RatingEntrySchema) });
export const HistoryEntrySchema = z.object({
  id: z.number(),
  contentId: z.string(),
  title: z.string(),
  kind: z.enum(['view', 'complete', 'click']),
  progress: z.number().nullable(),
  occurredAt: z.string(),
});
export const HistoryPageSchema = z.object({
  entries: z.array(HistoryEntrySchema),
  nextCursor: z.string().nullable(),
});

export const UserExportSchema = z.object({
  format: z.literal('marquee-user-export/v1'),
  exportedAt: z.string(),
  profile: UserProfileSchema,
  preferences: PreferencesSchema.nullable(),
  watchlist: z.array(WatchlistItemSchema),
  ratings: z.array(RatingEntrySchema),
  history: z.array(HistoryEntrySchema),
  searchHistory: z.array(
    z.object({
      query: z.string(),
      region: z.string(),
      intent: z.string().nullable(),
      resultCount: z.number(),
      searchedAt: z.string(),
    }),
  ),
  sessions: z.array(
    z.object({
      createdAt: z.string(),
      expiresAt: z.string(),
      rotatedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
    }),
  ),
  notifications: z.array(
    z.object({
      contentId: z.string(),
      kind: z.string(),
      platformId: z.string(),
      region: z.string(),
      createdAt: z.string(),
      readAt: z.string().nullable(),
    }),
  ),
});

export const EraseResponseSchema = z.object({
  erased: z.literal(true),
  removed: z.looseObject({}),
});

export const UsersPageSchema = z.object({
  users: z.array(UserProfileSchema.extend({ deletedAt: z.string().nullable() })),
  nextCursor: z.string().nullable(),
});

export const NotificationsResponseSchema = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      contentId: z.string(),
      title: z.string(),
      kind: z.string(),
      platformId: z.string(),
      platformName: z.string(),
      region: z.enum(REGIONS),
      details: z.unknown(),
      createdAt: z.string(),
      read: z.boolean(),
    }),
  ),
  unread: z.number(),
});
export const MarkedReadSchema = z.object({ marked: z.number() });

export const GateStatusesSchema = z.object({
  platforms: z.array(z.looseObject({ platformId: z.string(), name: z.string() })),
});

export const InvalidatedSchema = z.object({
  scope: z.enum(['search', 'content']),
  invalidated: z.array(z.enum(['search', 'suggestions'])),
  catalogVersion: z.number(),
  contentIds: z.array(z.string()).optional(),
  note: z.string(),
});

export const SyncStartedSchema = z.union([
  z.object({
    scope: z.literal('availability'),
    mode: z.literal('titles'),
    contentIds: z.array(z.string()),
    regions: z.array(z.string()),
    checksEnqueued: z.number(),
  }),
  z.object({
    scope: z.literal('availability'),
    mode: z.literal('full'),
    sweepsEnqueued: z.number(),
    checksEnqueued: z.number(),
    checksExpected: z.number(),
    regions: z.array(z.string()),
  }),
  z.object({
    scope: z.literal('catalog'),
    runId: z.number(),
    source: ContentSourceNameSchema,
    mode: SyncModeSchema,
    alreadyRunning: z.boolean(),
    run: z.string(),
  }),
]);

export const IngestRunsResponseSchema = z.object({ runs: z.array(IngestRunSchema) });
export { IngestRunSchema };

export const WebhookAcceptedSchema = z.object({
  status: z.enum(['accepted', 'duplicate']),
  eventId: z.string(),
});
