/** /api/v1/auth: register, login, refresh, logout. Token responses are never cached. */
import { Hono, type Context } from 'hono';
import { AppError } from '../lib/errors';
import { currentUser, requireAuth } from '../middleware/auth';
import { clientKey, rateHeaders } from '../middleware/rate-limit';
import { requireJson, validate } from '../middleware/validate';
import { LoginBodySchema, RefreshBodySchema, RegisterBodySchema } from '../schemas/accounts';
import { login, logout, refresh, register, type AuthDeps } from '../services/accounts/auth';
import { sha256Hex } from '../services/accounts/refresh-token';
import type { AppEnv } from '../types';

const authDeps = (c: Context<AppEnv>): AuthDeps => ({ ...c.var.services.accounts(), log: c.var.log });

/**
 * Brute-force guard: attempts per client address and email within a window. Every attempt
 * spends one before the password is checked (so parallel guesses cannot overrun the limit);
 * a successful one is given back, so only failures count. Fails open when Redis is down.
 */
async function loginGuard(c: Context<AppEnv>, email: string) {
  const cfg = c.var.services.config.rateLimit;
  if (cfg.loginAttempts === 0) return { succeeded: async () => {} };
  // Hashed: neither the address nor the email is written to Redis in clear.
  const key = await sha256Hex(`${await clientKey(c)}|${email}`);
  const limiter = (() => {
    try {
      return c.var.services.rateLimiter();
    } catch (err) {
      c.var.log.warn('login limiter unavailable; allowing the attempt', { error: err });
      return undefined;
    }
  })();
  if (!limiter) return { succeeded: async () => {} };
  try {
    const d = await limiter.limit('login', key, cfg.loginAttempts, cfg.loginWindowSec);
    if (!d.success) {
      const h = rateHeaders(d);
      throw new AppError('RATE_LIMITED', `Too many sign-in attempts; try again in ${h['RateLimit-Reset']} s`, {
        headers: { ...h, 'Retry-After': String(Math.max(1, Number(h['RateLimit-Reset']))) },
      });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    c.var.log.warn('login limiter unavailable; allowing the attempt', { error: err });
  }
  return {
    succeeded: () =>
      limiter.refund('login', key, cfg.loginAttempts, cfg.loginWindowSec).catch((err: unknown) => {
        c.var.log.warn('could not give back a successful sign-in attempt', { error: err });
      }),
  };
}

export const auth = new Hono<AppEnv>()
  .post('/register', requireJson, validate('json', RegisterBodySchema), async (c) => {
    const session = await register(authDeps(c), c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json({ user: session.user, ...session.tokens }, 201);
  })
  .post('/login', requireJson, validate('json', LoginBodySchema), async (c) => {
    const body = c.req.valid('json');
    const guard = await loginGuard(c, body.email);
    const session = await login(authDeps(c), body);
    await guard.succeeded();
    c.header('Cache-Control', 'no-store');
    return c.json({ user: session.user, ...session.tokens });
  })
  .post('/refresh', requireJson, validate('json', RefreshBodySchema), async (c) => {
    const tokens = await refresh(authDeps(c), c.req.valid('json').refreshToken);
    c.header('Cache-Control', 'no-store');
    return c.json(tokens);
  })
  .post('/logout', requireAuth, async (c) => {
    await logout(authDeps(c), currentUser(c));
    return c.body(null, 204);
  });

/** /.well-known/jwks.json: the public keys that verify access tokens. */
export const wellKnown = new Hono<AppEnv>().get('/jwks.json', async (c) => {
  const keys = await c.var.services.tokenGuard().accessTokens();
  c.header('Cache-Control', 'public, max-age=300');
  return c.json(keys.jwks());
});
