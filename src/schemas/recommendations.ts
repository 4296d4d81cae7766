/** Contracts for recommendations, similar titles and trending. */
import { z } from 'zod';
import { RegionOrDefaultSchema } from './content';
import { Limit } from './search';

const Flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const RecommendationsQuerySchema = z.object({
  limit: Limit,
  region: RegionOrDefaultSchema,
  /** Include titles that are not on the person's platforms. */
  anyPlatform: Flag,
});

export const SimilarQuerySchema = z.object({
  limit: Limit,
  region: RegionOrDefaultSchema,
});

export const TrendingQuerySchema = z.object({
  window: z.enum(['day', 'week'], { message: 'window must be day or week' }).default('day'),
  region: RegionOrDefaultSchema,
  limit: Limit,
});
