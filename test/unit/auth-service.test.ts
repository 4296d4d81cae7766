import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors';
import { login, register, type AuthDeps } from '../../src/services/accounts/auth';
import type { PasswordHasher, UserRecord } from '../../src/services/accounts/ports';

function fakeDeps(existing?: UserRecord) {
  const calls = { verify: [] as (string | null)[], hashes: 0, rehashed: [] as string[], inserted: 0 };
  const passwords: PasswordHasher = {
    hash: async (pw) => {
      calls.hashes++;
      return `new:${pw}`;
    },
    verify: async (pw, stored) => {
      calls.verify.push(stored);
      return stored === `old:${pw}` || stored === `new:${pw}`;
    },
    needsRehash: (stored) => stored.startsWith('old:'),
  };
  const deps: AuthDeps = {
    users: {
      create: async () => 'email-taken',
      findByEmail: async (email) => (existing && existing.email === email ? existing : null),
      findById: async () => existing ?? null,
      setPasswordHash: async (_id, hash) => void calls.rehashed.push(hash),
      updateProfile: async () => null,
      getPreferences: async () => null,
      savePreferences: async () => null,
      unknownPlatforms: async () => [],
      getConsent: async () => null,
      saveConsent: async () => null,
      list: async () => ({ users: [], nextCursor: null }),
    },
    refreshTokens: {
      insert: async () => void calls.inserted++,
      rotate: async () => ({ status: 'invalid' }),
      revokeFamily: async () => {},
    },
    denylist: { revokeToken: async () => {}, revokeSession: async () => {}, revokeUser: async () => {}, isRevoked: async () => false },
    passwords,
    accessTokens: async () => ({ sign: async () => ({ token: 'jwt', jti: 'j', expiresIn: 900 }), verify: async () => { throw new Error('unused'); }, jwks: () => ({ keys: [] }) }),
    accessTtlSec: 900,
    refreshTtlSec: 604800,
    log: { warn: () => {} },
  };
  return { deps, calls };
}

const user: UserRecord = {
  id: '6c1f5d0e-3f7e-4d2b-9a51-6f2b2c1d0e9a',
  email: 'ada@example.com',
  displayName: null,
  role: 'user',
  emailVerified: false,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  passwordHash: 'old:secret-password',
};

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('login', () => {
  it('does the password work even when the email is unknown, and says the same thing', async () => {
    const { deps, calls } = fakeDeps(user);
    const unknown = await errorOf(login(deps, { email: 'nobody@example.com', password: 'secret-password' }));
    const wrong = await errorOf(login(deps, { email: 'ada@example.com', password: 'not-it' }));
    expect(calls.verify).toEqual([null, 'old:secret-password']);
    expect(unknown.code).toBe('UNAUTHORIZED');
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.status).toBe(wrong.status);
  });

  it('upgrades an old hash at the next successful login and starts a session', async () => {
    const { deps, calls } = fakeDeps(user);
    const session = await login(deps, { email: 'ada@example.com', password: 'secret-password' });
    expect(calls.rehashed).toEqual(['new:secret-password']);
    expect(calls.inserted).toBe(1);
    expect(session.user).not.toHaveProperty('passwordHash');
    expect(session.tokens).toMatchObject({ tokenType: 'Bearer', accessToken: 'jwt', expiresIn: 900 });
    expect(session.tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('register', () => {
  it('is a 409 for an email already registered', async () => {
    const { deps } = fakeDeps(user);
    expect((await errorOf(register(deps, { email: 'ada@example.com', password: 'long-enough' }))).code).toBe('CONFLICT');
  });
});
