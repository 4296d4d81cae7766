/** Contracts for the per-service feeds: new arrivals, leaving soon and price drops per platform and region. */
import { z } from 'zod';
import { RATING_LIMITS } from './accounts';
import { PosterSchema, PRICE_TIERS, RegionOrDefaultSchema, RegionSchema } from './content';
import { Limit } from './search';

export const FEED_KINDS = ['new', 'leaving', 'price-drops'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FeedParamsSchema = z.object({
  kind: z.enum(FEED_KINDS, { message: `kind must be one of ${FEED_KINDS.join(', ')}` }),
});

const PlatformList = z
  .string()
  .max(400, 'platforms must be at most 400 characters')
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(
        z.string().regex(/^[a-z0-9-]{1,40}$/, 'platforms must be platform ids separated by commas'),
      )
      .max(20, 'at most 20 platforms'),
  );

export const FeedQuerySchema = z.object({
  region: RegionOrDefaultSchema,
  /** Platform ids separated by commas; all platforms when absent. */
  platforms: PlatformList.optional(),
  /** How far back (new, price drops) or ahead (leaving) to look. */
  days: z.coerce
    .number({ message: 'days must be a number' })
    .int('days must be a whole number')
    .min(1, 'days must be between 1 and 90')
    .max(90, 'days must be between 1 and 90')
    .default(30),
  /** Leaves out titles rated above this (a parental limit); signed-in callers' own limit applies too. */
  maxRating: z
    .enum(RATING_LIMITS, { message: `maxRating must be one of ${RATING_LIMITS.join(', ')}` })
    .optional(),
  limit: Limit,
  cursor: z.string().max(200).optional(),
});
export type FeedQuery = z.infer<typeof FeedQuerySchema>;

export const FeedOfferSchema = z.object({
  platformId: z.string(),
  platformName: z.string(),
  priceTier: z.enum(PRICE_TIERS),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  url: z.string(),
  leavingAt: z.string().nullable(),
});

export const FeedItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  releaseYear: z.number().nullable(),
  type: z.enum(['movie', 'series']),
  genres: z.array(z.string()),
  mpaaRating: z.string().nullable(),
  rating: z.number().nullable(),
  poster: PosterSchema.nullable(),
  /** The offer the feed is about. */
  offer: FeedOfferSchema,
  /** When it arrived or the price dropped (new, price-drops), or when it leaves (leaving). */
  at: z.string(),
  /** Price drops: the price before. */
  previousAmount: z.number().nullable().optional(),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

export const FeedResponseSchema = z.object({
  kind: z.enum(FEED_KINDS),
  region: RegionSchema,
  platforms: z.array(z.string()).nullable(),
  items: z.array(FeedItemSchema),
  meta: z.object({
    nextCursor: z.string().nullable(),
    days: z.number(),
    maxRating: z.string().nullable(),
  }),
});
export type FeedResponse = z.infer<typeof FeedResponseSchema>;
