/**
 * A user's own data: profile, preferences, watchlist, ratings, viewing history, and the
 * privacy rights over it (export everything, erase everything). Who may call these is
 * decided before (the route's access check); what an admin may change is decided here.
 */
import { AppError } from '../../lib/errors';
import type {
  PageQuery,
  PreferencesPatch,
  Role,
  UserExport,
  UserPatch,
} from '../../schemas/accounts';
import { bestEffort, toProfile } from './auth';
import type {
  ActivityRepository,
  ErasureReceipt,
  Missing,
  PrivacyRepository,
  SearchContribution,
  TokenDenylist,
  UserRepository,
  Warn,
} from './ports';
import { mayManage } from './roles';

export interface PersonalDataDeps {
  users: UserRepository;
  activity: ActivityRepository;
  privacy: PrivacyRepository;
  denylist: TokenDenylist;
  accessTtlSec: number;
  log: Warn;
  /** What else happens around these writes (wired in src/container/accounts.ts). */
  hooks?: Partial<PersonalDataHooks>;
}

/**
 * The answers to "what happens after I rate a film?" and "what does an export wait for?".
 * Each hook runs after the write it follows has succeeded.
 */
export interface PersonalDataHooks {
  /**
   * After a taste write (preferences, watchlist, rating, viewing history): the person's cached
   * recommendations are forgotten and their default list is computed again in the background
   * (services/recommendations/taste-changed.ts).
   */
  tasteChanged(userId: string): Promise<void>;
  /** After an erasure: the account's cached recommendations are forgotten. */
  erased(userId: string): Promise<void>;
  /**
   * Before an export or an erasure reads the account's data: searches still on their way to
   * search_history (the search log) are stored first, so the export holds them and the erasure
   * removes them (services/search/search-log.ts).
   */
  beforeExportOrErasure(): Promise<unknown>;
  /**
   * After an erasure: the person's searches are taken out of the days' popular-search counts
   * (search log, Redis), which keep `popularDays` days.
   */
  forgetSearches?: { popularDays: number; forget(searches: SearchContribution[]): Promise<void> };
}

export interface Caller {
  id: string;
  role: Role;
  jti: string;
  exp: number;
}

const noUser = () => new AppError('NOT_FOUND', 'No such user');

function orNotFound<T>(result: T | Missing, contentId: string): T {
  if (result === 'no-user') throw noUser();
  if (result === 'no-content') throw new AppError('NOT_FOUND', `No title with id "${contentId}"`);
  return result;
}

export async function getProfile(deps: PersonalDataDeps, userId: string) {
  const user = await deps.users.findById(userId);
  if (!user) throw noUser();
  return toProfile(user);
}

export async function updateProfile(
  deps: PersonalDataDeps,
  caller: Caller,
  userId: string,
  patch: UserPatch,
) {
  const target = await deps.users.findById(userId);
  if (!target) throw noUser();
  if (!mayManage(caller.role, target.role))
    throw new AppError('FORBIDDEN', 'You may not change an account with a higher role');
  if (patch.displayName === undefined) return toProfile(target);
  const updated = await deps.users.updateProfile(userId, { displayName: patch.displayName });
  if (!updated) throw noUser();
  return toProfile(updated);
}

export async function getPreferences(deps: PersonalDataDeps, userId: string) {
  const prefs = await deps.users.getPreferences(userId);
  if (!prefs) throw noUser();
  return prefs;
}

/**
 * `regionIfFirst`: the region to store when the person saves preferences for the first time
 * without naming one (where their request comes from), not the table's US default.
 */
export async function savePreferences(
  deps: PersonalDataDeps,
  userId: string,
  patch: PreferencesPatch,
  opts: { regionIfFirst?: PreferencesPatch['region'] } = {},
) {
  if (patch.platforms?.length) {
    const unknown = await deps.users.unknownPlatforms(patch.platforms);
    if (unknown.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Invalid body: platforms has unknown ids: ${unknown.join(', ')}`,
        {
          details: unknown.map((id) => ({
            path: 'platforms',
            message: `unknown platform "${id}"`,
          })),
        },
      );
    }
  }
  const dedupe = (xs?: string[]) => (xs ? [...new Set(xs)] : undefined);
  let region = patch.region;
  if (region === undefined && opts.regionIfFirst) {
    const current = await deps.users.getPreferences(userId);
    if (current && !current.updatedAt) region = opts.regionIfFirst;
  }
  const saved = await deps.users.savePreferences(userId, {
    ...patch,
    ...(region ? { region } : {}),
    genres: dedupe(patch.genres),
    languages: dedupe(patch.languages),
    platforms: dedupe(patch.platforms),
  });
  if (!saved) throw noUser();
  await deps.hooks?.tasteChanged?.(userId);
  return saved;
}

/** A write to the person's taste: a 404 when the person or title is missing, else the hook after it. */
async function tasteWrite<T>(
  deps: PersonalDataDeps,
  userId: string,
  contentId: string,
  write: Promise<T | Missing>,
): Promise<T> {
  const result = orNotFound(await write, contentId);
  await deps.hooks?.tasteChanged?.(userId);
  return result;
}

export async function addToWatchlist(deps: PersonalDataDeps, userId: string, contentId: string) {
  return tasteWrite(deps, userId, contentId, deps.activity.addToWatchlist(userId, contentId));
}

export async function removeFromWatchlist(
  deps: PersonalDataDeps,
  userId: string,
  contentId: string,
) {
  return tasteWrite(deps, userId, contentId, deps.activity.removeFromWatchlist(userId, contentId));
}

/** Lists need the account to exist: an erased or unknown id is a 404, not an empty list. */
async function requireUser(deps: PersonalDataDeps, userId: string): Promise<void> {
  if (!(await deps.users.findById(userId))) throw noUser();
}

export async function listWatchlist(deps: PersonalDataDeps, userId: string) {
  await requireUser(deps, userId);
  return deps.activity.listWatchlist(userId);
}

export async function rate(
  deps: PersonalDataDeps,
  userId: string,
  contentId: string,
  score: number,
) {
  return tasteWrite(deps, userId, contentId, deps.activity.rate(userId, contentId, score));
}

export async function listRatings(deps: PersonalDataDeps, userId: string) {
  await requireUser(deps, userId);
  return deps.activity.listRatings(userId);
}

export async function recordView(
  deps: PersonalDataDeps,
  userId: string,
  contentId: string,
  progress?: number,
) {
  return tasteWrite(
    deps,
    userId,
    contentId,
    deps.activity.recordView(userId, contentId, progress ?? null),
  );
}

export async function listHistory(deps: PersonalDataDeps, userId: string, page: PageQuery) {
  await requireUser(deps, userId);
  return deps.activity.listHistory(userId, page);
}

export async function getConsent(deps: PersonalDataDeps, userId: string) {
  const consent = await deps.users.getConsent(userId);
  if (!consent) throw noUser();
  return consent;
}

/**
 * Gives or withdraws consent to personalisation. Withdrawn: recommendations stop reading the
 * person's activity (popular titles in their region instead), their searches are kept without
 * their account, and their signals leave the shared models at the next refresh.
 */
export async function setConsent(deps: PersonalDataDeps, userId: string, personalisation: boolean) {
  const consent = await deps.users.saveConsent(userId, personalisation);
  if (!consent) throw noUser();
  // Cached recommendations were computed under the old answer.
  await deps.hooks?.tasteChanged?.(userId);
  return consent;
}

export async function exportData(deps: PersonalDataDeps, userId: string): Promise<UserExport> {
  await deps.hooks?.beforeExportOrErasure?.();
  const data = await deps.privacy.exportUser(userId);
  if (!data) throw noUser();
  return { format: 'marquee-user-export/v1', exportedAt: new Date().toISOString(), ...data };
}

/**
 * Erases an account (right to erasure). The database part is one transaction; then the
 * account's access tokens are refused (best effort: Redis may be down, and the database
 * already refuses an erased account on every personal route).
 */
export async function eraseAccount(
  deps: PersonalDataDeps,
  caller: Caller,
  userId: string,
): Promise<ErasureReceipt> {
  const target = await deps.users.findById(userId);
  if (!target) throw noUser();
  if (!mayManage(caller.role, target.role))
    throw new AppError('FORBIDDEN', 'You may not erase an account with a higher role');
  const self = caller.id === userId;
  await deps.hooks?.beforeExportOrErasure?.();
  // Read before the rows go: what the person added to the popular-search counts.
  const forget = deps.hooks?.forgetSearches;
  const searches = forget ? await deps.privacy.searchContributions(userId, forget.popularDays) : [];
  const receipt = await deps.privacy.eraseUser(userId, {
    action: 'user.erased',
    // An opaque id only: the row it names holds no personal data any more.
    subject: `user:${userId}`,
    details: { requestedBy: self ? 'self' : caller.role },
  });
  if (!receipt) throw noUser();
  await deps.hooks?.erased?.(userId);
  if (forget && searches.length)
    await bestEffort(deps, 'forget popular-search contributions', () => forget.forget(searches));
  await bestEffort(deps, 'deny erased user', () =>
    deps.denylist.revokeUser(userId, deps.accessTtlSec),
  );
  if (self) {
    const ttl = Math.max(1, caller.exp - Math.floor(Date.now() / 1000));
    await bestEffort(deps, 'deny access token at erasure', () =>
      deps.denylist.revokeToken(caller.jti, ttl),
    );
  }
  return receipt;
}
