/**
 * GraphQL at /graphql (graphql-yoga: fetch-API native, so it runs as-is inside a Worker and a Hono handler).
 * Resolvers call the same services as the REST routes; nothing here reimplements a capability.
 * Built so far: queries search, content, contentByIds, platforms, me. See the issue #7 report for the rest.
 */
import { createSchema, createYoga } from 'graphql-yoga';
import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';
import type { Context } from 'hono';
import { AppError } from '../lib/errors';
import { getUserPreferences } from '../db/repositories/users';
import { cachedSearch } from '../services/search/cached-search';
import { getContent } from '../services/catalog';
import { createSpanTracer } from '../lib/trace';
import { listPlatforms } from '../services/catalog';
import type { AppEnv } from '../types';

export const MAX_DEPTH = 6;
export const MAX_FIELDS = 300;

const typeDefs = /* GraphQL */ `
  type Query {
    search(query: String!, region: String = "US", limit: Int = 20): SearchResponse!
    content(id: ID!, region: String): Content
    contentByIds(ids: [ID!]!, region: String): [Content]!
    platforms: [Platform!]!
    me: Me
  }
  type SearchResponse { results: [SearchResult!]!, total: Int!, query: ParsedQuery! }
  type ParsedQuery { raw: String!, normalized: String!, intent: String!, text: String! }
  type SearchResult {
    id: ID!, title: String!, releaseYear: Int, type: String!, genres: [String!]!, director: String,
    runtimeMinutes: Int, mpaaRating: String, score: Float!, why: [String!]!, availability: [AvailabilitySummary!]!
  }
  type AvailabilitySummary { platformId: ID!, platformName: String!, priceTier: String!, amount: Float, currency: String }
  type Offer {
    platformId: ID!, platformName: String!, priceTier: String!, amount: Float, currency: String,
    quality: String!, url: String!, leavingAt: String, lastVerifiedAt: String!, source: String!
  }
  type RegionOffers { region: String!, offers: [Offer!]! }
  type Content {
    id: ID!, type: String!, title: String!, releaseYear: Int, runtimeMinutes: Int, mpaaRating: String,
    genres: [String!]!, director: String, popularity: Float!, availability: [RegionOffers!]!
  }
  type Platform { id: ID!, name: String!, kind: String!, homepage: String!, regions: [String!]!, titles: Int! }
  type Me { id: ID!, role: String! }
`;

type Ctx = { hono: Context<AppEnv> };

function limitsRule(ctx: ValidationContext): ASTVisitor {
  const doc = ctx.getDocument();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let fields = 0;
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    let max = depth;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        fields++;
        if (s.selectionSet) max = Math.max(max, walk(s.selectionSet, depth + 1, seen));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, walk(s.selectionSet, depth, seen));
      } else {
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value)) max = Math.max(max, walk(f.selectionSet, depth, new Set([...seen, f.name.value])));
      }
    }
    return max;
  };
  return {
    OperationDefinition(op) {
      fields = 0;
      const depth = walk(op.selectionSet, 1, new Set());
      if (depth > MAX_DEPTH) ctx.reportError(new GraphQLError(`Query is too deep: depth ${depth} exceeds the limit of ${MAX_DEPTH}`));
      if (fields > MAX_FIELDS) ctx.reportError(new GraphQLError(`Query is too costly: ${fields} fields exceed the limit of ${MAX_FIELDS}`));
    },
  };
}

const resolvers = {
  Query: {
    search: async (_: unknown, a: { query: string; region: string; limit: number }, { hono: c }: Ctx) => {
      const s = c.var.services;
      const deps = { ...(await s.search()), tracer: createSpanTracer(c.var.log, c.var.trace.spanId) };
      const prefs = c.var.user ? await getUserPreferences(s.db(), c.var.user.id) : undefined;
      const user = prefs && c.var.user ? { id: c.var.user.id, platforms: prefs.platforms, genres: prefs.genres } : undefined;
      const out = await cachedSearch(deps, s.searchCaches(), { query: a.query, region: a.region as never, limit: Math.min(Math.max(a.limit, 1), 50), user }, s.background);
      return { results: out.results, total: out.meta.total, query: out.query };
    },
    content: async (_: unknown, a: { id: string; region?: string }, { hono: c }: Ctx) => {
      try {
        return await getContent(c.var.services.catalog(), a.id, a.region ?? undefined);
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
        throw e;
      }
    },
    contentByIds: (_: unknown, a: { ids: string[]; region?: string }, ctx: Ctx) => {
      if (a.ids.length > 50) throw new GraphQLError('contentByIds takes at most 50 ids');
      return Promise.all(a.ids.map((id) => resolvers.Query.content(_, { id, region: a.region }, ctx)));
    },
    platforms: (_: unknown, __: unknown, { hono: c }: Ctx) => listPlatforms(c.var.services.catalog()),
    me: (_: unknown, __: unknown, { hono: c }: Ctx) => (c.var.user ? { id: c.var.user.id, role: c.var.user.role } : null),
  },
  Content: {
    availability: (c: { availability: Record<string, unknown[]> }) =>
      Object.entries(c.availability).map(([region, offers]) => ({ region, offers })),
  },
};

const yoga = createYoga<Ctx>({
  schema: createSchema<Ctx>({ typeDefs, resolvers }),
  graphqlEndpoint: '/graphql',
  graphiql: false,
  landingPage: false,
  plugins: [{ onValidate: ({ addValidationRule }: { addValidationRule: (r: typeof limitsRule) => void }) => addValidationRule(limitsRule) }],
  maskedErrors: {
    maskError: (err, message) => {
      const orig = err instanceof GraphQLError ? err.originalError : err;
      if (orig instanceof AppError && orig.status < 500) return new GraphQLError(orig.message, { extensions: { code: orig.code } });
      if (err instanceof GraphQLError && !err.originalError) return err;
      return new GraphQLError(message, { extensions: { code: 'INTERNAL' } });
    },
  },
});

export function graphqlHandler(c: Context<AppEnv>): Response | Promise<Response> {
  return yoga.fetch(c.req.raw, { hono: c });
}
