/**
 * Tiered rate limiting for /api/*: a sliding window per signed-in user (by id) or anonymous
 * client (by CF-Connecting-IP), with RateLimit-* headers and a 429 + Retry-After when spent.
 * If Redis is down or slow the request goes through and a warning is logged (fail open): an
 * outage of the limiter must not become an outage of the API.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../lib/errors';
import { rateHeaders } from '../../lib/rate-headers';
import { sha256Hex } from '../../services/accounts/refresh-token';
import type { AppEnv } from '../../types';
import { choosePolicy } from './policy';

const WINDOW_SEC = 60;

/** The client address Cloudflare saw; hashed before it becomes a Redis key. */
export async function clientKey(c: Context<AppEnv>): Promise<string> {
  const ip = c.req.header('cf-connecting-ip')?.trim() || 'unknown';
  return (await sha256Hex(`ip:${ip}`)).slice(0, 32);
}

export { rateHeaders };

export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const services = c.var.services;
  const user = c.var.user;
  const policy = choosePolicy(services.config.rateLimit, user?.role, c.req.path);
  if (policy.perMinute === 0) return next();
  const identifier = user ? `user:${user.id}` : `ip:${await clientKey(c)}`;
  let decision;
  try {
    decision = await services.rateLimiter().limit(policy.bucket, identifier, policy.perMinute, WINDOW_SEC);
  } catch (err) {
    c.var.log.warn('rate limiter unavailable; letting the request through', { error: err, bucket: policy.bucket });
    return next();
  }
  services.background(decision.pending);
  if (decision.timedOut) {
    c.var.log.warn('rate limiter timed out waiting for Redis; letting the request through', { bucket: policy.bucket });
    return next();
  }
  const headers = rateHeaders(decision);
  if (!decision.success) {
    throw new AppError('RATE_LIMITED', `Too many requests: the limit is ${decision.limit} a minute; try again in ${headers['RateLimit-Reset']} s`, {
      headers: { ...headers, 'Retry-After': String(Math.max(1, Number(headers['RateLimit-Reset']))) },
    });
  }
  await next();
  try {
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  } catch {
    // A response with immutable headers (passed through from fetch or the cache): copy it.
    c.res = new Response(c.res.body, c.res);
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  }
});
