/**
 * Contracts for accounts: sign-in requests, the personal-data API and its responses.
 * Request objects strip unknown keys (zod's default), so fields a caller may not set
 * (role, email_verified, ids) never reach a service.
 */
import { z } from 'zod';
import { ContentIdSchema, RegionSchema } from './content';

export const ROLES = ['user', 'premium', 'admin', 'super_admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const RATING_LIMITS = ['G', 'PG', 'PG-13', 'R', 'NC-17'] as const;

export const EmailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be an email address'))
  .transform((e) => e.toLowerCase());

/** NIST 800-63B: at least 8 characters, allow long passphrases, cap the work a request can ask for. */
export const PasswordSchema = z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters');

const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'must not contain control characters');

export const RegisterBodySchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: DisplayNameSchema.optional(),
});
export type RegisterBody = z.infer<typeof RegisterBodySchema>;

/** Login takes any password up to the cap: a policy change must not lock out old accounts. */
export const LoginBodySchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const RefreshTokenSchema = z
  .string()
  .min(32)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a refresh token');
export const RefreshBodySchema = z.object({ refreshToken: RefreshTokenSchema });

export const UserIdSchema = z.uuid('must be a user id (UUID)');
export const UserIdParamsSchema = z.object({ id: UserIdSchema });
export const ContentIdParamsSchema = z.object({ contentId: ContentIdSchema });

/** The only profile field a caller sets; everything else in the body is dropped. */
export const UserPatchBodySchema = z.object({ displayName: DisplayNameSchema.nullable().optional() });
export type UserPatch = z.infer<typeof UserPatchBodySchema>;

const tag = (label: string, re: RegExp) =>
  z
    .string()
    .trim()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(re, `must be ${label}`));

/** Consent to personalisation. Accounts that never answered have the default. */
export const CONSENT_DEFAULT = true;
export const ConsentBodySchema = z.strictObject({ personalisation: z.boolean() });
export interface Consent {
  personalisation: boolean;
  /** When the person last gave or withdrew it; null: never (the default applies). */
  updatedAt: string | null;
}

export const PreferencesBodySchema = z.object({
  genres: z.array(tag('a genre name', /^[a-z0-9][a-z0-9 &'-]{0,39}$/)).max(30).optional(),
  languages: z.array(tag('a two-letter language code', /^[a-z]{2}$/)).max(20).optional(),
  platforms: z.array(tag('a platform id', /^[a-z0-9][a-z0-9-]{0,39}$/)).max(30).optional(),
  region: RegionSchema.optional(),
  maxRating: z.enum(RATING_LIMITS).nullable().optional(),
});
export type PreferencesPatch = z.infer<typeof PreferencesBodySchema>;

export const WatchlistBodySchema = z.object({ contentId: ContentIdSchema });
export const RatingBodySchema = z.object({ score: z.number().int('must be a whole number').min(0).max(10) });
/** A fraction watched, kept to 4 decimals: 1e-150 would underflow the float4 column (a 500, found by the fuzz). */
export const HistoryBodySchema = z.object({
  contentId: ContentIdSchema,
  progress: z.number().min(0).max(1).transform((p) => Math.round(p * 10_000) / 10_000).optional(),
});

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque: the id of the last entry of the previous page. */
  cursor: z.coerce.number().int().positive().optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

// Response shapes (what the services return).
export interface UserProfile {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  emailVerified: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Preferences {
  region: string;
  genres: string[];
  languages: string[];
  platforms: string[];
  maxRating: (typeof RATING_LIMITS)[number] | null;
  updatedAt: string | null;
}

export interface WatchlistItem {
  contentId: string;
  title: string;
  releaseYear: number | null;
  addedAt: string;
}

export interface RatingEntry {
  contentId: string;
  title: string;
  score: number;
  ratedAt: string;
}

export interface HistoryEntry {
  id: number;
  contentId: string;
  title: string;
  kind: 'view' | 'complete' | 'click';
  progress: number | null;
  occurredAt: string;
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export interface UserExport {
  format: 'marquee-user-export/v1';
  exportedAt: string;
  profile: UserProfile;
  preferences: Preferences | null;
  consent: Consent;
  watchlist: WatchlistItem[];
  ratings: RatingEntry[];
  history: HistoryEntry[];
  searchHistory: { query: string; region: string; intent: string | null; resultCount: number; searchedAt: string }[];
  sessions: { createdAt: string; expiresAt: string; rotatedAt: string | null; revokedAt: string | null }[];
  notifications: { contentId: string; kind: string; platformId: string; region: string; createdAt: string; readAt: string | null }[];
}
