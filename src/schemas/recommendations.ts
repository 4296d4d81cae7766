/** Contracts for recommendations, similar titles and trending. */
import { z } from 'zod';
import { RegionSchema } from './content';
import { Limit } from './search';

const Flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const RecommendationsQuerySchema = z.object({
  limit: Limit,
  /** Defaults to the person's region preference. */
  region: RegionSchema.optional(),
  /** Include titles that are not on the person's platforms. */
  anyPlatform: Flag,
});

export const SimilarQuerySchema = z.object({
  limit: Limit,
  region: RegionSchema.default('US'),
});

export const TrendingQuerySchema = z.object({
  window: z.enum(['day', 'week'], { message: 'window must be day or week' }).default('day'),
  region: RegionSchema.default('US'),
  limit: Limit,
});
