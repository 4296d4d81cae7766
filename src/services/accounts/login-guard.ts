/**
 * Sign-in behind a brute-force guard: attempts per client address and email within a window.
 * Every attempt spends one before the password is checked (so parallel guesses cannot overrun
 * the limit); a successful one is given back, so only failures count. REST and GraphQL sign in
 * through here.
 *
 * Policy when Redis (the sliding window) is unavailable, refused or past its deadline: fall back
 * to a fixed-window count in Postgres (the same budget); if that cannot answer either, fail
 * closed (503). The guard is never off while the password check could run.
 */
import { AppError } from '../../lib/errors';
import { rateHeaders } from '../../lib/rate-headers';
import type { LoginBody } from '../../schemas/accounts';
import { login, type AuthDeps, type Session } from './auth';
import type { AttemptLimiter, Warn } from './ports';
import { sha256Hex } from './refresh-token';

export interface LoginGuardDeps {
  /** The fast path (Redis); throws when it is not configured (then the fallback counts). */
  limiter: () => AttemptLimiter;
  /** The durable count (Postgres), used while the fast path cannot answer. */
  fallback: () => AttemptLimiter;
  /** Attempts per window; 0 turns the guard off. */
  attempts: number;
  windowSec: number;
  log: Warn;
}

const BUCKET = 'login';

export async function guardedLogin(deps: AuthDeps, guard: LoginGuardDeps, body: LoginBody, clientKey: string): Promise<Session> {
  const spent = await spendAttempt(guard, clientKey, body.email);
  const session = await login(deps, body);
  await spent?.refund();
  return session;
}

async function spendAttempt(guard: LoginGuardDeps, clientKey: string, email: string): Promise<{ refund: () => Promise<void> } | undefined> {
  if (guard.attempts === 0) return undefined;
  // Hashed: neither the address nor the email is written to Redis or Postgres in clear.
  const key = await sha256Hex(`${clientKey}|${email}`);
  let limiter: AttemptLimiter | undefined;
  let decision: Awaited<ReturnType<AttemptLimiter['limit']>> | undefined;
  try {
    limiter = guard.limiter();
    decision = await limiter.limit(BUCKET, key, guard.attempts, guard.windowSec);
    // @upstash/ratelimit lets a request through when Redis misses its deadline: not here.
    if (decision.timedOut) decision = undefined;
  } catch (err) {
    guard.log.warn('login limiter unavailable; counting in Postgres', { error: err });
  }
  if (!decision) {
    // Throws DEPENDENCY_UNAVAILABLE (503) when Postgres cannot count either: fail closed.
    limiter = guard.fallback();
    decision = await limiter.limit(BUCKET, key, guard.attempts, guard.windowSec);
  }
  if (!decision.success) {
    const h = rateHeaders(decision);
    throw new AppError('RATE_LIMITED', `Too many sign-in attempts; try again in ${h['RateLimit-Reset']} s`, {
      headers: { ...h, 'Retry-After': String(Math.max(1, Number(h['RateLimit-Reset']))) },
    });
  }
  const spentOn = limiter!;
  return {
    refund: () =>
      spentOn.refund(BUCKET, key, guard.attempts, guard.windowSec).catch((err: unknown) => {
        guard.log.warn('could not give back a successful sign-in attempt', { error: err });
      }),
  };
}
