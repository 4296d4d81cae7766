/** createApp(): the Hono app with its cross-cutting middleware, error shape and route mounts. */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { containerServices, type RequestServices, type ServiceProvider } from './container';
import { ConfigError } from './env';
import { AppError, errorBody, type ErrorCode } from './lib/errors';
import { createLogger } from './lib/logger';
import { authenticate, requireRole } from './middleware/auth';
import { rateLimit } from './middleware/rate-limit';
import { requestContext } from './middleware/request-context';
import { jsonOnlyWrites } from './middleware/validate';
import { adminPlatforms } from './routes/admin-platforms';
import { adminMetrics } from './routes/admin-metrics';
import { adminCache, adminContent, adminIngest } from './routes/admin-ops';
import { webhooks } from './routes/webhooks';
import { notificationsRoute } from './routes/notifications';
import { auth, wellKnown } from './routes/auth';
import { personalData, userAdmin } from './routes/users';
import { genres, platforms } from './routes/catalog';
import { content } from './routes/content';
import { people } from './routes/people';
import { health } from './routes/health';
import { search } from './routes/search';
import { recommendations, trendingRoute } from './routes/recommendations';
import { feeds } from './routes/feeds';
import { notFoundPage } from './routes/web';
import { web } from './routes/web';
import { developer, graphiqlPage, wantsGraphiQL } from './routes/developer';
import { graphqlHandler } from './graphql';
import type { AppEnv } from './types';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

function respondError(c: Context<AppEnv>, err: AppError): Response {
  const res = c.json(errorBody(err, c.get('requestId') ?? 'unknown'), err.status);
  for (const [k, v] of Object.entries(err.headers ?? {})) res.headers.set(k, v);
  return res;
}

/** Maps anything thrown to an AppError; unknown errors become a 500 without internals. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const code: ErrorCode =
      err.status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : err.status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : err.status === 401
            ? 'UNAUTHORIZED'
            : 'BAD_REQUEST';
    const message = /json/i.test(err.message)
      ? 'Malformed JSON in request body'
      : err.message || 'Bad request';
    return new AppError(code, message);
  }
  if (err instanceof ConfigError)
    return new AppError('INTERNAL', 'The service is misconfigured', { cause: err });
  return new AppError('INTERNAL', 'Something went wrong on our side', { cause: err });
}

/** The innermost cause's message: "connect ECONNREFUSED", not the whole failed SQL text. */
function rootCause(err: unknown): string {
  let e = err;
  for (let i = 0; i < 5 && e instanceof Error && e.cause !== undefined; i++) e = e.cause;
  return e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
}

export interface AppOptions {
  /**
   * Where each request's services come from. Default: the container (adapters chosen from the
   * Worker's env). Tests pass fakes, either one services object for every request or a
   * provider: `createApp({ services: fakeServices({ catalog: () => fakeCatalog }) })`.
   */
  services?: ServiceProvider | RequestServices;
}

const asProvider = (s: ServiceProvider | RequestServices): ServiceProvider =>
  'forRequest' in s ? s : { config: () => s.config, forRequest: () => s };

export function createApp(options: AppOptions = {}) {
  const provider = asProvider(options.services ?? containerServices);
  const app = new Hono<AppEnv>();

  app.use(
    requestId({
      headerName: 'X-Request-Id',
      generator: () => crypto.randomUUID(),
      limitLength: 128,
    }),
  );
  app.use(async (c, next) => {
    // An incoming id is kept only when it looks like an id (it ends up in logs).
    const incoming = c.req.header('X-Request-Id');
    if (incoming && !REQUEST_ID.test(incoming)) c.set('requestId', crypto.randomUUID());
    await next();
    c.header('X-Request-Id', c.get('requestId'));
  });
  app.use(secureHeaders());
  app.use(
    cors({
      origin: (origin, c: Context<AppEnv>) => {
        const allowed = provider.config(c.env).http.corsOrigins;
        return allowed === '*' ? '*' : allowed.includes(origin) ? origin : null;
      },
      allowHeaders: ['Content-Type', 'Authorization', 'X-Request-Id', 'traceparent'],
      exposeHeaders: [
        'X-Request-Id',
        'traceparent',
        'Server-Timing',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Retry-After',
      ],
      maxAge: 600,
    }),
  );
  app.use(requestContext(provider));
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        respondError(
          c,
          new AppError(
            'METHOD_NOT_ALLOWED',
            `Method ${c.req.method} is not allowed here; use ${methods.join(', ')}`,
            { headers: { Allow: methods.join(', ') } },
          ),
        ),
    }),
  );
  const limitBody = createMiddleware<AppEnv>(async (c, next) =>
    bodyLimit({
      maxSize: c.var.services.config.http.maxBodyBytes,
      onError: () => {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `Request body is larger than ${c.var.services.config.http.maxBodyBytes} bytes`,
        );
      },
    })(c, next),
  );
  app.use('/api/*', jsonOnlyWrites, limitBody);
  app.use('/graphql', jsonOnlyWrites, limitBody);
  // The caller (optional bearer token), then their rate-limit tier.
  app.use('/api/*', authenticate, rateLimit);
  // Every operator route needs the admin role: anonymous 401, signed in below admin 403.
  app.use('/api/v1/admin/*', requireRole('admin'));

  // GraphQL: same caller identity and rate-limit tier as /api/*.
  app.use('/graphql', authenticate, rateLimit);
  // A browser asking for a page gets GraphiQL; everything else is a GraphQL request.
  app.on(['GET', 'POST'], '/graphql', (c) =>
    wantsGraphiQL(c) ? graphiqlPage() : graphqlHandler(c),
  );
  app.route('/', health);
  app.route('/api/v1/content', content);
  app.route('/api/v1/people', people);
  app.route('/api/v1/platforms', platforms);
  app.route('/api/v1/genres', genres);
  app.route('/api/v1/search', search);
  app.route('/api/v1/recommendations', recommendations);
  app.route('/api/v1/trending', trendingRoute);
  app.route('/api/v1/feeds', feeds);
  app.route('/.well-known', wellKnown);
  app.route('/api/v1/auth', auth);
  app.route('/api/v1/users', userAdmin);
  app.route('/api/v1/users/:id', personalData);
  app.route('/api/v1/me/notifications', notificationsRoute);
  app.route('/api/v1/me', personalData);
  app.route('/api/v1/admin/platforms', adminPlatforms);
  app.route('/api/v1/admin/metrics', adminMetrics);
  app.route('/api/v1/admin/cache', adminCache);
  app.route('/api/v1/admin/content', adminContent);
  app.route('/api/v1/admin/ingest', adminIngest);
  app.route('/api/v1/webhooks', webhooks);
  // OpenAPI document and the API reference page.
  app.route('/', developer);
  // The web page (HTML shell and its bundled assets); API paths keep their JSON 404s.
  app.route('/', web);

  app.notFound(
    (c) =>
      notFoundPage(c) ??
      respondError(c, new AppError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((err, c) => {
    const appErr = toAppError(err);
    const log = c.get('log') ?? createLogger({ requestId: c.get('requestId') });
    if (appErr.status >= 500) {
      log.error('request failed', {
        code: appErr.code,
        cause: rootCause(appErr.cause ?? err),
        stack: err instanceof Error && appErr.code === 'INTERNAL' ? err.stack : undefined,
      });
    }
    return respondError(c, appErr);
  });
  return app;
}
