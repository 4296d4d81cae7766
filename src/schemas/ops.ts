/** Contracts for the operator's routes (admin only). */
import { z } from 'zod';
import { CatalogSyncBodySchema } from './catalog';
import { ContentIdSchema, RegionSchema } from './content';

const ContentIds = z.array(ContentIdSchema).min(1).max(100);

export const CacheInvalidateBodySchema = z
  .object({
    /** "search": every cached search and suggestion answer; "content": answers that may hold these titles. */
    scope: z.enum(['search', 'content']),
    contentIds: ContentIds.optional(),
  })
  .strict()
  .refine((b) => b.scope !== 'content' || b.contentIds !== undefined, {
    message: 'contentIds is required when scope is "content"',
    path: ['contentIds'],
  });
export type CacheInvalidateBody = z.infer<typeof CacheInvalidateBodySchema>;

const AvailabilitySyncBodySchema = z
  .object({
    scope: z.literal('availability'),
    /** Titles to re-verify now; absent = a full sync (the daily 02:00 sweep's work). */
    contentIds: ContentIds.optional(),
    /** Regions to check the titles in; all polled regions when absent. Ignored by a full sync. */
    regions: z.array(RegionSchema).min(1).max(9).optional(),
  })
  .strict()
  .refine((b) => b.contentIds !== undefined || b.regions === undefined, {
    message: 'regions applies only with contentIds (a full sync covers every polled region)',
    path: ['regions'],
  });
export type AvailabilitySyncBody = z.infer<typeof AvailabilitySyncBodySchema>;

/** "availability": re-verify offers; "catalog": sync titles from a content source (ingestion). */
export const ContentSyncBodySchema = z.discriminatedUnion('scope', [
  AvailabilitySyncBodySchema,
  CatalogSyncBodySchema,
]);
export type ContentSyncBody = z.infer<typeof ContentSyncBodySchema>;

export const IngestRunsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const IngestRunParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
});
