/**
 * Builds the request's services and logger, continues or starts its W3C trace, writes one
 * access-log line, records the request's metrics, and after the response (waitUntil) releases
 * the request's database pool and, at most every few seconds, flushes metrics to Redis.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { ServiceProvider } from '../container';
import { createLogger } from '../lib/logger';
import { M, statusClass } from '../lib/metrics/families';
import { newRequestTiming, serverTiming, withRequestTiming } from '../lib/request-timing';
import { setResponseHeaders } from '../lib/response-headers';
import { formatTraceparent, startRequestTrace } from '../lib/trace';
import type { AppEnv } from '../types';

/**
 * The matched route pattern ("/api/v1/content/:id"), never the raw path, so metric labels stay
 * few. Middleware is registered as method ALL; the last route with a real method is the
 * endpoint. No endpoint (404, 405) is "unmatched".
 */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!;
    if (r.method !== 'ALL') return r.path;
  }
  return 'unmatched';
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Clients may send any method token; only the standard ones become label values. */
const methodLabel = (method: string) => (METHODS.has(method) ? method : 'OTHER');

/** `provider` builds the request's services: the container, or a test's fakes. */
export const requestContext = (provider: ServiceProvider) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const requestId = c.get('requestId');
    const trace = startRequestTrace(c.req.header('traceparent'));
    const log = createLogger(
      { requestId, traceId: trace.traceId, spanId: trace.spanId },
      provider.config(c.env).logLevel,
    );
    const services = provider.forRequest(c.env, log);
    c.set('services', services);
    c.set('log', log);
    c.set('trace', trace);
    const timing = services.timing ?? newRequestTiming();
    const start = timing.started;
    try {
      await withRequestTiming(timing, next);
    } finally {
      const status = c.res.status;
      const durationMs = Date.now() - start;
      log.info('request', {
        method: c.req.method,
        path: c.req.path,
        status,
        durationMs,
        ...(trace.parentSpanId ? { parentSpanId: trace.parentSpanId } : {}),
      });
      const api = c.req.path.startsWith('/api/') || c.req.path === '/graphql';
      setResponseHeaders(c, {
        traceparent: formatTraceparent(trace.traceId, trace.spanId, trace.flags),
        // What the answer waited on, for every API response (the round trips decide its latency).
        ...(api ? { 'Server-Timing': serverTiming(timing) } : {}),
      });
      const labels = { route: routePattern(c), method: methodLabel(c.req.method) };
      const klass = statusClass(status);
      const metrics = services.metrics;
      const m = metrics.recorder;
      m.inc(M.httpRequests, { ...labels, status_class: klass });
      if (status >= 400) m.inc(M.httpErrors, { ...labels, status_class: klass });
      m.observe(M.httpDuration, labels, durationMs / 1000);
      const flush = metrics.flusher.maybeFlush(metrics.store, log.warn);
      const done = Promise.all([services.dispose(), flush]);
      try {
        c.executionCtx.waitUntil(done);
      } catch {
        await done; // no execution context (app.request in unit tests)
      }
    }
  });
