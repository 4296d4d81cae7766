/** What every resolver gets: the Hono context (services, caller, logger) and this request's loaders. */
import { GraphQLError } from 'graphql';
import type { Context } from 'hono';
import type { ZodType, z } from 'zod';
import { rejectNul, validationError } from '../middleware/validate';
import type { Caller } from '../services/accounts/personal-data';
import type { AppEnv, AuthUser } from '../types';
import type { Loaders } from './loaders';

export interface GraphQLContext {
  hono: Context<AppEnv>;
  loaders: Loaders;
}

/** The signed-in caller, or an UNAUTHENTICATED GraphQL error. */
export function signedIn(ctx: GraphQLContext, what: string): AuthUser {
  const user = ctx.hono.var.user;
  if (!user) {
    throw new GraphQLError(`Sign in to ${what}: send "Authorization: Bearer <access token>"`, {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  return user;
}

export const asCaller = (u: AuthUser): Caller => ({
  id: u.id,
  role: u.role,
  jti: u.jti,
  exp: u.exp,
});

/** Arguments through the same zod schema as the REST body: VALIDATION_FAILED with the same messages. */
export function parseArgs<S extends ZodType>(schema: S, args: unknown): z.infer<S> {
  const r = schema.safeParse(args);
  if (!r.success) throw validationError('input', r.error);
  rejectNul('input', r.data);
  return r.data;
}
