/** Contracts for catalog reads: request params and response shapes; types are inferred. */
import { z } from 'zod';

import { CONTENT_TYPES, PRICE_TIERS, REGIONS } from './enums';

export { PRICE_TIERS, REGIONS };

export const ContentIdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a content id such as "the-godfather-1972"');

const regionCode = (description: string) =>
  z
    .string()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(REGIONS, { message: `must be one of ${REGIONS.join(', ')}` }))
    // For the OpenAPI document: the codes, which a transform hides (any case is accepted).
    .meta({ description, enum: [...REGIONS] } as Record<string, unknown>);

export const RegionSchema = regionCode('Region code (ISO 3166-1 alpha-2), any case');

/** How a route picks the region when the caller gives none (src/middleware/request-region.ts). */
export const REGION_DEFAULT_RULE =
  "When absent: the signed-in caller's saved region, else the country the request comes from (Cloudflare's request.cf.country) when it is one of these, else US.";

/** A region the caller may leave out; the route then applies REGION_DEFAULT_RULE. */
export const RegionOrDefaultSchema = regionCode(
  `Region code (ISO 3166-1 alpha-2), any case. ${REGION_DEFAULT_RULE}`,
).optional();

export const ContentParamsSchema = z.object({ id: ContentIdSchema });
export const ContentQuerySchema = z.object({
  region: regionCode(
    'Region code (ISO 3166-1 alpha-2), any case. When absent: offers in every region.',
  ).optional(),
});
export const AvailabilityStreamQuerySchema = z.object({ region: RegionSchema.optional() });
export const AvailabilityQuerySchema = z.object({
  region: RegionOrDefaultSchema,
  /** true: ask the platforms now (through their gates) instead of answering from stored offers. */
  verify: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

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
export type Credit = z.infer<typeof CreditSchema>;

/** A poster image at its source (not copied here); the size lets a page reserve its space. */
export const PosterSchema = z.object({
  url: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
});
export type Poster = z.infer<typeof PosterSchema>;

/** Which upstream gave a field's stored value, and when (ISO 8601). */
export const FieldProvenanceSchema = z.object({ source: z.string(), at: z.string() });

/** The credit a licence asks for where a title shows someone else's text (Wikipedia's synopsis). */
export const AttributionSchema = z.object({
  /** One line to show beside the text: "Synopsis from Wikipedia, CC BY-SA 4.0". */
  text: z.string(),
  license: z.object({ name: z.string(), url: z.string() }),
  /** The article the text comes from, with its history of authors. */
  articleUrl: z.string().nullable(),
});
export type Attribution = z.infer<typeof AttributionSchema>;

export const ContentDetailSchema = z.object({
  id: z.string(),
  type: z.enum(CONTENT_TYPES),
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
  /** The article's lead (Wikipedia) or a source's overview; see `attribution`. */
  synopsis: z.string().nullable(),
  /** Finer tags than genres ("noir", "spy", "silent"). */
  themes: z.array(z.string()),
  /** Actors in billing order (the actor entries of `credits`). */
  cast: z.array(CreditSchema),
  poster: PosterSchema.nullable(),
  links: z.object({ wikipedia: z.string().nullable() }),
  /** Set when the synopsis is someone else's licensed text (Wikipedia: CC BY-SA 4.0). */
  attribution: AttributionSchema.nullable(),
  /** Per field: which upstream gave the stored value, and when. */
  provenance: z.record(z.string(), FieldProvenanceSchema),
  ratings: z.object({
    imdb: z.number().nullable(),
    imdbVotes: z.number().nullable(),
    rottenTomatoes: z.number().nullable(),
    users: z.object({ average: z.number().nullable(), count: z.number() }),
  }),
  box: z.object({
    budget: z.number().nullable(),
    usGross: z.number().nullable(),
    worldwideGross: z.number().nullable(),
  }),
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
