/** Query fields: each calls the service its REST route calls. */
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { NotificationsQuerySchema, UserIdSchema } from '../../schemas/accounts';
import { ContentIdSchema, RegionSchema } from '../../schemas/content';
import { FeedQuerySchema } from '../../schemas/feeds';
import { SearchBodySchema } from '../../schemas/search';
import { readFeed, stricterLimit } from '../../services/feeds/feeds';
import { regionOrRequestCountry } from '../../middleware/request-region';
import { getPreferences, getProfile } from '../../services/accounts/personal-data';
import { mayAccessUser } from '../../services/accounts/roles';
import { titleAvailability } from '../../services/availability/verify';
import { listPlatforms } from '../../services/catalog';
import { getPerson } from '../../services/catalog/person';
import { PersonIdSchema, PersonQuerySchema } from '../../schemas/people';
import { runSearch } from '../../services/search/run-search';
import {
  RecommendationsQuerySchema,
  SimilarQuerySchema,
  TrendingQuerySchema,
} from '../../schemas/recommendations';
import { recommendationsFor } from '../../services/recommendations/for-person';
import { similarTitles } from '../../services/recommendations/similar';
import { trending } from '../../services/recommendations/trending';
import { parseArgs, signedIn, type GraphQLContext } from '../context';
import { personalDeps } from './shared';

const MAX_IDS = 50;

/** An input object's fields given as null mean "not given" (the zod schemas expect them absent). */
const withoutNulls = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
const ContentArgs = z.object({ id: ContentIdSchema, region: RegionSchema.optional() });
const ContentByIdsArgs = z.object({
  ids: z.array(ContentIdSchema).max(MAX_IDS, `ids must hold at most ${MAX_IDS} ids`),
  region: RegionSchema.optional(),
});
const PersonArgs = PersonQuerySchema.extend({ id: PersonIdSchema });
const AvailabilityArgs = z.object({
  contentId: ContentIdSchema,
  region: RegionSchema,
  verify: z.boolean(),
});

/** GraphQL gives null for an argument sent as null; the zod schemas expect it absent. */
const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export const Query = {
  search: async (
    _: unknown,
    a: {
      query: string;
      region: string;
      limit: number;
      cursor?: string | null;
      filters?: Record<string, unknown> | null;
    },
    ctx: GraphQLContext,
  ) => {
    const input = parseArgs(SearchBodySchema, {
      q: a.query,
      region: a.region,
      limit: a.limit,
      cursor: orUndefined(a.cursor),
      filters: a.filters ? withoutNulls(a.filters) : undefined,
    });
    const c = ctx.hono;
    const out = await runSearch(await c.var.services.searchRun(), input, c.var.user?.id);
    return {
      results: out.results.map((r) => ({ ...r, region: input.region })),
      total: out.meta.total,
      nextCursor: out.meta.nextCursor,
      query: out.query,
    };
  },

  content: (_: unknown, a: { id: string; region?: string | null }, ctx: GraphQLContext) => {
    const args = parseArgs(ContentArgs, { id: a.id, region: orUndefined(a.region) });
    return ctx.loaders.content(args.region).load(args.id);
  },

  contentByIds: (_: unknown, a: { ids: string[]; region?: string | null }, ctx: GraphQLContext) => {
    const args = parseArgs(ContentByIdsArgs, { ids: a.ids, region: orUndefined(a.region) });
    return ctx.loaders.content(args.region).loadMany(args.ids);
  },

  person: async (
    _: unknown,
    a: { id: string; limit: number; cursor?: string | null },
    ctx: GraphQLContext,
  ) => {
    const args = parseArgs(PersonArgs, { id: a.id, limit: a.limit, cursor: orUndefined(a.cursor) });
    try {
      return await getPerson(ctx.hono.var.services.catalog(), args.id, {
        limit: args.limit,
        cursor: args.cursor,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null; // as content(id) answers an unknown id
      throw err;
    }
  },

  platforms: (_: unknown, __: unknown, ctx: GraphQLContext) =>
    listPlatforms(ctx.hono.var.services.catalog()),

  platformAvailability: (
    _: unknown,
    a: { contentId: string; region: string; verify: boolean },
    ctx: GraphQLContext,
  ) => {
    const args = parseArgs(AvailabilityArgs, a);
    return titleAvailability(ctx.hono.var.services.verification(), args.contentId, args.region, {
      verify: args.verify,
    });
  },

  me: (_: unknown, __: unknown, ctx: GraphQLContext) => {
    const user = ctx.hono.var.user;
    return user ? getProfile(personalDeps(ctx), user.id) : null;
  },

  trending: async (
    _: unknown,
    a: { window: string; region: string; limit: number },
    ctx: GraphQLContext,
  ) => {
    const args = parseArgs(TrendingQuerySchema, a);
    const out = await trending(ctx.hono.var.services.trending(), args);
    return { ...out, items: out.items.map((i) => ({ ...i, region: args.region })) };
  },

  recommendations: async (
    _: unknown,
    a: { limit: number; region?: string | null; anyPlatform: boolean },
    ctx: GraphQLContext,
  ) => {
    const caller = signedIn(ctx, 'get recommendations');
    // The REST query-string schema takes the flag as text.
    const args = parseArgs(RecommendationsQuerySchema, {
      limit: a.limit,
      region: orUndefined(a.region),
      anyPlatform: a.anyPlatform ? 'true' : 'false',
    });
    const out = await recommendationsFor(
      await ctx.hono.var.services.recommendations(),
      caller.id,
      args,
    );
    return { ...out, items: out.items.map((i) => ({ ...i, region: out.region })) };
  },

  similar: async (
    _: unknown,
    a: { contentId: string; region: string; limit: number },
    ctx: GraphQLContext,
  ) => {
    const args = parseArgs(SimilarQuerySchema, { region: a.region, limit: a.limit });
    const id = parseArgs(z.object({ contentId: ContentIdSchema }), {
      contentId: a.contentId,
    }).contentId;
    const out = await similarTitles(await ctx.hono.var.services.recommendations(), {
      contentId: id,
      ...args,
    });
    return {
      anchor: ctx.loaders.content(args.region).load(out.anchor.id),
      items: out.items.map((i) => ({ ...i, region: args.region })),
    };
  },

  /** Same rule as REST /api/v1/users/:id: your own account, or any account for admins. */
  user: (_: unknown, a: { id: string }, ctx: GraphQLContext) => {
    const caller = signedIn(ctx, 'read an account');
    const id = parseArgs(z.object({ id: UserIdSchema }), a).id;
    if (!mayAccessUser(caller, id))
      throw new AppError('FORBIDDEN', "You may only reach your own account's data");
    return getProfile(personalDeps(ctx), id);
  },

  notifications: (_: unknown, a: { unread: boolean; limit: number }, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'see your notifications');
    const q = parseArgs(NotificationsQuerySchema, { unread: String(a.unread), limit: a.limit });
    return ctx.hono.var.services
      .notifications()
      .list(user.id, { unreadOnly: q.unread === 'true', limit: q.limit });
  },

  preferences: (_: unknown, __: unknown, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'see your preferences');
    return getPreferences(personalDeps(ctx), user.id);
  },

  feed: async (
    _: unknown,
    a: {
      kind: 'new' | 'leaving' | 'price_drops';
      region?: string | null;
      platforms?: string[] | null;
      days: number;
      maxRating?: string | null;
      limit: number;
      cursor?: string | null;
    },
    ctx: GraphQLContext,
  ) => {
    const q = parseArgs(FeedQuerySchema, {
      region: a.region ?? undefined,
      platforms: a.platforms?.join(','),
      days: a.days,
      maxRating: a.maxRating ?? undefined,
      limit: a.limit,
      cursor: a.cursor ?? undefined,
    });
    const c = ctx.hono;
    const user = c.var.user;
    const prefs = user ? await c.var.services.viewerPreferences(user.id) : null;
    const out = await readFeed(c.var.services.feeds(), {
      kind: a.kind === 'price_drops' ? 'price-drops' : a.kind,
      region: regionOrRequestCountry(c, q.region, prefs?.region),
      platforms: q.platforms,
      days: q.days,
      maxRating: stricterLimit(q.maxRating, prefs?.maxRating),
      limit: q.limit,
      cursor: q.cursor,
    });
    return {
      ...out,
      kind: a.kind,
      nextCursor: out.meta.nextCursor,
      days: out.meta.days,
      maxRating: out.meta.maxRating,
    };
  },
};
