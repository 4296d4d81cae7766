import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChangeEvent, OfferValue } from '../../services/availability/detect-changes';
import { detectChanges } from '../../services/availability/detect-changes';
import type { AvailabilityRepository } from '../../services/availability/ports';
import type { PiiCipher } from '../../lib/pii-cipher';
import { dbCall, type Db } from '../client';
import { auditLog, availabilityChanges, content, platformAvailability, platforms } from '../schema';

function toOfferValue(o: typeof platformAvailability.$inferSelect): OfferValue {
  return {
    priceTier: o.priceTier,
    amount: o.amount === null ? null : Number(o.amount),
    currency: o.currency,
    url: o.url,
    quality: o.quality,
    leavingAt: o.leavingAt ? o.leavingAt.toISOString() : null,
  };
}

/**
 * `cipher` decrypts the platforms' webhook secrets (stored encrypted, lib/pii-cipher.ts); only
 * webhookSecret needs it (scripts reading availability pass none).
 */
export function createAvailabilityRepository(db: Db, cipher?: () => Promise<PiiCipher>): AvailabilityRepository {
  return {
    async webhookSecret(platformId) {
      const rows = await dbCall(() => db.select({ secret: platforms.webhookSecret }).from(platforms).where(eq(platforms.id, platformId)).limit(1));
      if (!rows[0]) return undefined;
      const secret = rows[0].secret;
      if (!secret) return secret;
      if (!cipher) throw new Error('webhook secrets need the PII cipher');
      return (await cipher()).decrypt(secret, 'platforms.webhook_secret');
    },

    async storedOffers(contentId, region) {
      const rows = await dbCall(() =>
        db
          .select({ o: platformAvailability, name: platforms.name })
          .from(platformAvailability)
          .innerJoin(platforms, eq(platforms.id, platformAvailability.platformId))
          .where(and(eq(platformAvailability.contentId, contentId), eq(platformAvailability.region, region)))
          .orderBy(platformAvailability.platformId, platformAvailability.priceTier),
      );
      return rows.map(({ o, name }) => ({ ...toOfferValue(o), platformId: o.platformId, platformName: name, lastVerifiedAt: o.lastVerifiedAt.toISOString() }));
    },

    async platformsIn(region) {
      const rows = await dbCall(() =>
        db.select({ id: platforms.id }).from(platforms).where(and(eq(platforms.active, true), sql`${region} = any(${platforms.regions})`)).orderBy(platforms.id),
      );
      return rows.map((r) => r.id);
    },

    async titleRef(contentId) {
      const rows = await dbCall(() =>
        db.execute(sql`select c.title, c.release_year as year,
            (select e.external_id from content_external_ids e where e.content_id = c.id and e.source = 'tmdb' limit 1) as tmdb,
            (select e.external_id from content_external_ids e where e.content_id = c.id and e.source = 'watchmode' limit 1) as watchmode
          from content c where c.id = ${contentId}`),
      );
      const r = rows.rows[0] as { title: string; year: number | null; tmdb: string | null; watchmode: string | null } | undefined;
      if (!r) return null;
      return {
        title: r.title,
        year: r.year === null ? null : Number(r.year),
        ...(r.tmdb ? { tmdbId: Number(r.tmdb) } : {}),
        ...(r.watchmode ? { watchmodeId: Number(r.watchmode) } : {}),
      };
    },

    async contentExists(contentId) {
      const rows = await dbCall(() => db.select({ id: content.id }).from(content).where(eq(content.id, contentId)).limit(1));
      return rows.length > 0;
    },

    async existingContentIds(ids) {
      if (!ids.length) return [];
      const rows = await dbCall(() => db.select({ id: content.id }).from(content).where(inArray(content.id, ids)));
      return rows.map((r) => r.id);
    },

    async titleCount() {
      const r = await dbCall(() => db.execute(sql`select count(*)::int as n from content`));
      return Number((r.rows[0] as { n: unknown }).n);
    },

    async titlesByPriority(offset, limit) {
      const r = await dbCall(() =>
        db.execute(sql`
          select c.id from content c
          left join (select content_id, count(*) as n from watchlist group by content_id) w on w.content_id = c.id
          left join (select content_id, count(*) as n from user_history where occurred_at > now() - interval '30 days' group by content_id) h on h.content_id = c.id
          left join (select content_id, count(*) as n from ratings where rated_at > now() - interval '30 days' group by content_id) r on r.content_id = c.id
          order by (coalesce(w.n, 0) * 3 + coalesce(h.n, 0) * 2 + coalesce(r.n, 0) + c.popularity * 5
                    + case when c.release_year >= (select max(release_year) - 2 from content) then 3 else 0 end) desc, c.id
          offset ${offset} limit ${limit}`),
      );
      return (r.rows as { id: string }[]).map((x) => x.id);
    },

    async recordDeadLetter(messageId, reason, body) {
      // Availability messages carry no personal data, so the body is kept for replay by hand.
      await dbCall(() => db.insert(auditLog).values({ action: 'availability_dead_letter', subject: messageId, details: { reason, body } }));
    },

    applySnapshot: (input) =>
      dbCall(() =>
        db.transaction(async (tx) => {
          const where = and(
            eq(platformAvailability.contentId, input.contentId),
            eq(platformAvailability.platformId, input.platformId),
            eq(platformAvailability.region, input.region),
          );
          // Row locks serialise two deliveries of the same platform/title/region.
          const stored = await tx.select().from(platformAvailability).where(where).for('update');
          const before: OfferValue[] = stored.map(toOfferValue);
          const events: ChangeEvent[] = detectChanges(before, input.offers, input.now);
          const removed = events.filter((e) => e.kind === 'removed').map((e) => e.priceTier);
          if (removed.length) {
            await tx.delete(platformAvailability).where(and(where, sql`${platformAvailability.priceTier}::text = any(${sql.param(removed)}::text[])`));
          }
          for (const o of input.offers) {
            await tx
              .insert(platformAvailability)
              .values({
                contentId: input.contentId, platformId: input.platformId, region: input.region, priceTier: o.priceTier,
                amount: o.amount, currency: o.currency, url: o.url, quality: o.quality,
                leavingAt: o.leavingAt ? new Date(o.leavingAt) : null, source: input.source, lastVerifiedAt: input.now,
              })
              .onConflictDoUpdate({
                target: [platformAvailability.contentId, platformAvailability.platformId, platformAvailability.region, platformAvailability.priceTier],
                set: {
                  amount: o.amount, currency: o.currency, url: o.url, quality: o.quality,
                  leavingAt: o.leavingAt ? new Date(o.leavingAt) : null, source: input.source, lastVerifiedAt: input.now,
                },
              });
          }
          let notifiedUserIds: string[] = [];
          if (events.length) {
            // Everyone with the title on their watchlist hears about it, in the same transaction.
            const notified = await tx.execute(sql`
              insert into notifications (user_id, content_id, kind, platform_id, region, details)
              select w.user_id, ${input.contentId}, e.kind::availability_change_kind, ${input.platformId}, ${input.region}, e.details
                from watchlist w
                cross join jsonb_to_recordset(${JSON.stringify(events.map((e) => ({ kind: e.kind, details: { priceTier: e.priceTier, before: e.before, after: e.after } })))}::jsonb)
                  as e(kind text, details jsonb)
               where w.content_id = ${input.contentId}
              returning user_id`);
            notifiedUserIds = [...new Set((notified.rows as { user_id: string }[]).map((r) => String(r.user_id)))];
            await tx.insert(availabilityChanges).values(
              events.map((e) => ({
                contentId: input.contentId, platformId: input.platformId, region: input.region, kind: e.kind,
                priceTier: e.priceTier, before: e.before, after: e.after, detectedAt: input.now,
              })),
            );
          }
          return { events, notifiedUserIds };
        }),
      ),
  };
}
