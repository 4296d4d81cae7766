/**
 * Every REST route, described from the zod schemas its handler validates with (src/schemas/*)
 * and the response schemas (./responses). One table instead of per-route wrappers, so route
 * files stay as they are; test/node/openapi.test.ts fails when a route the app registers is
 * missing here, and test/integration/openapi-contract.test.ts checks real answers against the
 * response schemas.
 */
import { OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { z } from 'zod';
import {
  ConsentBodySchema,
  ContentIdParamsSchema,
  HistoryBodySchema,
  LoginBodySchema,
  NotificationsQuerySchema,
  NotificationsReadBodySchema,
  PageQuerySchema,
  PreferencesBodySchema,
  RatingBodySchema,
  RefreshBodySchema,
  RegisterBodySchema,
  UserIdParamsSchema,
  UserPatchBodySchema,
  WatchlistBodySchema,
} from '../schemas/accounts';
import { WebhookParamsSchema, WebhookPayloadSchema } from '../schemas/availability';
import {
  AvailabilityQuerySchema,
  AvailabilityStreamQuerySchema,
  ContentDetailSchema,
  ContentParamsSchema,
  ContentQuerySchema,
} from '../schemas/content';
import {
  CacheInvalidateBodySchema,
  ContentSyncBodySchema,
  IngestRunParamsSchema,
  IngestRunsQuerySchema,
} from '../schemas/ops';
import { PersonDetailSchema, PersonParamsSchema, PersonQuerySchema } from '../schemas/people';
import { FeedParamsSchema, FeedQuerySchema, FeedResponseSchema } from '../schemas/feeds';
import {
  RecommendationsQuerySchema,
  SimilarQuerySchema,
  TrendingQuerySchema,
} from '../schemas/recommendations';
import {
  SearchBodySchema,
  SearchQueryStringSchema,
  SemanticBodySchema,
  SuggestQuerySchema,
} from '../schemas/search';
import * as R from './responses';

type Method = RouteConfig['method'];
type Access = 'public' | 'user' | 'self' | 'admin';

/** One documented operation: what the contract test and the document both read. */
export interface ApiOperation {
  method: Method;
  /** Hono's path syntax (`/api/v1/content/:id`). */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: ZodType;
  /** The success status and its JSON schema (null: no body, or not JSON). */
  status: number;
  response: ZodType | null;
  /** Not JSON (Server-Sent Events, Prometheus text). */
  contentType?: string;
}

const TITLE = { tags: ['Titles'], access: 'public' as const };
const SEARCH = { tags: ['Search'], access: 'public' as const };
const RECS = { tags: ['Recommendations'] };
const AUTH = { tags: ['Auth'] };
const ADMIN = { tags: ['Admin'], access: 'admin' as const };

/** The personal-data routes, served under /me (the caller) and /users/{id} (own id, or any for admins). */
function personal(prefix: '/api/v1/me' | '/api/v1/users/:id'): ApiOperation[] {
  const who =
    prefix === '/api/v1/me'
      ? { access: 'user' as const, tags: ['Me'] }
      : { access: 'self' as const, tags: ['Users'], params: UserIdParamsSchema };
  const withContent = who.params
    ? who.params.extend(ContentIdParamsSchema.shape)
    : ContentIdParamsSchema;
  return [
    {
      ...who,
      method: 'get',
      path: prefix,
      summary: 'Profile',
      status: 200,
      response: R.UserProfileSchema,
    },
    {
      ...who,
      method: 'patch',
      path: prefix,
      summary: 'Change the display name',
      body: UserPatchBodySchema,
      status: 200,
      response: R.UserProfileSchema,
    },
    {
      ...who,
      method: 'delete',
      path: prefix,
      summary: 'Erase the account and its personal data',
      status: 200,
      response: R.EraseResponseSchema,
    },
    {
      ...who,
      method: 'get',
      path: `${prefix}/export`,
      summary: 'Export every piece of personal data (JSON download)',
      status: 200,
      response: R.UserExportSchema,
    },
    {
      ...who,
      method: 'get',
      path: `${prefix}/preferences`,
      summary: 'Region, services, genres, languages and parental limit',
      description:
        'Before any are saved (`updatedAt: null`), your own preferences offer as `region` the country the request comes from (when it is one of ours, else US): what a first sign-in pre-selects.',
      status: 200,
      response: R.PreferencesSchema,
    },
    {
      ...who,
      method: 'post',
      path: `${prefix}/preferences`,
      summary: 'Save preferences (fields given replace the stored ones)',
      body: PreferencesBodySchema,
      status: 200,
      response: R.PreferencesSchema,
    },
    {
      ...who,
      method: 'get',
      path: `${prefix}/consent`,
      summary: 'Consent to personalisation (recommendations, search history)',
      status: 200,
      response: R.ConsentSchema,
    },
    {
      ...who,
      method: 'put',
      path: `${prefix}/consent`,
      summary: 'Give or withdraw consent to personalisation',
      body: ConsentBodySchema,
      status: 200,
      response: R.ConsentSchema,
    },
    {
      ...who,
      method: 'get',
      path: `${prefix}/watchlist`,
      summary: 'Watchlist',
      status: 200,
      response: R.WatchlistResponseSchema,
    },
    {
      ...who,
      method: 'post',
      path: `${prefix}/watchlist`,
      summary: 'Add a title to the watchlist (201; 200 when already there)',
      body: WatchlistBodySchema,
      status: 201,
      response: R.WatchlistItemSchema,
    },
    {
      ...who,
      method: 'delete',
      path: `${prefix}/watchlist/:contentId`,
      summary: 'Remove a title from the watchlist',
      params: withContent,
      status: 204,
      response: null,
    },
    {
      ...who,
      method: 'get',
      path: `${prefix}/ratings`,
      summary: 'Ratings given',
      status: 200,
      response: R.RatingsResponseSchema,
    },
    {
      ...who,
      method: 'put',
      path: `${prefix}/ratings/:contentId`,
      summary: 'Rate a title 0-10',
      params: withContent,
      body: RatingBodySchema,
      status: 200,
      response: R.RatingEntrySchema,
    },
    {
      ...who,
      method: 'get',
      path: `${prefix}/history`,
      summary: 'Viewing history, newest first',
      query: PageQuerySchema,
      status: 200,
      response: R.HistoryPageSchema,
    },
    {
      ...who,
      method: 'post',
      path: `${prefix}/history`,
      summary: 'Record a view',
      body: HistoryBodySchema,
      status: 201,
      response: R.HistoryEntrySchema,
    },
  ];
}

export const API_OPERATIONS: ApiOperation[] = [
  // Titles and people
  {
    ...TITLE,
    method: 'get',
    path: '/api/v1/content/:id',
    summary: 'A title: details, credits, ratings and offers by region',
    params: ContentParamsSchema,
    query: ContentQuerySchema,
    status: 200,
    response: ContentDetailSchema,
  },
  {
    ...TITLE,
    method: 'get',
    path: '/api/v1/content/:id/availability',
    summary: "A title's offers in one region (verify=true asks the platforms now)",
    params: ContentParamsSchema,
    query: AvailabilityQuerySchema,
    status: 200,
    response: R.AvailabilityResponseSchema,
  },
  {
    ...TITLE,
    method: 'get',
    path: '/api/v1/content/:id/availability/stream',
    summary: "Live changes to a title's offers (Server-Sent Events)",
    params: ContentParamsSchema,
    query: AvailabilityStreamQuerySchema,
    status: 200,
    response: null,
    contentType: 'text/event-stream',
  },
  {
    ...TITLE,
    tags: ['Recommendations'],
    method: 'get',
    path: '/api/v1/content/:id/similar',
    summary: 'More like this title',
    params: ContentParamsSchema,
    query: SimilarQuerySchema,
    status: 200,
    response: R.SimilarResponseSchema,
  },
  {
    ...TITLE,
    method: 'get',
    path: '/api/v1/people/:id',
    summary: 'A person and their films, a page at a time',
    params: PersonParamsSchema,
    query: PersonQuerySchema,
    status: 200,
    response: PersonDetailSchema,
  },
  {
    ...TITLE,
    tags: ['Catalog'],
    method: 'get',
    path: '/api/v1/platforms',
    summary: 'Streaming platforms and the regions they serve',
    status: 200,
    response: R.PlatformsResponseSchema,
  },
  {
    ...TITLE,
    tags: ['Catalog'],
    method: 'get',
    path: '/api/v1/genres',
    summary: 'Genres with their title counts',
    status: 200,
    response: R.GenresResponseSchema,
  },
  // Search
  {
    ...SEARCH,
    method: 'get',
    path: '/api/v1/search',
    summary: 'Search in plain words ("funny 90s movies on netflix")',
    description:
      'The understood query comes back in `query` (intent, entities, negations, correction).',
    query: SearchQueryStringSchema,
    status: 200,
    response: R.SearchResponseSchema,
  },
  {
    ...SEARCH,
    method: 'post',
    path: '/api/v1/search',
    summary: 'Search with structured filters',
    description: 'Same as GET, with `filters`. The text goes in `q` (`query` is accepted too).',
    body: SearchBodySchema,
    status: 200,
    response: R.SearchResponseSchema,
  },
  {
    ...SEARCH,
    method: 'get',
    path: '/api/v1/search/suggestions',
    summary: 'Search-as-you-type: titles, people and genres',
    query: SuggestQuerySchema,
    status: 200,
    response: R.SuggestionsResponseSchema,
  },
  {
    ...SEARCH,
    method: 'post',
    path: '/api/v1/search/semantic',
    summary: 'Nearest titles by meaning: give text (`q`) or an embedding',
    body: SemanticBodySchema,
    status: 200,
    response: R.SemanticResponseSchema,
  },
  // Recommendations
  {
    ...RECS,
    access: 'user',
    method: 'get',
    path: '/api/v1/recommendations',
    summary: 'Recommendations for the signed-in person',
    query: RecommendationsQuerySchema,
    status: 200,
    response: R.RecommendationsResponseSchema,
  },
  {
    ...RECS,
    access: 'public',
    method: 'get',
    path: '/api/v1/trending',
    summary: 'Trending titles in a region',
    query: TrendingQuerySchema,
    status: 200,
    response: R.TrendingResponseSchema,
  },
  {
    ...RECS,
    access: 'public',
    method: 'get',
    path: '/api/v1/feeds/:kind',
    summary: 'Per-service feeds: new arrivals, leaving soon, price drops',
    description:
      "Per platform (`platforms=netflix,hulu`) and region, a page at a time (`cursor`). A signed-in caller's region preference and parental limit apply; anonymous pages are cacheable.",
    params: FeedParamsSchema,
    query: FeedQuerySchema,
    status: 200,
    response: FeedResponseSchema,
  },
  // Auth
  {
    ...AUTH,
    access: 'public',
    method: 'post',
    path: '/api/v1/auth/register',
    summary: 'Create an account (signs in)',
    body: RegisterBodySchema,
    status: 201,
    response: R.SessionResponseSchema,
  },
  {
    ...AUTH,
    access: 'public',
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Sign in',
    body: LoginBodySchema,
    status: 200,
    response: R.SessionResponseSchema,
  },
  {
    ...AUTH,
    access: 'public',
    method: 'post',
    path: '/api/v1/auth/refresh',
    summary: 'Trade a refresh token for a new pair (the old one is spent)',
    body: RefreshBodySchema,
    status: 200,
    response: R.TokenPairSchema,
  },
  {
    ...AUTH,
    access: 'user',
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'Sign out: revokes this session',
    status: 204,
    response: null,
  },
  // Me and users
  ...personal('/api/v1/me'),
  ...personal('/api/v1/users/:id'),
  {
    tags: ['Me'],
    access: 'user',
    method: 'get',
    path: '/api/v1/me/notifications',
    summary: 'Changes to titles on my watchlist, with the unread count',
    query: NotificationsQuerySchema,
    status: 200,
    response: R.NotificationsResponseSchema,
  },
  {
    tags: ['Me'],
    access: 'user',
    method: 'post',
    path: '/api/v1/me/notifications/read',
    summary: 'Mark notifications read (all when `ids` is absent)',
    body: NotificationsReadBodySchema,
    status: 200,
    response: R.MarkedReadSchema,
  },
  {
    ...ADMIN,
    tags: ['Users'],
    method: 'get',
    path: '/api/v1/users',
    summary: 'Accounts, newest first',
    query: PageQuerySchema,
    status: 200,
    response: R.UsersPageSchema,
  },
  // Operators
  {
    ...ADMIN,
    method: 'get',
    path: '/api/v1/admin/platforms',
    summary: "Each platform's gate: breaker, tokens, counters",
    status: 200,
    response: R.GateStatusesSchema,
  },
  {
    ...ADMIN,
    method: 'get',
    path: '/api/v1/admin/metrics',
    summary: 'Metrics in Prometheus text format',
    status: 200,
    response: null,
    contentType: 'text/plain; version=0.0.4',
  },
  {
    ...ADMIN,
    method: 'post',
    path: '/api/v1/admin/cache/invalidate',
    summary: 'Drop cached search and suggestion answers',
    body: CacheInvalidateBodySchema,
    status: 200,
    response: R.InvalidatedSchema,
  },
  {
    ...ADMIN,
    method: 'post',
    path: '/api/v1/admin/content/sync',
    summary: 'Start an availability or catalog sync (202)',
    body: ContentSyncBodySchema,
    status: 202,
    response: R.SyncStartedSchema,
  },
  {
    ...ADMIN,
    method: 'get',
    path: '/api/v1/admin/ingest/runs',
    summary: 'Catalog sync runs, newest first',
    query: IngestRunsQuerySchema,
    status: 200,
    response: R.IngestRunsResponseSchema,
  },
  {
    ...ADMIN,
    method: 'get',
    path: '/api/v1/admin/ingest/runs/:id',
    summary: 'One catalog sync run',
    params: IngestRunParamsSchema,
    status: 200,
    response: R.IngestRunSchema,
  },
  // Partners
  {
    tags: ['Webhooks'],
    access: 'public',
    method: 'post',
    path: '/api/v1/webhooks/:platform',
    summary: "A partner's availability update",
    description:
      'Signed with the platform\'s secret: `X-Marquee-Timestamp` and `X-Marquee-Signature` (HMAC-SHA256 of "timestamp.body"). 202 accepted, 200 for an event id already seen.',
    params: WebhookParamsSchema,
    body: WebhookPayloadSchema,
    status: 202,
    response: R.WebhookAcceptedSchema,
  },
  // Outside /api/v1, documented for completeness
  {
    tags: ['Service'],
    access: 'public',
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    status: 200,
    response: z.object({ status: z.literal('ok'), time: z.string() }),
  },
  {
    tags: ['Service'],
    access: 'public',
    method: 'get',
    path: '/ready',
    summary: 'Readiness of each dependency (503 when one is down)',
    status: 200,
    response: z.looseObject({ ready: z.boolean() }),
  },
  {
    ...AUTH,
    access: 'public',
    method: 'get',
    path: '/.well-known/jwks.json',
    summary: 'Public keys that verify access tokens',
    status: 200,
    response: R.JwksSchema,
  },
];

/** `/api/v1/content/:id` → `/api/v1/content/{id}`. */
export const toOpenApiPath = (path: string) =>
  path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

const ERROR_STATUSES: Record<Access, number[]> = {
  public: [400, 429],
  user: [400, 401, 429],
  self: [400, 401, 403, 404, 429],
  admin: [400, 401, 403, 429],
};
const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, BAD_REQUEST)',
  401: 'Not signed in, or the token is invalid or expired',
  403: 'Signed in without the role this needs',
  404: 'No such resource',
  415: 'The body is not JSON',
  429: 'Rate limited (see Retry-After)',
};

export function buildRegistry(ops: ApiOperation[] = API_OPERATIONS): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The `accessToken` from POST /api/v1/auth/login (or /register, /refresh).',
  });
  for (const op of ops) {
    const errors = [...ERROR_STATUSES[op.access], ...(op.body ? [415] : [])];
    const responses: RouteConfig['responses'] = {
      [op.status]: op.response
        ? {
            description: 'OK',
            content: { [op.contentType ?? 'application/json']: { schema: op.response } },
          }
        : op.contentType
          ? { description: 'OK', content: { [op.contentType]: { schema: { type: 'string' } } } }
          : { description: 'No content' },
    };
    for (const s of errors)
      responses[s] = {
        description: ERROR_TEXT[s] ?? 'Error',
        content: { 'application/json': { schema: R.ErrorBodySchema } },
      };
    registry.registerPath({
      method: op.method,
      path: toOpenApiPath(op.path),
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: op.tags,
      ...(op.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.body
          ? { body: { required: true, content: { 'application/json': { schema: op.body } } } }
          : {}),
      },
      responses,
    });
  }
  return registry;
}
