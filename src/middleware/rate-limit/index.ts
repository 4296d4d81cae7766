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
import { offRequestPath } from '../../lib/request-timing';
import { setResponseHeaders } from '../../lib/response-headers';
import { sha256Hex } from '../../services/accounts/refresh-token';
import type { RateDecision } from '../../services/ports';
import type { AppEnv } from '../../types';
import { choosePolicy } from './policy';

const WINDOW_SEC = 60;

/** The client address Cloudflare saw; hashed before it becomes a Redis key. */
export async function clientKey(c: Context<AppEnv>): Promise<string> {
  const ip = c.req.header('cf-connecting-ip')?.trim() || 'unknown';
  return (await sha256Hex(`ip:${ip}`)).slice(0, 32);
}

export { rateHeaders };

type Decision = { limit: number; remaining: number; reset: number };

/**
 * What this isolate last learned about each client of a deferred bucket: its latest decision
 * (for the RateLimit-* headers) and, once refused, until when. Bounded: the oldest entry goes
 * first, and a forgotten client is simply counted afresh.
 */
const deferredState = new Map<string, Decision & { refused: boolean }>();
const DEFERRED_STATE_MAX = 10_000;

function remember(key: string, d: Decision & { success: boolean }) {
  deferredState.delete(key);
  if (deferredState.size >= DEFERRED_STATE_MAX)
    deferredState.delete(deferredState.keys().next().value!);
  deferredState.set(key, {
    limit: d.limit,
    remaining: d.remaining,
    reset: d.reset,
    refused: !d.success,
  });
}

/** Deferred counts waiting for a call to Redis already on its way, per client. */
const deferredInFlight = new Map<string, { waiting: number; since: number }>();
/** Counts a finished loop handed on: the client's next request sends them with its own. */
const deferredCarried = new Map<string, number>();
/**
 * A counting loop runs in the background of the request that started it, whose waitUntil
 * must end: after this long it hands its remaining counts on instead of calling again.
 */
const DEFERRED_LOOP_MS = 5_000;

/**
 * Counts one request for `key`. While a count for the same client is on its way to Redis, the
 * requests that arrive meanwhile are added up and sent as one (`rate`): a typing burst costs a
 * call or two, not one per keystroke. Returns the counting task, or nothing when an earlier
 * one carries this request.
 */
export function countDeferred(
  key: string,
  spend: (
    rate: number,
  ) => Promise<Decision & { success: boolean; timedOut: boolean; pending: Promise<unknown> }>,
) {
  const now = Date.now();
  const running = deferredInFlight.get(key);
  if (running && now - running.since < 2 * DEFERRED_LOOP_MS) {
    running.waiting++;
    return undefined;
  }
  // No loop, or one that died with its request (a cancelled waitUntil): its counts go first.
  const state = { waiting: 0, since: now };
  deferredInFlight.set(key, state);
  const first = 1 + (running?.waiting ?? 0) + (deferredCarried.get(key) ?? 0);
  deferredCarried.delete(key);
  const run = async (rate: number): Promise<void> => {
    const d = await spend(rate);
    if (!d.timedOut) remember(key, d);
    await d.pending;
    if (state.waiting > 0) {
      const next = state.waiting;
      state.waiting = 0;
      if (Date.now() - state.since < DEFERRED_LOOP_MS) return run(next);
      if (deferredCarried.size >= DEFERRED_STATE_MAX)
        deferredCarried.delete(deferredCarried.keys().next().value!);
      deferredCarried.set(key, next);
    }
  };
  return run(first).finally(() => {
    if (deferredInFlight.get(key) === state) deferredInFlight.delete(key);
  });
}

function refuse(d: Decision): never {
  const headers = rateHeaders({ ...d, remaining: 0 });
  throw new AppError(
    'RATE_LIMITED',
    `Too many requests: the limit is ${d.limit} a minute; try again in ${headers['RateLimit-Reset']} s`,
    {
      headers: {
        ...headers,
        'Retry-After': String(Math.max(1, Number(headers['RateLimit-Reset']))),
      },
    },
  );
}

export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const services = c.var.services;
  const user = c.var.user;
  const policy = choosePolicy(services.config.rateLimit, user?.role, c.req.path, c.req.method);
  if (policy.perMinute === 0) return next();
  const identifier = user ? `user:${user.id}` : `ip:${await clientKey(c)}`;
  if (policy.concurrent) {
    const deciding = services
      .rateLimiter()
      .limit(policy.bucket, identifier, policy.perMinute, WINDOW_SEC)
      .catch((err: unknown) => {
        c.var.log.warn('rate limiter unavailable; letting the request through', {
          error: err,
          bucket: policy.bucket,
        });
        return undefined;
      });
    await next();
    const decision = await deciding;
    if (!decision) return;
    services.background(decision.pending);
    if (decision.timedOut) {
      c.var.log.warn('rate limiter timed out waiting for Redis; letting the request through', {
        bucket: policy.bucket,
      });
      return;
    }
    // A read over the budget: its answer is dropped for the 429 (it changed nothing).
    if (!decision.success) refuse(decision);
    if (c.res.status === 429 && c.res.headers.has('Retry-After')) return;
    setResponseHeaders(c, rateHeaders(decision));
    return;
  }
  if (policy.deferred) {
    // Answered without waiting for Redis; the request is counted after the response, and the
    // decision refuses this client's next requests here once the budget is spent. A client
    // can overshoot by the requests it has in flight, in each isolate: for keystrokes, a fair
    // price for never waiting on the counter.
    const key = `${policy.bucket}:${policy.perMinute}:${identifier}`;
    const known = deferredState.get(key);
    if (known && known.reset <= Date.now()) deferredState.delete(key);
    else if (known?.refused) refuse(known);
    // Counted after the answer: not a round trip the request waits for (Server-Timing).
    const counting = offRequestPath(() =>
      countDeferred(key, (rate) =>
        services.rateLimiter().limit(policy.bucket, identifier, policy.perMinute, WINDOW_SEC, rate),
      ),
    );
    if (counting) {
      services.background(
        counting.catch((err) =>
          c.var.log.warn('rate limiter unavailable; requests were not counted', {
            error: err,
            bucket: policy.bucket,
          }),
        ),
      );
    }
    await next();
    // The headers report the last decision this isolate saw (one request behind); the limit alone before any.
    const last = known && known.reset > Date.now() ? known : undefined;
    setResponseHeaders(
      c,
      last
        ? rateHeaders({ ...last, remaining: last.remaining - 1 })
        : { 'RateLimit-Limit': String(policy.perMinute) },
    );
    return;
  }
  let decision: RateDecision;
  try {
    decision = await services
      .rateLimiter()
      .limit(policy.bucket, identifier, policy.perMinute, WINDOW_SEC);
  } catch (err) {
    c.var.log.warn('rate limiter unavailable; letting the request through', {
      error: err,
      bucket: policy.bucket,
    });
    return next();
  }
  services.background(decision.pending);
  if (decision.timedOut) {
    c.var.log.warn('rate limiter timed out waiting for Redis; letting the request through', {
      bucket: policy.bucket,
    });
    return next();
  }
  if (!decision.success) refuse(decision);
  await next();
  // A 429 from an inner, stricter limit (sign-in attempts, GraphQL's costly fields) already
  // carries its own RateLimit-* and Retry-After: this budget's figures would contradict them.
  if (c.res.status === 429 && c.res.headers.has('Retry-After')) return;
  setResponseHeaders(c, rateHeaders(decision));
});

/**
 * Spends `units` more of the caller's budget for this request's path, for work a request does
 * beyond its own unit (GraphQL's costly fields). Refused with the 429 the middleware gives; a
 * Redis outage or timeout lets it through, like the middleware (fail open, logged).
 */
export async function spendMore(c: Context<AppEnv>, units: number): Promise<void> {
  if (units <= 0) return;
  const services = c.var.services;
  const user = c.var.user;
  // The extra units are decided before the work, whatever the request's method.
  const policy = choosePolicy(services.config.rateLimit, user?.role, c.req.path, 'POST');
  if (policy.perMinute === 0) return;
  const identifier = user ? `user:${user.id}` : `ip:${await clientKey(c)}`;
  let decision: RateDecision;
  try {
    decision = await services
      .rateLimiter()
      .limit(policy.bucket, identifier, policy.perMinute, WINDOW_SEC, units);
  } catch (err) {
    c.var.log.warn('rate limiter unavailable; letting the extra work through', {
      error: err,
      bucket: policy.bucket,
      units,
    });
    return;
  }
  services.background(decision.pending);
  if (decision.timedOut) return;
  if (!decision.success) refuse(decision);
}
