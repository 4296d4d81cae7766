/**
 * Sign-up, sign-in, refresh and sign-out. Access tokens are short-lived JWTs; refresh tokens
 * are opaque, stored hashed, rotated on every use, and a reused one ends its whole family.
 */
import { AppError } from '../../lib/errors';
import type { LoginBody, RegisterBody, TokenPair, UserProfile } from '../../schemas/accounts';
import type {
  AccessClaims,
  AccessTokens,
  PasswordHasher,
  RefreshTokenStore,
  TokenDenylist,
  UserRecord,
  UserRepository,
  Warn,
} from './ports';
import { newRefreshToken, sha256Hex } from './refresh-token';

export interface AuthDeps {
  users: UserRepository;
  refreshTokens: RefreshTokenStore;
  denylist: TokenDenylist;
  passwords: PasswordHasher;
  accessTokens: () => Promise<AccessTokens>;
  accessTtlSec: number;
  refreshTtlSec: number;
  /** ADMIN_EMAILS: accounts with these (lower-cased) emails are made admin when they sign in. */
  adminEmails?: readonly string[];
  log: Warn;
}

const ROLE_RANK: Record<UserProfile['role'], number> = {
  user: 0,
  premium: 1,
  admin: 2,
  super_admin: 3,
};

/**
 * The first-admin bootstrap: an account whose email is in ADMIN_EMAILS is raised to admin as it
 * signs in (never lowered: a super_admin stays one), with an audit line. The token issued next
 * carries the role.
 */
export async function bootstrapAdmin(
  deps: Pick<AuthDeps, 'users' | 'adminEmails' | 'log'>,
  user: UserRecord,
): Promise<UserRecord> {
  if (
    !deps.adminEmails?.includes(user.email.toLowerCase()) ||
    ROLE_RANK[user.role] >= ROLE_RANK.admin
  )
    return user;
  const promoted = await deps.users.promote(user.id, 'admin', 'ADMIN_EMAILS');
  if (!promoted) return user;
  deps.log.warn('account made admin by ADMIN_EMAILS', { userId: user.id });
  return promoted;
}

export interface Session {
  user: UserProfile;
  tokens: TokenPair;
}

/** One message for an unknown email and a wrong password: the response must not tell which. */
const BAD_CREDENTIALS = 'Email or password is incorrect';

export function toProfile(u: UserRecord): UserProfile {
  const { passwordHash: _omit, ...profile } = u;
  return profile;
}

/** Signs an access token; stores a new refresh token unless `rotated` brings the one just stored. */
async function issueTokens(
  deps: AuthDeps,
  user: { id: string; role: UserProfile['role'] },
  familyId: string,
  rotated?: { token: string; expiresAt: Date },
): Promise<TokenPair> {
  const keys = await deps.accessTokens();
  const access = await keys.sign({ sub: user.id, role: user.role, sid: familyId });
  let refreshToken = rotated;
  if (!refreshToken) {
    refreshToken = {
      token: newRefreshToken(),
      expiresAt: new Date(Date.now() + deps.refreshTtlSec * 1000),
    };
    await deps.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: await sha256Hex(refreshToken.token),
      expiresAt: refreshToken.expiresAt,
    });
  }
  return {
    tokenType: 'Bearer',
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken: refreshToken.token,
    refreshTokenExpiresAt: refreshToken.expiresAt.toISOString(),
  };
}

export async function register(deps: AuthDeps, body: RegisterBody): Promise<Session> {
  // Fail on missing keys before an account is written that could not sign in.
  await deps.accessTokens();
  const passwordHash = await deps.passwords.hash(body.password);
  const created = await deps.users.create({
    email: body.email,
    passwordHash,
    displayName: body.displayName ?? null,
  });
  if (created === 'email-taken')
    throw new AppError('CONFLICT', 'An account with this email already exists; sign in instead');
  const user = await bootstrapAdmin(deps, created);
  return { user: toProfile(user), tokens: await issueTokens(deps, user, crypto.randomUUID()) };
}

export async function login(deps: AuthDeps, body: LoginBody): Promise<Session> {
  const user = await deps.users.findByEmail(body.email);
  // The hasher does the full work even without an account, so timing tells nothing either.
  const ok = await deps.passwords.verify(body.password, user?.passwordHash ?? null);
  if (!user || !ok) throw new AppError('UNAUTHORIZED', BAD_CREDENTIALS);
  if (deps.passwords.needsRehash(user.passwordHash)) {
    try {
      await deps.users.setPasswordHash(user.id, await deps.passwords.hash(body.password));
    } catch (err) {
      deps.log.warn('password rehash failed; keeping the old hash', { error: err });
    }
  }
  const signedIn = await bootstrapAdmin(deps, user);
  return {
    user: toProfile(signedIn),
    tokens: await issueTokens(deps, signedIn, crypto.randomUUID()),
  };
}

export async function refresh(deps: AuthDeps, refreshToken: string): Promise<TokenPair> {
  await deps.accessTokens();
  const successor = newRefreshToken();
  const expiresAt = new Date(Date.now() + deps.refreshTtlSec * 1000);
  const outcome = await deps.refreshTokens.rotate(await sha256Hex(refreshToken), {
    tokenHash: await sha256Hex(successor),
    expiresAt,
  });
  if (outcome.status === 'reused') {
    // Someone holds a copy of a token already exchanged: end the session everywhere.
    await bestEffort(deps, 'deny session after refresh reuse', () =>
      deps.denylist.revokeSession(outcome.familyId, deps.accessTtlSec),
    );
    throw new AppError(
      'UNAUTHORIZED',
      'This refresh token was already used; the session has been ended. Sign in again',
    );
  }
  if (outcome.status === 'invalid')
    throw new AppError(
      'UNAUTHORIZED',
      'The refresh token is not valid or has expired; sign in again',
    );
  return issueTokens(deps, { id: outcome.userId, role: outcome.role }, outcome.familyId, {
    token: successor,
    expiresAt,
  });
}

/** Ends the caller's session: its refresh family in Postgres, and its access tokens in Redis. */
export async function logout(
  deps: AuthDeps,
  claims: Pick<AccessClaims, 'jti' | 'sid' | 'exp'>,
): Promise<void> {
  await deps.refreshTokens.revokeFamily(claims.sid);
  const ttl = Math.max(1, claims.exp - Math.floor(Date.now() / 1000));
  await bestEffort(deps, 'deny access token at logout', () =>
    deps.denylist.revokeToken(claims.jti, ttl),
  );
  await bestEffort(deps, 'deny session at logout', () =>
    deps.denylist.revokeSession(claims.sid, deps.accessTtlSec),
  );
}

/**
 * Denylist writes go to Redis. If it is down the request still succeeds (the refresh family is
 * already revoked in Postgres); the access token then lives until it expires, at most its TTL.
 */
export async function bestEffort(
  deps: { log: Warn },
  what: string,
  fn: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    deps.log.warn(`${what} failed (Redis unavailable?)`, { error: err });
  }
}
