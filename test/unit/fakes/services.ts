import { newRequestTiming } from '../../../src/lib/request-timing';
/**
 * Request services for `createApp({ services })` in unit tests: a parsed config (no rate
 * limits unless asked), real metrics in memory, background work collected, and every other
 * member a fake the test passes. A member the test did not fake throws when a route asks for it,
 * naming it, so a test shows exactly what a route needs.
 */
import type { RequestServices } from '../../../src/container';
import { parseConfig } from '../../../src/env';
import { MetricsFlusher } from '../../../src/lib/metrics/flusher';
import { MetricsRecorder } from '../../../src/lib/metrics/recorder';

export interface FakeServices extends RequestServices {
  /** Settles the work routes left for after the response (what waitUntil would run). */
  settle(): Promise<void>;
}

const NO_LIMITS = {
  RATE_LIMIT_ANON_PER_MIN: '0',
  RATE_LIMIT_USER_PER_MIN: '0',
  RATE_LIMIT_PREMIUM_PER_MIN: '0',
  RATE_LIMIT_ADMIN_PER_MIN: '0',
  RATE_LIMIT_AUTOCOMPLETE_PER_MIN: '0',
};

/** A limiter that always lets requests through (webhooks always have a budget). */
const openLimiter = {
  limit: async (_bucket: string, _id: string, max: number) => ({
    success: true,
    limit: max,
    remaining: max - 1,
    reset: Date.now() + 60_000,
    timedOut: false,
    pending: Promise.resolve(),
  }),
  refund: async () => {},
};

export function fakeServices(
  fakes: Partial<RequestServices> = {},
  env: Record<string, string> = {},
): FakeServices {
  const tasks: Promise<unknown>[] = [];
  const recorder = new MetricsRecorder();
  const settle = async () => {
    for (let done = 0; done < tasks.length; ) {
      const batch = tasks.slice(done);
      done = tasks.length;
      await Promise.all(batch);
    }
  };
  const base: Partial<FakeServices> = {
    config: parseConfig({ ENVIRONMENT: 'test', LOG_LEVEL: 'error', ...NO_LIMITS, ...env }),
    metrics: {
      recorder,
      flusher: new MetricsFlusher(recorder, { intervalMs: 60_000, warn: () => {} }),
      store: undefined,
    },
    rateLimiter: () => openLimiter,
    background: (task) => void tasks.push(task),
    dispose: settle,
    queryCount: () => 0,
    timing: newRequestTiming(),
    settle,
    ...fakes,
  };
  return new Proxy(base, {
    get(target, name) {
      if (name in target) return target[name as keyof typeof target];
      if (typeof name === 'symbol' || name === 'then') return undefined;
      return () => {
        throw new Error(`services.${name}() is not faked in this test`);
      };
    },
    has: (target, name) => name in target || name !== 'forRequest',
  }) as FakeServices;
}

/** A bearer token that the fake token guard accepts for this user. */
export function fakeTokenGuard(user: {
  id: string;
  role?: 'user' | 'premium' | 'admin';
}): Pick<RequestServices, 'tokenGuard'> {
  const claims = {
    sub: user.id,
    role: user.role ?? 'user',
    sid: 'session-1',
    jti: 'jti-1',
    exp: Math.floor(Date.now() / 1000) + 900,
    iat: 0,
  };
  return {
    tokenGuard: () => ({
      accessTokens: async () => ({
        verify: async () => claims,
        sign: async () => ({ token: 'x', jti: 'jti-1', expiresIn: 900 }),
        jwks: () => ({ keys: [] }),
      }),
      denylist: {
        isRevoked: async () => false,
        revokeToken: async () => {},
        revokeSession: async () => {},
        revokeUser: async () => {},
      },
    }),
  };
}

/** Well-formed for the bearer pattern (three base64url parts); the fake guard decides who it is. */
export const FAKE_BEARER = { Authorization: 'Bearer aaa.bbb.ccc' };
