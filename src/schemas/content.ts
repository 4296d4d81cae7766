/** Contracts for catalog reads: request params and response shapes; types are inferred. */
import { z } from 'zod';

export const PRICE_TIERS = ['free', 'ads', 'subscription', 'rent', 'buy'] as const;
export const REGIONS = ['US', 'GB', 'CA', 'DE', 'FR', 'AU', 'IN', 'JP', 'BR'] as const;

export const ContentIdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a content id such as "the-godfather-1972"');

export const RegionSchema = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(REGIONS, { message: `must be one of ${REGIONS.join(', ')}` }));

export const ContentParamsSchema = z.object({ id: ContentIdSchema });
export const ContentQuerySchema = z.object({ region: RegionSchema.optional() });

export const OfferSchema = z.object({
  platformId: z.string(),
  platformName: z.string(),
  priceTier: z.enum(PRICE_TIERS),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  quality: z.enum(['sd', 'hd', '4k']),
  url: z.string(),
  leavingAt: z.string().nullable(),
  lastVerifiedAt: z.string(),
  source: z.string(),
});
export type Offer = z.infer<typeof OfferSchema>;

export const CreditSchema = z.object({ personId: z.string(), name: z.string(), role: z.string() });

export const ContentDetailSchema = z.object({
  id: z.string(),
  type: z.enum(['movie', 'series']),
  title: z.string(),
  releaseYear: z.number().nullable(),
  releaseDate: z.string().nullable(),
  runtimeMinutes: z.number().nullable(),
  mpaaRating: z.string().nullable(),
  genres: z.array(z.string()),
  creativeType: z.string().nullable(),
  source: z.string().nullable(),
  distributor: z.string().nullable(),
  director: z.string().nullable(),
  credits: z.array(CreditSchema),
  ratings: z.object({
    imdb: z.number().nullable(),
    imdbVotes: z.number().nullable(),
    rottenTomatoes: z.number().nullable(),
    users: z.object({ average: z.number().nullable(), count: z.number() }),
  }),
  box: z.object({ budget: z.number().nullable(), usGross: z.number().nullable(), worldwideGross: z.number().nullable() }),
  popularity: z.number(),
  dataSource: z.string(),
  /** Offers grouped by region code. */
  availability: z.record(z.string(), z.array(OfferSchema)),
});
export type ContentDetail = z.infer<typeof ContentDetailSchema>;

export const PlatformSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  homepage: z.string(),
  regions: z.array(z.string()),
  titles: z.number(),
});
export type Platform = z.infer<typeof PlatformSchema>;

export const GenreSchema = z.object({ name: z.string(), titles: z.number() });
export type Genre = z.infer<typeof GenreSchema>;
