/**
 * Sign-in behind a brute-force guard: attempts per client address and email within a window.
 * Every attempt spends one before the password is checked (so parallel guesses cannot overrun
 * the limit); a successful one is given back, so only failures count. Fails open when the
 * limiter (Redis) is unavailable. REST and GraphQL sign in through here.
 */
import { AppError } from '../../lib/errors';
import { rateHeaders } from '../../lib/rate-headers';
import type { LoginBody } from '../../schemas/accounts';
import { login, type AuthDeps, type Session } from './auth';
import type { AttemptLimiter, Warn } from './ports';
import { sha256Hex } from './refresh-token';

export interface LoginGuardDeps {
  /** Throws when no limiter is configured; the guard then lets attempts through. */
  limiter: () => AttemptLimiter;
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
  // Hashed: neither the address nor the email is written to Redis in clear.
  const key = await sha256Hex(`${clientKey}|${email}`);
  let limiter: AttemptLimiter;
  try {
    limiter = guard.limiter();
  } catch (err) {
    guard.log.warn('login limiter unavailable; allowing the attempt', { error: err });
    return undefined;
  }
  try {
    const d = await limiter.limit(BUCKET, key, guard.attempts, guard.windowSec);
    if (!d.success) {
      const h = rateHeaders(d);
      throw new AppError('RATE_LIMITED', `Too many sign-in attempts; try again in ${h['RateLimit-Reset']} s`, {
        headers: { ...h, 'Retry-After': String(Math.max(1, Number(h['RateLimit-Reset']))) },
      });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    guard.log.warn('login limiter unavailable; allowing the attempt', { error: err });
  }
  return {
    refund: () =>
      limiter.refund(BUCKET, key, guard.attempts, guard.windowSec).catch((err: unknown) => {
        guard.log.warn('could not give back a successful sign-in attempt', { error: err });
      }),
  };
}
