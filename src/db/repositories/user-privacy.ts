/** The privacy rights: export everything held about a user; erase it in one transaction. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { PrivacyRepository } from '../../services/accounts/ports';
import { dbCall, type Db } from '../client';
import { auditLog, notifications, refreshTokens, searchHistory, userConsents, userHistory, userPreferences, users, watchlist, ratings } from '../schema';
import { createActivityRepository } from './user-activity';
import { toConsent, toPreferences, toUserRecord } from './users';
import type { PiiCipher } from '../../lib/pii-cipher';
import { SEARCH_PII_COLUMNS } from './search-history';

/** What an erased account's email becomes: unique, and says nothing about the person. */
const erasedEmail = () => `erased-${crypto.randomUUID()}@erased.invalid`;
/** Not a PHC string, so no password can ever match it. */
const UNUSABLE_PASSWORD = '!erased';
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function createPrivacyRepository(db: Db, cipher: () => Promise<PiiCipher>): PrivacyRepository {
  const activity = createActivityRepository(db);
  return {
    async exportUser(userId) {
      const [user] = await dbCall(() => db.select().from(users).where(and(eq(users.id, userId), isNull(users.deletedAt))).limit(1));
      if (!user) return null;
      const [prefs, consent, watch, rated, searches, sessions, notes] = await Promise.all([
        dbCall(() => db.select().from(userPreferences).where(eq(userPreferences.userId, userId)).limit(1)),
        dbCall(() => db.select().from(userConsents).where(eq(userConsents.userId, userId)).limit(1)),
        activity.listWatchlist(userId),
        activity.listRatings(userId),
        dbCall(() => db.select().from(searchHistory).where(eq(searchHistory.userId, userId)).orderBy(desc(searchHistory.searchedAt))),
        dbCall(() => db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId)).orderBy(desc(refreshTokens.createdAt))),
        dbCall(() => db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt))),
      ]);
      // All of it: history is not paged in an export.
      const history = await activity.listHistory(userId, { limit: 1_000_000 });
      // Exports decrypt: the person gets their own words back.
      const pii = await cipher();
      const { passwordHash: _omit, ...profile } = await toUserRecord(user, pii);
      return {
        profile,
        preferences: prefs[0] ? toPreferences(prefs[0]) : null,
        consent: toConsent(consent[0] ?? { personalisation: null, updatedAt: null }),
        watchlist: watch,
        ratings: rated,
        history: history.entries,
        searchHistory: await Promise.all(searches.map(async (s) => ({
          query: await pii.decrypt(s.query, SEARCH_PII_COLUMNS.query),
          region: s.region,
          intent: s.intent,
          resultCount: s.resultCount,
          searchedAt: s.searchedAt.toISOString(),
        }))),
        sessions: sessions.map((t) => ({
          createdAt: t.createdAt.toISOString(),
          expiresAt: t.expiresAt.toISOString(),
          rotatedAt: isoOrNull(t.rotatedAt),
          revokedAt: isoOrNull(t.revokedAt),
        })),
        notifications: notes.map((n) => ({
          contentId: n.contentId,
          kind: n.kind,
          platformId: n.platformId,
          region: n.region,
          createdAt: n.createdAt.toISOString(),
          readAt: isoOrNull(n.readAt),
        })),
      };
    },

    async searchContributions(userId, days) {
      const rows = await dbCall(() =>
        db
          .select({ q: searchHistory.normalizedQuery, at: searchHistory.searchedAt })
          .from(searchHistory)
          .where(and(eq(searchHistory.userId, userId), sql`${searchHistory.searchedAt} > now() - make_interval(days => ${days})`)),
      );
      if (rows.length === 0) return [];
      const pii = await cipher();
      return Promise.all(rows.map(async (r) => ({ normalizedQuery: await pii.decrypt(r.q, SEARCH_PII_COLUMNS.normalizedQuery), day: r.at.toISOString().slice(0, 10) })));
    },

    async eraseUser(userId, audit) {
      return dbCall(() =>
        db.transaction(async (tx) => {
          // Locks the row: a concurrent erasure waits, then finds nothing to do.
          const [user] = await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.id, userId), isNull(users.deletedAt)))
            .for('update');
          if (!user) return null;
          const count = async (q: PromiseLike<unknown[]>) => (await q).length;
          const receipt = {
            history: await count(tx.delete(userHistory).where(eq(userHistory.userId, userId)).returning({ id: userHistory.id })),
            ratings: await count(tx.delete(ratings).where(eq(ratings.userId, userId)).returning({ id: ratings.contentId })),
            watchlist: await count(tx.delete(watchlist).where(eq(watchlist.userId, userId)).returning({ id: watchlist.contentId })),
            searchHistory: await count(tx.delete(searchHistory).where(eq(searchHistory.userId, userId)).returning({ id: searchHistory.id })),
            // Deleted, not only revoked: a session row would keep the person's id.
            sessionsRevoked: await count(tx.delete(refreshTokens).where(eq(refreshTokens.userId, userId)).returning({ id: refreshTokens.id })),
          };
          await tx.delete(userPreferences).where(eq(userPreferences.userId, userId));
          await tx.delete(notifications).where(eq(notifications.userId, userId));
          await tx
            .update(users)
            .set({
              email: erasedEmail(),
              // The blind index would still tell whether an address had an account.
              emailIndex: null,
              passwordHash: UNUSABLE_PASSWORD,
              displayName: null,
              emailVerified: false,
              deletedAt: sql`now()`,
              updatedAt: sql`now()`,
            })
            .where(eq(users.id, userId));
          // Last, so that a failure anywhere above (or here) leaves nothing half-written.
          await tx.insert(auditLog).values({ action: audit.action, subject: audit.subject, details: { ...audit.details, removed: receipt } });
          return receipt;
        }),
      );
    },
  };
}
