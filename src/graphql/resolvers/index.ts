import type { ContentDetail } from '../../schemas/content';
import type { GraphQLContext } from '../context';
import { listWatchlist } from '../../services/accounts/personal-data';
import { Mutation } from './mutation';
import { Query } from './query';
import { personalDeps } from './shared';
import { Subscription } from './subscription';

export const resolvers = {
  Query,
  Mutation,
  Subscription,
  SearchResult: {
    // Batched: all results' titles in one round trip (see ../loaders).
    content: (r: { id: string; region: string }, _: unknown, ctx: GraphQLContext) =>
      ctx.loaders.content(r.region).load(r.id),
  },
  AvailabilityReport: {
    content: (r: { contentId: string; region: string }, _: unknown, ctx: GraphQLContext) =>
      ctx.loaders.content(r.region).load(r.contentId),
  },
  Recommended: {
    content: (r: { id: string; region: string }, _: unknown, ctx: GraphQLContext) =>
      ctx.loaders.content(r.region).load(r.id),
  },
  Notification: {
    content: (n: { contentId: string; region: string }, _: unknown, ctx: GraphQLContext) =>
      ctx.loaders.content(n.region).load(n.contentId),
  },
  WatchlistItem: {
    content: (w: { contentId: string }, _: unknown, ctx: GraphQLContext) =>
      ctx.loaders.content(undefined).load(w.contentId),
  },
  Content: {
    availability: (c: ContentDetail) =>
      Object.entries(c.availability).map(([region, offers]) => ({ region, offers })),
    provenance: (c: ContentDetail) =>
      Object.entries(c.provenance).map(([field, p]) => ({ field, ...p })),
  },
  User: {
    // The parent is an account the caller was already allowed to read (me, user(id), register, login).
    watchlist: (u: { id: string }, _: unknown, ctx: GraphQLContext) =>
      listWatchlist(personalDeps(ctx), u.id),
  },
};
