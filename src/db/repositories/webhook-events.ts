/** Webhook event ids seen (the replay guard's durable half); the cron forgets them after a day. */
import { eq } from 'drizzle-orm';
import type { ReplayRecord } from '../../services/availability/ports';
import { dbCall, type Db } from '../client';
import { webhookEvents } from '../schema';

export function createReplayRecord(db: Db): ReplayRecord {
  return {
    async claim(key) {
      const rows = await dbCall(() => db.insert(webhookEvents).values({ key }).onConflictDoNothing().returning({ key: webhookEvents.key }));
      return rows.length > 0;
    },
    async release(key) {
      await dbCall(() => db.delete(webhookEvents).where(eq(webhookEvents.key, key)));
    },
  };
}
