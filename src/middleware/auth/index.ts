/**
 * Bearer-token authentication and role checks.
 * - `authenticate`: an optional bearer token becomes `c.var.user`; a token that is present but
 *   invalid, expired or revoked is a 401 (never silently anonymous).
 * - `requireAuth`, `requireRole(role)`: 401 without a user, 403 below the role.
 * - `requireSelfOrAdmin`: `/users/:id/...` routes reach only the caller's own id, unless admin.
 */
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../lib/errors';
import { UserIdSchema, type Role } from '../../schemas/accounts';
import { hasRole, mayAccessUser } from '../../services/accounts/roles';
import type { AppEnv, AuthUser } from '../../types';

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;
const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (header === undefined) return next();
  const match = BEARER.exec(header.trim());
  if (!match) {
    throw new AppError('UNAUTHORIZED', 'The Authorization header must be "Bearer <access token>"', {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_request"' },
    });
  }
  const guard = c.var.services.tokenGuard();
  const claims = await (await guard.accessTokens()).verify(match[1]!);
  // Redis first, Postgres when Redis cannot vouch; fails closed (503) when neither answers.
  // Settled into a value at once, so a 503 that arrives while a read runs is not left unhandled.
  const checking = guard.denylist.isRevoked(claims).then(
    (revoked) => ({ revoked, error: undefined }),
    (error: unknown) => ({ revoked: true, error }),
  );
  const decide = async () => {
    const { revoked, error } = await checking;
    if (error !== undefined) throw error;
    if (revoked) {
      throw new AppError('UNAUTHORIZED', 'The access token has been revoked; sign in again', {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    }
  };
  c.set('user', {
    id: claims.sub,
    role: claims.role,
    jti: claims.jti,
    sid: claims.sid,
    exp: claims.exp,
  });
  if (READS.has(c.req.method)) {
    // A read changes nothing: it runs while the revocation check answers, and its answer is
    // replaced by the check's 401 (revoked) or 503 (neither Redis nor Postgres could say) before
    // anything is sent. One Redis round trip off the read's path; the policy is main's.
    await next();
    await decide();
    return;
  }
  await decide();
  await next();
});

const READS = new Set(['GET', 'HEAD']);

/** The signed-in caller, for handlers behind `requireAuth`. */
export function currentUser(c: { var: { user?: AuthUser } }): AuthUser {
  const user = c.var.user;
  if (!user)
    throw new AppError(
      'UNAUTHORIZED',
      'Sign in first: send "Authorization: Bearer <access token>"',
      { headers: CHALLENGE },
    );
  return user;
}

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  currentUser(c);
  await next();
});

export const requireRole = (role: Role) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const user = currentUser(c);
    if (!hasRole(user.role, role)) throw new AppError('FORBIDDEN', `This needs the ${role} role`);
    await next();
  });

/**
 * For routes mounted under `/users/:id`: the id must be the caller's own unless the caller is
 * an admin. Under `/me` (no :id) the target is the caller. Sets `targetUserId`.
 */
export const requireSelfOrAdmin = createMiddleware<
  AppEnv & { Variables: { targetUserId: string } }
>(async (c, next) => {
  const user = currentUser(c);
  const raw = c.req.param('id');
  let target = user.id;
  if (raw !== undefined) {
    const parsed = UserIdSchema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'Invalid path: id must be a user id (UUID)', {
        details: [{ path: 'id', message: 'must be a user id (UUID)' }],
      });
    }
    target = parsed.data;
  }
  if (!mayAccessUser(user, target))
    throw new AppError('FORBIDDEN', "You may only reach your own account's data");
  c.set('targetUserId', target);
  await next();
});
