/** /api/v1/auth: register, login, refresh, logout. Token responses are never cached. */
import { Hono, type Context } from 'hono';
import { currentUser, requireAuth } from '../middleware/auth';
import { clientKey } from '../middleware/rate-limit';
import { requireJson, validate } from '../middleware/validate';
import { LoginBodySchema, RefreshBodySchema, RegisterBodySchema } from '../schemas/accounts';
import { logout, refresh, register, type AuthDeps } from '../services/accounts/auth';
import { guardedLogin, type LoginGuardDeps } from '../services/accounts/login-guard';
import type { AppEnv } from '../types';

export const authDeps = (c: Context<AppEnv>): AuthDeps => ({ ...c.var.services.accounts(), log: c.var.log });

/** What the sign-in guard needs: the limiter and its budget (see services/accounts/login-guard). */
export const loginGuardDeps = (c: Context<AppEnv>): LoginGuardDeps => ({
  limiter: () => c.var.services.rateLimiter(),
  fallback: () => c.var.services.loginAttempts(),
  attempts: c.var.services.config.rateLimit.loginAttempts,
  windowSec: c.var.services.config.rateLimit.loginWindowSec,
  log: c.var.log,
});

export const auth = new Hono<AppEnv>()
  .post('/register', requireJson, validate('json', RegisterBodySchema), async (c) => {
    const session = await register(authDeps(c), c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json({ user: session.user, ...session.tokens }, 201);
  })
  .post('/login', requireJson, validate('json', LoginBodySchema), async (c) => {
    const session = await guardedLogin(authDeps(c), loginGuardDeps(c), c.req.valid('json'), await clientKey(c));
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
