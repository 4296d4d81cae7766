/** Refresh-token families in Postgres: rotation and reuse detection are single transactions. */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { RefreshTokenStore, RotateOutcome } from '../../services/accounts/ports';
import { dbCall, type Db } from '../client';
import { refreshTokens, users } from '../schema';

export function createRefreshTokenStore(db: Db): RefreshTokenStore {
  return {
    async insert(input) {
      await dbCall(() => db.insert(refreshTokens).values(input));
    },

    async rotate(tokenHash, successor) {
      return dbCall(() =>
        db.transaction(async (tx): Promise<RotateOutcome> => {
          // Claims the token only if it is live and its account is active; the row lock makes
          // two concurrent uses of one token resolve as one rotation and one reuse.
          const [claimed] = await tx
            .update(refreshTokens)
            .set({ rotatedAt: sql`now()` })
            .from(users)
            .where(
              and(
                eq(refreshTokens.tokenHash, tokenHash),
                isNull(refreshTokens.rotatedAt),
                isNull(refreshTokens.revokedAt),
                gt(refreshTokens.expiresAt, sql`now()`),
                eq(users.id, refreshTokens.userId),
                isNull(users.deletedAt),
              ),
            )
            .returning({
              userId: refreshTokens.userId,
              familyId: refreshTokens.familyId,
              role: users.role,
            });
          if (claimed) {
            await tx
              .insert(refreshTokens)
              .values({ userId: claimed.userId, familyId: claimed.familyId, ...successor });
            return { status: 'rotated', ...claimed };
          }
          const [seen] = await tx
            .select({
              userId: refreshTokens.userId,
              familyId: refreshTokens.familyId,
              rotatedAt: refreshTokens.rotatedAt,
              revokedAt: refreshTokens.revokedAt,
            })
            .from(refreshTokens)
            .where(eq(refreshTokens.tokenHash, tokenHash))
            .limit(1);
          if (seen?.rotatedAt && !seen.revokedAt) {
            await tx
              .update(refreshTokens)
              .set({ revokedAt: sql`now()` })
              .where(
                and(eq(refreshTokens.familyId, seen.familyId), isNull(refreshTokens.revokedAt)),
              );
            return { status: 'reused', userId: seen.userId, familyId: seen.familyId };
          }
          return { status: 'invalid' };
        }),
      );
    },

    async revokeFamily(familyId) {
      await dbCall(() =>
        db
          .update(refreshTokens)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt))),
      );
    },
  };
}
