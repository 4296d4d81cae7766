/** Accounts and preferences in Postgres; erased accounts (deleted_at set) are invisible here. */
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { PiiCipher } from '../../lib/pii-cipher';
import type { Preferences, Role } from '../../schemas/accounts';
import type { UserRecord, UserRepository } from '../../services/accounts/ports';
import { dbCall, type Db } from '../client';
import { auditLog, platforms, userConsents, userPreferences, users } from '../schema';
import { CONSENT_DEFAULT, type Consent } from '../../schemas/accounts';

type UserRow = typeof users.$inferSelect;
type PrefsRow = typeof userPreferences.$inferSelect;

const UNIQUE_VIOLATION = '23505';

/** The columns' names are the ciphertexts' additional data. */
export const PII_COLUMNS = { email: 'users.email', displayName: 'users.display_name' } as const;

/** Email and display name are stored encrypted (lib/pii-cipher.ts); this decrypts them. */
export async function toUserRecord(r: UserRow, pii: PiiCipher): Promise<UserRecord> {
  return {
    id: r.id,
    email: await pii.decrypt(r.email, PII_COLUMNS.email),
    displayName: await pii.decryptNullable(r.displayName, PII_COLUMNS.displayName),
    role: r.role,
    emailVerified: r.emailVerified,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    passwordHash: r.passwordHash,
  };
}

export function toConsent(r: { personalisation: boolean | null; updatedAt: Date | null }): Consent {
  return {
    personalisation: r.personalisation ?? CONSENT_DEFAULT,
    updatedAt: r.updatedAt ? r.updatedAt.toISOString() : null,
  };
}

export function toPreferences(r: PrefsRow | undefined): Preferences {
  return {
    region: r?.region ?? 'US',
    genres: r?.genres ?? [],
    languages: r?.languages ?? [],
    platforms: r?.platforms ?? [],
    maxRating: (r?.maxMpaaRating ?? null) as Preferences['maxRating'],
    updatedAt: r ? r.updatedAt.toISOString() : null,
  };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 4; i++) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

const active = (id: string) => and(eq(users.id, id), isNull(users.deletedAt));

export function createUserRepository(db: Db, cipher: () => Promise<PiiCipher>): UserRepository {
  const findActive = async (id: string) => {
    const [row] = await dbCall(() => db.select().from(users).where(active(id)).limit(1));
    return row;
  };
  return {
    async create(input) {
      try {
        const pii = await cipher();
        const values = {
          email: await pii.encrypt(input.email, PII_COLUMNS.email),
          emailIndex: await pii.blindIndex(input.email),
          passwordHash: input.passwordHash,
          displayName: await pii.encryptNullable(input.displayName, PII_COLUMNS.displayName),
        };
        const [row] = await dbCall(() => db.insert(users).values(values).returning());
        return toUserRecord(row!, pii);
      } catch (err) {
        if (isUniqueViolation(err)) return 'email-taken';
        throw err;
      }
    },

    async findByEmail(email) {
      const pii = await cipher();
      const index = await pii.blindIndex(email);
      // By blind index; a row the backfill has not reached yet (plaintext, no index) by its text.
      const match = or(
        eq(users.emailIndex, index),
        and(isNull(users.emailIndex), sql`lower(${users.email}) = ${email.trim().toLowerCase()}`),
      );
      const [row] = await dbCall(() =>
        db
          .select()
          .from(users)
          .where(and(match, isNull(users.deletedAt)))
          .limit(1),
      );
      return row ? toUserRecord(row, pii) : null;
    },

    async findById(id) {
      const row = await findActive(id);
      return row ? toUserRecord(row, await cipher()) : null;
    },

    async promote(id, role, reason) {
      // One statement: the role changes and the audit line is written together, or neither.
      const [row] = await dbCall(() =>
        db.transaction(async (tx) => {
          const updated = await tx
            .update(users)
            .set({ role, updatedAt: new Date() })
            .where(active(id))
            .returning();
          if (updated[0])
            await tx
              .insert(auditLog)
              .values({ action: 'role.granted', subject: `user:${id}`, details: { role, reason } });
          return updated;
        }),
      );
      return row ? toUserRecord(row, await cipher()) : null;
    },

    async setPasswordHash(id, passwordHash) {
      await dbCall(() =>
        db.update(users).set({ passwordHash, updatedAt: new Date() }).where(active(id)),
      );
    },

    async updateProfile(id, patch) {
      const pii = await cipher();
      const displayName =
        patch.displayName === undefined
          ? undefined
          : await pii.encryptNullable(patch.displayName, PII_COLUMNS.displayName);
      const [row] = await dbCall(() =>
        db.update(users).set({ displayName, updatedAt: new Date() }).where(active(id)).returning(),
      );
      return row ? toUserRecord(row, pii) : null;
    },

    async getPreferences(userId) {
      const rows = await dbCall(() =>
        db
          .select({ user: users.id, prefs: userPreferences })
          .from(users)
          .leftJoin(userPreferences, eq(userPreferences.userId, users.id))
          .where(active(userId))
          .limit(1),
      );
      const row = rows[0];
      return row ? toPreferences(row.prefs ?? undefined) : null;
    },

    async savePreferences(userId, patch) {
      if (!(await findActive(userId))) return null;
      const set: Partial<typeof userPreferences.$inferInsert> = { updatedAt: new Date() };
      if (patch.region !== undefined) set.region = patch.region;
      if (patch.genres !== undefined) set.genres = patch.genres;
      if (patch.languages !== undefined) set.languages = patch.languages;
      if (patch.platforms !== undefined) set.platforms = patch.platforms;
      if (patch.maxRating !== undefined) set.maxMpaaRating = patch.maxRating;
      const [row] = await dbCall(() =>
        db
          .insert(userPreferences)
          .values({ userId, ...set })
          .onConflictDoUpdate({ target: userPreferences.userId, set })
          .returning(),
      );
      return toPreferences(row);
    },

    async getConsent(userId) {
      const [row] = await dbCall(() =>
        db
          .select({
            personalisation: userConsents.personalisation,
            updatedAt: userConsents.updatedAt,
          })
          .from(users)
          .leftJoin(userConsents, eq(userConsents.userId, users.id))
          .where(active(userId))
          .limit(1),
      );
      return row ? toConsent(row) : null;
    },

    async saveConsent(userId, personalisation) {
      return dbCall(() =>
        db.transaction(async (tx) => {
          const [user] = await tx
            .select({ id: users.id })
            .from(users)
            .where(active(userId))
            .limit(1);
          if (!user) return null;
          const [row] = await tx
            .insert(userConsents)
            .values({ userId, personalisation })
            .onConflictDoUpdate({
              target: userConsents.userId,
              set: { personalisation, updatedAt: sql`now()` },
            })
            .returning();
          // The record of who agreed to what and when (the audit log holds no personal data).
          await tx.insert(auditLog).values({
            action: personalisation
              ? 'consent.personalisation.given'
              : 'consent.personalisation.withdrawn',
            subject: `user:${userId}`,
            details: {},
          });
          return toConsent(row!);
        }),
      );
    },

    async unknownPlatforms(ids) {
      if (ids.length === 0) return [];
      const found = await dbCall(() =>
        db.select({ id: platforms.id }).from(platforms).where(inArray(platforms.id, ids)),
      );
      const known = new Set(found.map((r) => r.id));
      return ids.filter((id) => !known.has(id));
    },

    async list(page) {
      // Newest first; the cursor is the created_at of the last row (ms since epoch).
      const before = page.cursor ? new Date(page.cursor) : undefined;
      const rows = await dbCall(() =>
        db
          .select()
          .from(users)
          .where(before ? lt(users.createdAt, before) : undefined)
          .orderBy(desc(users.createdAt), desc(users.id))
          .limit(page.limit + 1),
      );
      const more = rows.length > page.limit;
      const pageRows = rows.slice(0, page.limit);
      const pii = await cipher();
      return {
        users: await Promise.all(
          pageRows.map(async (r) => {
            const { passwordHash: _omit, ...profile } = await toUserRecord(r, pii);
            return { ...profile, deletedAt: r.deletedAt ? r.deletedAt.toISOString() : null };
          }),
        ),
        nextCursor: more ? String(pageRows[pageRows.length - 1]!.createdAt.getTime()) : null,
      };
    },
  };
}

/** What search ranking may use about a signed-in user. */
export interface UserSearchPreferences {
  userId: string;
  role: Role;
  region: string;
  /** Whether the person saved preferences (else `region` is the US default, not their choice). */
  saved: boolean;
  platforms: string[];
  genres: string[];
  languages: string[];
  maxRating: Preferences['maxRating'];
  /** Consent to personalisation (search: tastes applied and searches kept under the account). */
  personalisation: boolean;
}

/**
 * Port for other services (search ranking): the user's platforms, region and tastes, or null
 * for an unknown or erased account. Defaults apply when the user saved none.
 */
export async function getUserPreferences(
  db: Db,
  userId: string,
): Promise<UserSearchPreferences | null> {
  const rows = await dbCall(() =>
    db
      .select({
        role: users.role,
        prefs: userPreferences,
        personalisation: userConsents.personalisation,
      })
      .from(users)
      .leftJoin(userPreferences, eq(userPreferences.userId, users.id))
      .leftJoin(userConsents, eq(userConsents.userId, users.id))
      .where(active(userId))
      .limit(1),
  );
  const row = rows[0];
  if (!row) return null;
  const p = toPreferences(row.prefs ?? undefined);
  const personalisation = row.personalisation ?? CONSENT_DEFAULT;
  return {
    userId,
    role: row.role,
    region: p.region,
    saved: row.prefs != null,
    platforms: p.platforms,
    genres: p.genres,
    languages: p.languages,
    maxRating: p.maxRating,
    personalisation,
  };
}
