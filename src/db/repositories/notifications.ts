import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { dbCall, type Db } from '../client';
import { content, notifications, platforms } from '../schema';

export interface NotificationView {
  id: number;
  contentId: string;
  title: string;
  kind: string;
  platformId: string;
  platformName: string;
  region: string;
  details: unknown;
  createdAt: string;
  read: boolean;
}

export function createNotificationRepository(db: Db) {
  return {
    async list(
      userId: string,
      opts: { unreadOnly: boolean; limit: number },
    ): Promise<{ items: NotificationView[]; unread: number }> {
      const where = opts.unreadOnly
        ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
        : eq(notifications.userId, userId);
      const [rows, unread] = await Promise.all([
        dbCall(() =>
          db
            .select({ n: notifications, title: content.title, platformName: platforms.name })
            .from(notifications)
            .innerJoin(content, eq(content.id, notifications.contentId))
            .innerJoin(platforms, eq(platforms.id, notifications.platformId))
            .where(where)
            .orderBy(desc(notifications.createdAt), desc(notifications.id))
            .limit(opts.limit),
        ),
        dbCall(() =>
          db
            .select({ n: sql<number>`count(*)::int` })
            .from(notifications)
            .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
        ),
      ]);
      return {
        unread: unread[0]?.n ?? 0,
        items: rows.map(({ n, title, platformName }) => ({
          id: n.id,
          contentId: n.contentId,
          title,
          kind: n.kind,
          platformId: n.platformId,
          platformName,
          region: n.region,
          details: n.details,
          createdAt: n.createdAt.toISOString(),
          read: n.readAt !== null,
        })),
      };
    },
    async markRead(userId: string, ids?: number[]): Promise<number> {
      const where = ids?.length
        ? and(
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
            inArray(notifications.id, ids),
          )
        : and(eq(notifications.userId, userId), isNull(notifications.readAt));
      const r = await dbCall(() =>
        db
          .update(notifications)
          .set({ readAt: new Date() })
          .where(where)
          .returning({ id: notifications.id }),
      );
      return r.length;
    },
  };
}
