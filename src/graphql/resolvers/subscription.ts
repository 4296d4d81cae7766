/**
 * Subscriptions, served as Server-Sent Events by graphql-yoga (send `Accept: text/event-stream`).
 * Both come from LiveUpdateHub Durable Objects, the mechanism behind the REST availability stream:
 * the title's hub, or the caller's own hub (their watchlist notifications).
 */
import { z } from 'zod';
import { ContentIdSchema, RegionSchema } from '../../schemas/content';
import { watchNewForUser, watchTitle } from '../../services/availability/live';
import type { LiveEvent } from '../../services/availability/ports';
import { parseArgs, signedIn, type GraphQLContext } from '../context';

const ChangeKindSchema = z.enum(['added', 'removed', 'price_changed', 'leaving_soon']);
const TitleArgs = z.object({ contentId: ContentIdSchema, region: RegionSchema.optional() });
const NewContentArgs = z.object({
  kinds: z.array(ChangeKindSchema).min(1, 'kinds must name at least one kind').optional(),
});

const asPayload = (event: LiveEvent) => event;

export const Subscription = {
  availabilityChanged: {
    subscribe: (
      _: unknown,
      a: { contentId: string; region?: string | null },
      ctx: GraphQLContext,
    ) => {
      const args = parseArgs(TitleArgs, { contentId: a.contentId, region: a.region ?? undefined });
      const s = ctx.hono.var.services;
      return watchTitle(
        { repo: s.availability().repo, feed: s.live() },
        args.contentId,
        args.region,
      );
    },
    resolve: asPayload,
  },
  newContentForUser: {
    subscribe: (_: unknown, a: { kinds?: string[] | null }, ctx: GraphQLContext) => {
      const user = signedIn(ctx, 'hear about new titles');
      const { kinds } = parseArgs(NewContentArgs, { kinds: a.kinds ?? undefined });
      return watchNewForUser({ feed: ctx.hono.var.services.live() }, user.id, kinds);
    },
    resolve: asPayload,
  },
};
