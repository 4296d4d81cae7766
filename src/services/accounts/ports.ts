/** What the accounts services need from the outside world; src/db and src/adapters implement it. */
import type {
  Consent,
  HistoryEntry,
  PageQuery,
  Preferences,
  PreferencesPatch,
  RatingEntry,
  Role,
  UserExport,
  UserProfile,
  WatchlistItem,
} from '../../schemas/accounts';

export interface UserRecord extends UserProfile {
  passwordHash: string;
}

/** Accounts and profiles. Reads see active accounts only (erased ones are gone for the app). */
export interface UserRepository {
  create(input: { email: string; passwordHash: string; displayName: string | null }): Promise<UserRecord | 'email-taken'>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  updateProfile(id: string, patch: { displayName?: string | null }): Promise<UserRecord | null>;
  /** Null when the account does not exist; defaults when it has none saved. */
  getPreferences(userId: string): Promise<Preferences | null>;
  savePreferences(userId: string, patch: PreferencesPatch): Promise<Preferences | null>;
  /** The ids in the list that name no platform. */
  unknownPlatforms(ids: string[]): Promise<string[]>;
  /** Null when the account does not exist. */
  getConsent(userId: string): Promise<Consent | null>;
  /** Records the answer (and an audit line); null when the account does not exist. */
  saveConsent(userId: string, personalisation: boolean): Promise<Consent | null>;
  list(page: PageQuery): Promise<{ users: (UserProfile & { deletedAt: string | null })[]; nextCursor: string | null }>;
}

/** Why a write on a user's list did not happen. */
export type Missing = 'no-user' | 'no-content';

export interface ActivityRepository {
  addToWatchlist(userId: string, contentId: string): Promise<{ added: boolean; item: WatchlistItem } | Missing>;
  removeFromWatchlist(userId: string, contentId: string): Promise<{ removed: boolean } | Missing>;
  listWatchlist(userId: string): Promise<WatchlistItem[]>;
  rate(userId: string, contentId: string, score: number): Promise<RatingEntry | Missing>;
  listRatings(userId: string): Promise<RatingEntry[]>;
  recordView(userId: string, contentId: string, progress: number | null): Promise<HistoryEntry | Missing>;
  listHistory(userId: string, page: PageQuery): Promise<{ entries: HistoryEntry[]; nextCursor: string | null }>;
}

export interface ErasureReceipt {
  history: number;
  ratings: number;
  watchlist: number;
  searchHistory: number;
  sessionsRevoked: number;
}

/** One search a person made, as counted among that day's popular searches. */
export interface SearchContribution {
  normalizedQuery: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
}

export interface PrivacyRepository {
  /** The account's searches of the last `days` days, decrypted (to take them out of the popular counts). */
  searchContributions(userId: string, days: number): Promise<SearchContribution[]>;
  /** Everything held about an active user, or null. */
  exportUser(userId: string): Promise<Omit<UserExport, 'format' | 'exportedAt'> | null>;
  /**
   * Anonymises the account, deletes its activity, revokes its refresh tokens and writes the
   * audit record, all in one transaction. Null when there is no active account.
   */
  eraseUser(userId: string, audit: { action: string; subject: string; details: Record<string, unknown> }): Promise<ErasureReceipt | null>;
}

export type RotateOutcome =
  | { status: 'rotated'; userId: string; role: Role; familyId: string }
  /** A token that was already rotated came back: its family is now revoked. */
  | { status: 'reused'; userId: string; familyId: string }
  | { status: 'invalid' };

export interface RefreshTokenStore {
  insert(input: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  /** Atomically retires the presented token and stores its successor in the same family. */
  rotate(tokenHash: string, successor: { tokenHash: string; expiresAt: Date }): Promise<RotateOutcome>;
  revokeFamily(familyId: string): Promise<void>;
}

/** Access tokens refused before they expire (logout, erasure, a stolen refresh family). */
export interface TokenDenylist {
  revokeToken(jti: string, ttlSec: number): Promise<void>;
  revokeSession(sessionId: string, ttlSec: number): Promise<void>;
  revokeUser(userId: string, ttlSec: number): Promise<void>;
  isRevoked(claims: { jti: string; sid: string; sub: string }): Promise<boolean>;
}

/** Postgres's word on a session (the refresh family and the account), for when Redis cannot answer. */
export interface RevocationRecord {
  /** The session's refresh family is unrevoked and its account active. */
  sessionLive(claims: { sid: string; sub: string }): Promise<boolean>;
  /** Sessions revoked and accounts erased within the last `seconds` (an access token's lifetime). */
  revokedSince(seconds: number): Promise<{ sessions: string[]; users: string[] }>;
}

/** The Redis copy of the denylist, with its freshness marker. */
export interface RevocationCache {
  revokeToken(jti: string, ttlSec: number): Promise<void>;
  revokeSession(sessionId: string, ttlSec: number): Promise<void>;
  revokeUser(userId: string, ttlSec: number): Promise<void>;
  /** One round trip: whether a key denies the token, and whether the copy was resynced lately. */
  check(claims: { jti: string; sid: string; sub: string }): Promise<{ revoked: boolean; fresh: boolean }>;
  /** Writes these revocations and marks the copy fresh for `freshSec`. */
  resync(revoked: { sessions: string[]; users: string[] }, ttlSec: number, freshSec: number): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Always does the full work, also for a missing or unusable stored hash (then: false). */
  verify(password: string, stored: string | null): Promise<boolean>;
  /** The stored hash uses weaker parameters (or another algorithm) than the current ones. */
  needsRehash(stored: string): boolean;
}

export interface AccessClaims {
  sub: string;
  role: Role;
  /** Session: the refresh-token family the token was issued from. */
  sid: string;
  jti: string;
  exp: number;
  iat: number;
}

export interface AccessTokens {
  sign(input: { sub: string; role: Role; sid: string }): Promise<{ token: string; jti: string; expiresIn: number }>;
  verify(token: string): Promise<AccessClaims>;
  jwks(): { keys: Record<string, unknown>[] };
}

/** A sliding-window counter (Redis); spent attempts can be given back. */
export interface AttemptLimiter {
  limit(
    bucket: string,
    identifier: string,
    max: number,
    windowSec: number,
  ): Promise<{ success: boolean; limit: number; remaining: number; reset: number; /** Let through because the store missed its deadline. */ timedOut?: boolean }>;
  refund(bucket: string, identifier: string, max: number, windowSec: number): Promise<void>;
}

export interface Warn {
  warn(msg: string, fields?: Record<string, unknown>): void;
}
