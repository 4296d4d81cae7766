/** Query fields: each calls the service its REST route calls. */
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { UserIdSchema } from '../../schemas/accounts';
import { ContentIdSchema, RegionSchema } from '../../schemas/content';
import { SearchBodySchema } from '../../schemas/search';
import { getProfile } from '../../services/accounts/personal-data';
import { mayAccessUser } from '../../services/accounts/roles';
import { titleAvailability } from '../../services/availability/verify';
import { listPlatforms } from '../../services/catalog';
import { runSearch } from '../../services/search/run-search';
import { parseArgs, signedIn, type GraphQLContext } from '../context';
import { personalDeps } from './shared';

const MAX_IDS = 50;
const ContentArgs = z.object({ id: ContentIdSchema, region: RegionSchema.optional() });
const ContentByIdsArgs = z.object({
  ids: z.array(ContentIdSchema).max(MAX_IDS, `ids must hold at most ${MAX_IDS} ids`),
  region: RegionSchema.optional(),
});
const AvailabilityArgs = z.object({ contentId: ContentIdSchema, region: RegionSchema, verify: z.boolean() });

/** GraphQL gives null for an argument sent as null; the zod schemas expect it absent. */
const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export const Query = {
  search: async (_: unknown, a: { query: string; region: string; limit: number; cursor?: string | null }, ctx: GraphQLContext) => {
    const input = parseArgs(SearchBodySchema, { query: a.query, region: a.region, limit: a.limit, cursor: orUndefined(a.cursor) });
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

  platforms: (_: unknown, __: unknown, ctx: GraphQLContext) => listPlatforms(ctx.hono.var.services.catalog()),

  platformAvailability: (_: unknown, a: { contentId: string; region: string; verify: boolean }, ctx: GraphQLContext) => {
    const args = parseArgs(AvailabilityArgs, a);
    return titleAvailability(ctx.hono.var.services.verification(), args.contentId, args.region, { verify: args.verify });
  },

  me: (_: unknown, __: unknown, ctx: GraphQLContext) => {
    const user = ctx.hono.var.user;
    return user ? getProfile(personalDeps(ctx), user.id) : null;
  },

  /** Same rule as REST /api/v1/users/:id: your own account, or any account for admins. */
  user: (_: unknown, a: { id: string }, ctx: GraphQLContext) => {
    const caller = signedIn(ctx, 'read an account');
    const id = parseArgs(z.object({ id: UserIdSchema }), a).id;
    if (!mayAccessUser(caller, id)) throw new AppError('FORBIDDEN', "You may only reach your own account's data");
    return getProfile(personalDeps(ctx), id);
  },
};
