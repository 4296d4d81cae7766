/** Mutation fields: the REST services with the REST zod schemas; all but register/login need a signed-in caller. */
import {
  ContentIdParamsSchema,
  HistoryBodySchema,
  LoginBodySchema,
  NotificationsReadBodySchema,
  PreferencesBodySchema,
  RatingBodySchema,
  RefreshBodySchema,
  RegisterBodySchema,
  UserPatchBodySchema,
  WatchlistBodySchema,
} from '../../schemas/accounts';
import { clientKey } from '../../middleware/rate-limit';
import { countryOrDefaultRegion } from '../../middleware/request-region';
import { authDeps, loginGuardDeps } from '../../routes/auth';
import { logout, refresh, register } from '../../services/accounts/auth';
import { guardedLogin } from '../../services/accounts/login-guard';
import * as personal from '../../services/accounts/personal-data';
import { asCaller, parseArgs, signedIn, type GraphQLContext } from '../context';
import { personalDeps } from './shared';

const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
const session = (s: Awaited<ReturnType<typeof register>>) => ({ user: s.user, ...s.tokens });

export const Mutation = {
  register: async (
    _: unknown,
    a: { email: string; password: string; displayName?: string | null },
    ctx: GraphQLContext,
  ) => {
    const body = parseArgs(RegisterBodySchema, {
      email: a.email,
      password: a.password,
      displayName: orUndefined(a.displayName),
    });
    return session(await register(authDeps(ctx.hono), body));
  },

  login: async (_: unknown, a: { email: string; password: string }, ctx: GraphQLContext) => {
    const body = parseArgs(LoginBodySchema, a);
    return session(
      await guardedLogin(
        authDeps(ctx.hono),
        loginGuardDeps(ctx.hono),
        body,
        await clientKey(ctx.hono),
      ),
    );
  },

  updateProfile: (_: unknown, a: { displayName?: string | null }, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'change your profile');
    const patch = parseArgs(UserPatchBodySchema, a);
    return personal.updateProfile(personalDeps(ctx), asCaller(user), user.id, patch);
  },

  recordView: (
    _: unknown,
    a: { contentId: string; progress?: number | null },
    ctx: GraphQLContext,
  ) => {
    const user = signedIn(ctx, 'record a view');
    const body = parseArgs(HistoryBodySchema, {
      contentId: a.contentId,
      progress: orUndefined(a.progress),
    });
    return personal.recordView(personalDeps(ctx), user.id, body.contentId, body.progress);
  },

  rateContent: (_: unknown, a: { contentId: string; score: number }, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'rate a title');
    const { contentId } = parseArgs(ContentIdParamsSchema, { contentId: a.contentId });
    const { score } = parseArgs(RatingBodySchema, { score: a.score });
    return personal.rate(personalDeps(ctx), user.id, contentId, score);
  },

  addToWatchlist: (_: unknown, a: { contentId: string }, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'keep a watchlist');
    const { contentId } = parseArgs(WatchlistBodySchema, a);
    return personal.addToWatchlist(personalDeps(ctx), user.id, contentId);
  },

  removeFromWatchlist: async (_: unknown, a: { contentId: string }, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'keep a watchlist');
    const { contentId } = parseArgs(ContentIdParamsSchema, a);
    return (await personal.removeFromWatchlist(personalDeps(ctx), user.id, contentId)).removed;
  },

  savePreferences: (_: unknown, a: { input: Record<string, unknown> }, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'save your preferences');
    // null clears maxRating; any other field given as null is left as it is.
    const given = Object.fromEntries(
      Object.entries(a.input).filter(([k, v]) => v !== null || k === 'maxRating'),
    );
    return personal.savePreferences(
      personalDeps(ctx),
      user.id,
      parseArgs(PreferencesBodySchema, given),
      { regionIfFirst: countryOrDefaultRegion(ctx.hono) },
    );
  },

  markNotificationsRead: (_: unknown, a: { ids?: number[] | null }, ctx: GraphQLContext) => {
    const user = signedIn(ctx, 'mark your notifications read');
    const { ids } = parseArgs(NotificationsReadBodySchema, { ids: orUndefined(a.ids) });
    return ctx.hono.var.services.notifications().markRead(user.id, ids);
  },

  refresh: (_: unknown, a: { refreshToken: string }, ctx: GraphQLContext) => {
    const { refreshToken } = parseArgs(RefreshBodySchema, a);
    return refresh(authDeps(ctx.hono), refreshToken);
  },

  logout: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
    await logout(authDeps(ctx.hono), signedIn(ctx, 'sign out'));
    return true;
  },
};
