/**
 * GraphQL at /graphql (graphql-yoga: fetch-API native, so it runs as-is inside a Worker and a
 * Hono handler). Resolvers call the same services as the REST routes; nothing here
 * reimplements a capability. Subscriptions are Server-Sent Events (Accept: text/event-stream).
 */
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import type { Context } from 'hono';
import { AppError } from '../lib/errors';
import { createLogger } from '../lib/logger';
import type { AppEnv } from '../types';
import type { GraphQLContext } from './context';
import { admitGraphQL, MAX_TOKENS } from './admission';
import { limitsRule } from './limits';
import { createLoaders } from './loaders';
import { resolvers } from './resolvers';
import { typeDefs } from './schema';

const describe = (e: unknown): string => {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]}`;
  try {
    return typeof e === 'string' ? e : JSON.stringify(e);
  } catch {
    return String(e);
  }
};

/** An AppError keeps its code and message (as in REST); anything else is an INTERNAL error without internals. */
function maskError(err: unknown, message: string): Error {
  const original = err instanceof GraphQLError ? err.originalError : err;
  if (original instanceof AppError) {
    // As REST logs them: a failure on our side (database down, timeout) is worth a line.
    if (original.status >= 500)
      createLogger({}).error('graphql field failed', {
        code: original.code,
        cause: describe(original.cause ?? original),
      });
    const retryAfter = original.headers?.['Retry-After'];
    return new GraphQLError(original.message, {
      nodes: err instanceof GraphQLError ? err.nodes : undefined,
      path: err instanceof GraphQLError ? err.path : undefined,
      extensions: {
        code: original.code,
        ...(original.details === undefined ? {} : { details: original.details }),
        ...(retryAfter ? { retryAfterSec: Number(retryAfter) } : {}),
      },
    });
  }
  // Errors GraphQL raised itself (syntax, unknown field, bad variable, limits) and the
  // resolvers' own GraphQLErrors (UNAUTHENTICATED) are meant for the client.
  if (
    err instanceof GraphQLError &&
    (!err.originalError || err.originalError instanceof GraphQLError)
  )
    return err;
  createLogger({}).error('graphql resolver failed', { error: describe(original) });
  return new GraphQLError(message, {
    path: err instanceof GraphQLError ? err.path : undefined,
    extensions: { code: 'INTERNAL' },
  });
}

const limits: Plugin<GraphQLContext> = {
  onParse: ({ setParseFn, parseFn }) =>
    setParseFn((source, options) => parseFn(source, { ...options, maxTokens: MAX_TOKENS })),
  onValidate: ({ addValidationRule }) => addValidationRule(limitsRule),
};

const isAppError = (a: unknown) =>
  a instanceof AppError || (a instanceof GraphQLError && a.originalError instanceof AppError);

/** graphql-yoga's own log: AppErrors are left to maskError (which logs those on our side); the rest go out as JSON lines. */
const yogaLog =
  (level: 'warn' | 'error') =>
  (...args: unknown[]) => {
    if (args.some(isAppError)) return;
    const text = args.map(describe).join(' ');
    console[level](JSON.stringify({ level, msg: 'graphql', detail: text }));
  };

const yoga = createYoga<GraphQLContext>({
  schema: createSchema<GraphQLContext>({ typeDefs, resolvers }),
  graphqlEndpoint: '/graphql',
  graphiql: false,
  // CORS is the app's (CORS_ORIGINS, as for /api/*); yoga's own would answer any origin.
  cors: false,
  logging: { debug: () => {}, info: () => {}, warn: yogaLog('warn'), error: yogaLog('error') },
  landingPage: false,
  parserAndValidationCache: true,
  plugins: [limits],
  maskedErrors: { maskError: (err, message) => maskError(err, message) },
});

export async function graphqlHandler(c: Context<AppEnv>): Promise<Response> {
  const s = c.var.services;
  await admitGraphQL(c);
  const res = await yoga.fetch(c.req.raw, { hono: c, loaders: createLoaders(() => s.catalog()) });
  // Server-Timing (statements, connections, Redis round trips) is set for every API response
  // by the request-context middleware.
  return res;
}
