/** Accounts and preferences in Postgres; erased accounts (deleted_at set) are invisible here. */
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Preferences, Role } from '../../schemas/accounts';
import type { UserRecord, UserRepository } from '../../services/accounts/ports';
import { dbCall, type Db } from '../client';
import { platforms, userPreferences, users } from '../schema';

type UserRow = typeof users.$inferSelect;
type PrefsRow = typeof userPreferences.$inferSelect;

const UNIQUE_VIOLATION = '23505';

export function toUserRecord(r: UserRow): UserRecord {
  return {
    id: r.id,
    email: r.email,
    displayName: r.displayName,
    role: r.role,
    emailVerified: r.emailVerified,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    passwordHash: r.passwordHash,
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

export function createUserRepository(db: Db): UserRepository {
  const findActive = async (id: string) => {
    const [row] = await dbCall(() => db.select().from(users).where(active(id)).limit(1));
    return row;
  };
  return {
    async create(input) {
      try {
        const [row] = await dbCall(() =>
          db.insert(users).values({ email: input.email, passwordHash: input.passwordHash, displayName: input.displayName }).returning(),
        );
        return toUserRecord(row!);
      } catch (err) {
        if (isUniqueViolation(err)) return 'email-taken';
        throw err;
      }
    },

    async findByEmail(email) {
      const [row] = await dbCall(() =>
        db.select().from(users).where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deletedAt))).limit(1),
      );
      return row ? toUserRecord(row) : null;
    },

    async findById(id) {
      const row = await findActive(id);
      return row ? toUserRecord(row) : null;
    },

    async setPasswordHash(id, passwordHash) {
      await dbCall(() => db.update(users).set({ passwordHash, updatedAt: new Date() }).where(active(id)));
    },

    async updateProfile(id, patch) {
      const [row] = await dbCall(() =>
        db.update(users).set({ displayName: patch.displayName, updatedAt: new Date() }).where(active(id)).returning(),
      );
      return row ? toUserRecord(row) : null;
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

    async unknownPlatforms(ids) {
      if (ids.length === 0) return [];
      const found = await dbCall(() => db.select({ id: platforms.id }).from(platforms).where(inArray(platforms.id, ids)));
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
      return {
        users: pageRows.map((r) => {
          const { passwordHash: _omit, ...profile } = toUserRecord(r);
          return { ...profile, deletedAt: r.deletedAt ? r.deletedAt.toISOString() : null };
        }),
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
  platforms: string[];
  genres: string[];
  languages: string[];
  maxRating: Preferences['maxRating'];
}

/**
 * Port for other services (search ranking): the user's platforms, region and tastes, or null
 * for an unknown or erased account. Defaults apply when the user saved none.
 */
export async function getUserPreferences(db: Db, userId: string): Promise<UserSearchPreferences | null> {
  const rows = await dbCall(() =>
    db
      .select({ role: users.role, prefs: userPreferences })
      .from(users)
      .leftJoin(userPreferences, eq(userPreferences.userId, users.id))
      .where(active(userId))
      .limit(1),
  );
  const row = rows[0];
  if (!row) return null;
  const p = toPreferences(row.prefs ?? undefined);
  return { userId, role: row.role, region: p.region, platforms: p.platforms, genres: p.genres, languages: p.languages, maxRating: p.maxRating };
}
