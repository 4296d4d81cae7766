/**
 * Builds the request's services and logger, writes one access-log line, and releases the
 * request's database pool after the response (waitUntil).
 */
import { createMiddleware } from 'hono/factory';
import { isolateServices, requestServices } from '../container';
import { createLogger } from '../lib/logger';
import type { AppEnv } from '../types';

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const iso = isolateServices(c.env);
  const services = requestServices(iso);
  const requestId = c.get('requestId');
  const log = createLogger({ requestId }, iso.config.logLevel);
  c.set('services', services);
  c.set('log', log);
  const start = Date.now();
  try {
    await next();
  } finally {
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - start,
    });
    const done = services.dispose();
    try {
      c.executionCtx.waitUntil(done);
    } catch {
      await done; // no execution context (app.request in unit tests)
    }
  }
});
