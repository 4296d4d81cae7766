/** Contracts for availability: webhook payloads and queue messages. */
import { z } from 'zod';
import { ContentIdSchema, PRICE_TIERS, REGIONS } from './content';

export const IncomingOfferSchema = z.object({
  priceTier: z.enum(PRICE_TIERS),
  amount: z.number().nonnegative().max(100_000).nullable().default(null),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .default(null),
  /** Only http(s): the URL is served to browsers as a link, so `javascript:` or `data:` must never be stored. */
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(500),
  quality: z.enum(['sd', 'hd', '4k']).default('hd'),
  leavingAt: z.string().datetime({ offset: true }).nullable().default(null),
});
export type IncomingOffer = z.infer<typeof IncomingOfferSchema>;

export const WebhookParamsSchema = z.object({
  platform: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a platform id such as "netflix"'),
});

/** A partner's webhook: the full current set of its offers for one title in one region. */
export const WebhookPayloadSchema = z
  .object({
    // No NUL: the id is stored in PostgreSQL text, which cannot hold one.
    eventId: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^\u0000]+$/, 'must not contain a NUL character (U+0000)'),
    type: z.literal('availability.updated'),
    occurredAt: z.string().datetime({ offset: true }),
    contentId: ContentIdSchema,
    region: z.enum(REGIONS),
    offers: z.array(IncomingOfferSchema).max(10),
  })
  .strict();
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

export const TIERS = ['high', 'medium', 'low', 'full'] as const;
export type Tier = (typeof TIERS)[number];

export const AvailabilityMessageSchema = z.discriminatedUnion('kind', [
  /** Walk the titles of a priority tier, a page at a time, enqueueing checks. */
  z.object({
    kind: z.literal('sweep'),
    tier: z.enum(TIERS),
    offset: z.number().int().min(0),
    end: z.number().int().min(0),
  }),
  /** Verify one title in one region on these platforms (all operating there when absent). */
  z.object({
    kind: z.literal('check'),
    contentId: z.string(),
    region: z.string(),
    platforms: z.array(z.string()).optional(),
    attempt: z.number().int().min(1).default(1),
  }),
  z.object({
    kind: z.literal('snapshot'),
    platformId: z.string(),
    eventId: z.string(),
    contentId: z.string(),
    region: z.string(),
    offers: z.array(IncomingOfferSchema),
    source: z.string(),
  }),
]);
export type AvailabilityMessage = z.infer<typeof AvailabilityMessageSchema>;
