/**
 * Watchlist, ratings and viewing history. Each write is one statement that also tells whether
 * the account (active) and the title exist, so an unknown id costs no extra round trip.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { HistoryEntry, RatingEntry, WatchlistItem } from '../../schemas/accounts';
import type { ActivityRepository, Missing } from '../../services/accounts/ports';
import { dbCall, type Db } from '../client';

type Row = Record<string, unknown>;
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Leading CTEs: `u` is the active account, `c` the title. */
const target = (userId: string, contentId: string) => sql`
  u as (select id from users where id = ${userId}::uuid and deleted_at is null),
  c as (select id, title, release_year from content where id = ${contentId})`;

function missing(row: Row): Missing | null {
  if (Number(row.user_ok) === 0) return 'no-user';
  if (Number(row.content_ok) === 0) return 'no-content';
  return null;
}

export function createActivityRepository(db: Db): ActivityRepository {
  const one = async (q: SQL): Promise<Row> => (await dbCall(() => db.execute(q))).rows[0] as Row;
  const all = async (q: SQL): Promise<Row[]> => (await dbCall(() => db.execute(q))).rows as Row[];

  return {
    async addToWatchlist(userId, contentId) {
      // A data-modifying CTE is invisible to the rest of the statement: `w` is the row from before.
      const row = await one(sql`
        with ${target(userId, contentId)},
        ins as (insert into watchlist (user_id, content_id) select u.id, c.id from u, c on conflict do nothing returning added_at)
        select (select count(*) from u)::int as user_ok, (select count(*) from c)::int as content_ok,
               c.title, c.release_year, (select count(*) from ins)::int as inserted,
               coalesce((select added_at from ins),
                        (select w.added_at from watchlist w where w.user_id = ${userId}::uuid and w.content_id = ${contentId})) as added_at
          from (select 1) one left join c on true`);
      const miss = missing(row);
      if (miss) return miss;
      const item: WatchlistItem = {
        contentId,
        title: String(row.title),
        releaseYear: numOrNull(row.release_year),
        addedAt: iso(row.added_at),
      };
      return { added: Number(row.inserted) > 0, item };
    },

    async removeFromWatchlist(userId, contentId) {
      const row = await one(sql`
        with ${target(userId, contentId)},
        del as (delete from watchlist w using u where w.user_id = u.id and w.content_id = ${contentId} returning 1)
        select (select count(*) from u)::int as user_ok, (select count(*) from c)::int as content_ok, (select count(*) from del)::int as removed`);
      return missing(row) ?? { removed: Number(row.removed) > 0 };
    },

    async listWatchlist(userId) {
      const rows = await all(sql`
        select w.content_id, c.title, c.release_year, w.added_at,
               (select coalesce(json_agg(json_build_object('platformId', a.platform_id, 'platformName', p.name, 'priceTier', a.price_tier,
                                                           'url', a.url, 'leavingAt', a.leaving_at) order by a.price_tier, p.name), '[]'::json)
                  from platform_availability a join platforms p on p.id = a.platform_id
                 where a.content_id = c.id
                   and a.region = coalesce((select region from user_preferences up where up.user_id = w.user_id), 'US')) as availability
          from watchlist w join content c on c.id = w.content_id
         where w.user_id = ${userId}::uuid order by w.added_at desc, w.content_id`);
      return rows.map((r) => ({
        contentId: String(r.content_id),
        title: String(r.title),
        releaseYear: numOrNull(r.release_year),
        addedAt: iso(r.added_at),
        availability: (
          (typeof r.availability === 'string'
            ? JSON.parse(r.availability)
            : r.availability) as NonNullable<WatchlistItem['availability']>
        ).map((o) => ({
          ...o,
          leavingAt: o.leavingAt ? new Date(o.leavingAt).toISOString() : null,
        })),
      }));
    },

    async rate(userId, contentId, score) {
      const row = await one(sql`
        with ${target(userId, contentId)},
        up as (insert into ratings (user_id, content_id, score) select u.id, c.id, ${score}::smallint from u, c
               on conflict (user_id, content_id) do update set score = excluded.score, rated_at = now()
               returning score, rated_at)
        select (select count(*) from u)::int as user_ok, (select count(*) from c)::int as content_ok, c.title, up.score, up.rated_at
          from (select 1) one left join c on true left join up on true`);
      const miss = missing(row);
      if (miss) return miss;
      const entry: RatingEntry = {
        contentId,
        title: String(row.title),
        score: Number(row.score),
        ratedAt: iso(row.rated_at),
      };
      return entry;
    },

    async listRatings(userId) {
      const rows = await all(sql`
        select r.content_id, c.title, r.score, r.rated_at
          from ratings r join content c on c.id = r.content_id
         where r.user_id = ${userId}::uuid order by r.rated_at desc, r.content_id`);
      return rows.map((r) => ({
        contentId: String(r.content_id),
        title: String(r.title),
        score: Number(r.score),
        ratedAt: iso(r.rated_at),
      }));
    },

    async recordView(userId, contentId, progress) {
      const row = await one(sql`
        with ${target(userId, contentId)},
        ins as (insert into user_history (user_id, content_id, kind, progress)
                select u.id, c.id, 'view'::interaction_kind, ${progress}::real from u, c
                returning id, kind, progress, occurred_at)
        select (select count(*) from u)::int as user_ok, (select count(*) from c)::int as content_ok,
               c.title, ins.id, ins.kind, ins.progress, ins.occurred_at
          from (select 1) one left join c on true left join ins on true`);
      const miss = missing(row);
      if (miss) return miss;
      const entry: HistoryEntry = {
        id: Number(row.id),
        contentId,
        title: String(row.title),
        kind: row.kind as HistoryEntry['kind'],
        progress: numOrNull(row.progress),
        occurredAt: iso(row.occurred_at),
      };
      return entry;
    },

    async listHistory(userId, page) {
      const rows = await all(sql`
        select h.id, h.content_id, c.title, h.kind, h.progress, h.occurred_at
          from user_history h join content c on c.id = h.content_id
         where h.user_id = ${userId}::uuid and (${page.cursor ?? null}::bigint is null or h.id < ${page.cursor ?? null}::bigint)
         order by h.id desc limit ${page.limit + 1}`);
      const more = rows.length > page.limit;
      const entries = rows.slice(0, page.limit).map(
        (r): HistoryEntry => ({
          id: Number(r.id),
          contentId: String(r.content_id),
          title: String(r.title),
          kind: r.kind as HistoryEntry['kind'],
          progress: numOrNull(r.progress),
          occurredAt: iso(r.occurred_at),
        }),
      );
      return { entries, nextCursor: more ? String(entries[entries.length - 1]!.id) : null };
    },
  };
}
