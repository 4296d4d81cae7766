/**
 * Accounts: users, their activity and privacy rights, sessions, token keys and limits. The
 * personal-data hooks say what else happens around a write (services/accounts/personal-data.ts).
 */
import { createRateLimiter } from '../adapters/upstash/rate-limiter';
import { forgetPopularSearches, POPULAR_DAYS } from '../adapters/upstash/search-log';
import { createTokenDenylist } from '../adapters/upstash/token-denylist';
import { createLoginAttemptStore } from '../db/repositories/login-attempts';
import { createRetentionRepository } from '../db/repositories/retention';
import type { RetentionRepository } from '../services/ops/retention';
import type { RateLimiter } from '../services/ports';
import { createRefreshTokenStore } from '../db/repositories/refresh-tokens';
import { createRevocationRecord } from '../db/repositories/revocations';
import { createActivityRepository } from '../db/repositories/user-activity';
import { createPrivacyRepository } from '../db/repositories/user-privacy';
import { createUserRepository } from '../db/repositories/users';
import { createAccessTokens } from '../services/accounts/access-tokens';
import type { AuthDeps } from '../services/accounts/auth';
import { createPbkdf2Hasher } from '../services/accounts/password';
import type { PersonalDataDeps, PersonalDataHooks } from '../services/accounts/personal-data';
import type { AccessTokens, AttemptLimiter, TokenDenylist } from '../services/accounts/ports';
import { createRevocations, newRevocationState } from '../services/accounts/revocations';
import { forgetRecommendations, tasteChanged, type TasteChangeDeps } from '../services/recommendations/taste-changed';
import { piiCipher } from './isolate';
import type { RequestScope } from './request-scope';

export interface AccountServices {
  /** Accounts: repositories, token keys, denylist, hasher and hooks (the route adds its logger). */
  accounts(): Omit<AuthDeps & PersonalDataDeps, 'log'>;
  /** What checking a bearer token needs; opens the database only when Redis cannot vouch. */
  tokenGuard(): Pick<AuthDeps, 'accessTokens' | 'denylist'>;
  /** Rate limits on Redis; throws when Redis is not configured (callers fail open). */
  rateLimiter(): RateLimiter;
  /** The sign-in guard's fallback count in Postgres. */
  loginAttempts(): AttemptLimiter;
  /** Deletes records by age (the retention job, run by the cron). */
  retention(): RetentionRepository;
}

/** Module state is per isolate: whether this isolate failed a denylist write since its last resync. */
const revocationState = newRevocationState();

export function accountServices(
  scope: RequestScope,
  wiring: { tasteChange: () => TasteChangeDeps; drainSearchLog: () => Promise<unknown> },
): AccountServices {
  const { iso, db } = scope;
  const auth = iso.config.auth;
  const pii = () => piiCipher(iso);
  const accessTokens = () => iso.memo.get<AccessTokens>('access-tokens', () => createAccessTokens(auth));
  // Postgres is the truth, Redis the fast path (services/accounts/revocations.ts).
  const denylist = (): TokenDenylist =>
    createRevocations({
      cache: () => createTokenDenylist(scope.redis),
      record: () => createRevocationRecord(db()),
      accessTtlSec: auth.accessTtlSec,
      state: revocationState,
      background: scope.background,
      log: scope.log,
    });
  const hooks: PersonalDataHooks = {
    tasteChanged: (userId) => tasteChanged(wiring.tasteChange(), userId),
    erased: (userId) => forgetRecommendations(wiring.tasteChange(), userId),
    beforeExportOrErasure: wiring.drainSearchLog,
    forgetSearches: { popularDays: POPULAR_DAYS, forget: (searches) => forgetPopularSearches(scope.redis(), searches) },
  };
  return {
    tokenGuard: () => ({ accessTokens, denylist: denylist() }),
    rateLimiter: () => createRateLimiter(scope.redis),
    loginAttempts: () => createLoginAttemptStore(db()),
    retention: () => createRetentionRepository(db()),
    accounts: () => ({
      users: createUserRepository(db(), pii),
      activity: createActivityRepository(db()),
      privacy: createPrivacyRepository(db(), pii),
      refreshTokens: createRefreshTokenStore(db()),
      denylist: denylist(),
      passwords: createPbkdf2Hasher({ iterations: auth.pbkdf2Iterations }),
      accessTokens,
      accessTtlSec: auth.accessTtlSec,
      refreshTtlSec: auth.refreshTtlSec,
      hooks,
    }),
  };
}
