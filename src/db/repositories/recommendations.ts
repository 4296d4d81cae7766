/**
 * Recommendation data: a person's signals, stored item neighbours, titles with their offers,
 * popularity, and the incremental neighbour refresh the cron job runs.
 *
 * Interaction weights (one per person and title, the strongest wins): a rating r of 0-10 counts
 * max(0, (r - 4) / 6) (10 → 1, 7 → 0.5, 4 or less → nothing), a completed view 0.7, a view 0.5,
 * a watchlist add 0.6.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { NeighborRow, RecTitle, RecsRepository, Signal, TrendingEvent } from '../../services/recommendations/ports';
import { EVENT_WEIGHTS } from '../../services/recommendations/trending';
import { dbCall, type Db } from '../client';
import { textArray, num } from '../sql-values';
import { CONSENT_DEFAULT } from '../../schemas/accounts';

type Row = Record<string, unknown>;
const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

/** Every interaction as (user, title, weight), of people who did not withdraw consent to personalisation. */
const INTERACTIONS = sql`
  select i.user_id, i.content_id, i.w from (
    select user_id, content_id, greatest(0, (score - 4) / 6.0)::float8 as w from ratings
    union all select user_id, content_id, case when kind = 'complete' then 0.7 else 0.5 end from user_history
    union all select user_id, content_id, 0.6 from watchlist
  ) i where not exists (select 1 from user_consents uc where uc.user_id = i.user_id and not uc.personalisation)`;

export const NEIGHBOURS_KEPT = 50;
/** Shrinks the similarity of pairs seen together by few people: co / (co + SHRINK). */
const SHRINK = 3;

function titleSelect(region: string, where: SQL, order: SQL, limit: number): SQL {
  return sql`
    select c.id, c.title, c.release_year, c.type, c.genres, c.runtime_minutes, c.mpaa_rating, c.imdb_rating,
           c.weighted_rating, c.popularity,
           (select pp.name from content_credits cc join people pp on pp.id = cc.person_id
             where cc.content_id = c.id and cc.role = 'director' order by cc.ordinal limit 1) as director,
           (select coalesce(json_agg(json_build_object('platformId', a.platform_id, 'platformName', p.name, 'priceTier', a.price_tier)
                                     order by a.price_tier, p.name), '[]'::json)
              from platform_availability a join platforms p on p.id = a.platform_id
             where a.content_id = c.id and a.region = ${region}) as availability
      from content c
     where ${where}
     order by ${order}
     limit ${limit}`;
}

function toTitle(x: Row): RecTitle {
  const availability = (typeof x.availability === 'string' ? JSON.parse(x.availability) : x.availability) as RecTitle['availability'];
  return {
    id: String(x.id),
    title: String(x.title),
    releaseYear: num(x.release_year),
    type: String(x.type),
    genres: (x.genres as string[]) ?? [],
    director: (x.director as string | null) ?? null,
    runtimeMinutes: num(x.runtime_minutes),
    mpaaRating: (x.mpaa_rating as string | null) ?? null,
    rating: num(x.imdb_rating),
    quality: Number(x.weighted_rating ?? 0) / 10,
    popularity: Number(x.popularity ?? 0),
    availability: availability ?? [],
  };
}

/** One signal per title the person rated, watched or listed (the strongest), strongest first, then newest. */
function signalsSql(userId: string, limit: number): SQL {
  return sql`
    select s.content_id, c.title, c.genres, s.kind, s.rating, s.weight, s.at from (
      select distinct on (content_id) content_id, kind, rating, weight, at from (
        select content_id, 'rating' as kind, score::int as rating, greatest(0, (score - 4) / 6.0)::float8 as weight, rated_at as at
          from ratings where user_id = ${userId}::uuid
        union all
        select content_id, 'view', null, case when kind = 'complete' then 0.7 else 0.5 end, occurred_at
          from user_history where user_id = ${userId}::uuid
        union all
        select content_id, 'watchlist', null, 0.6, added_at from watchlist where user_id = ${userId}::uuid
      ) x order by content_id, (kind = 'rating') desc, weight desc, at desc
    ) s join content c on c.id = s.content_id
    order by s.weight desc, s.at desc
    limit ${limit}`;
}

const toSignal = (r: Row): Signal => ({
  contentId: String(r.content_id),
  title: String(r.title),
  genres: (r.genres as string[]) ?? [],
  kind: r.kind as Signal['kind'],
  rating: num(r.rating),
  weight: Number(r.weight),
  at: iso(r.at),
});

export function createRecsRepository(db: Db): RecsRepository {
  const all = async (q: SQL): Promise<Row[]> => (await dbCall(() => db.execute(q))).rows as Row[];

  return {
    async signals(userId, limit) {
      return (await all(signalsSql(userId, limit))).map(toSignal);
    },

    async person(userId, limit) {
      // One statement for what every personal list starts from: the account's preferences and
      // its signals (a second statement would cost a second connection in a Worker).
      const [row] = await all(sql`
        select p.region, p.platforms, p.genres, coalesce(uc.personalisation, ${CONSENT_DEFAULT}) as personalisation,
               (select coalesce(json_agg(s), '[]'::json) from (${signalsSql(userId, limit)}) s) as signals
          from users u left join user_preferences p on p.user_id = u.id left join user_consents uc on uc.user_id = u.id
         where u.id = ${userId}::uuid and u.deleted_at is null`);
      if (!row) return null;
      const signals = (typeof row.signals === 'string' ? JSON.parse(row.signals) : row.signals) as Row[];
      return {
        preferences: { region: (row.region as string | null) ?? 'US', platforms: (row.platforms as string[] | null) ?? [], genres: (row.genres as string[] | null) ?? [] },
        signals: signals.map(toSignal),
        personalisation: row.personalisation !== false,
      };
    },

    async neighbors(ids, perItem) {
      if (!ids.length) return [];
      // The refresh keeps at most NEIGHBOURS_KEPT per title: asking for that many needs no ranking.
      const rows = await all(
        perItem >= NEIGHBOURS_KEPT
          ? sql`select content_id, neighbor_id, score from item_neighbors where content_id = any(${textArray(ids)}) order by content_id, score desc`
          : sql`
        select content_id, neighbor_id, score from (
          select n.*, row_number() over (partition by n.content_id order by n.score desc) as rn
            from item_neighbors n where n.content_id = any(${textArray(ids)})
        ) r where rn <= ${perItem}`,
      );
      return rows.map((r): NeighborRow => ({ contentId: String(r.content_id), neighborId: String(r.neighbor_id), score: Number(r.score) }));
    },

    async describe(ids, region) {
      if (!ids.length) return [];
      const rows = await all(titleSelect(region, sql`c.id = any(${textArray(ids)})`, sql`c.id`, ids.length));
      return rows.map(toTitle);
    },

    async popular({ region, genres, platforms, availableOnly, exclude, limit }) {
      const where: SQL[] = [sql`not (c.id = any(${textArray(exclude)}))`];
      if (genres.length) where.push(sql`c.genres && ${textArray(genres)}`);
      if (availableOnly) {
        where.push(sql`exists (select 1 from platform_availability a where a.content_id = c.id and a.region = ${region}
                               and (${textArray(platforms)} is null or a.platform_id = any(${textArray(platforms)})))`);
      }
      const rows = await all(titleSelect(region, sql.join(where, sql` and `), sql`c.quality_score desc nulls last, c.id desc nulls last`, limit));
      return rows.map(toTitle);
    },

    async refreshNeighbors({ full }) {
      const started = Date.now();
      return dbCall(() =>
        db.transaction(async (tx) => {
          const one = async (q: SQL) => (await tx.execute(q)).rows[0] as Row;
          const state = await one(sql`select watermark, now() as now from job_state where job = 'item_neighbors'`);
          const watermark = state?.watermark ? iso(state.watermark) : null;
          const fullRun = full || watermark === null;
          await tx.execute(sql`create temp table _inter on commit drop as
            select user_id, content_id, max(w)::float8 as w from (${INTERACTIONS}) x group by 1, 2 having max(w) > 0`);
          // DDL takes no bind parameters: create, then fill with an ordinary insert.
          await tx.execute(sql`create temp table _dirty (content_id text primary key) on commit drop`);
          await tx.execute(
            fullRun
              ? sql`insert into _dirty select distinct content_id from _inter`
              : sql`insert into _dirty
                  select content_id from ratings where rated_at > ${watermark}::timestamptz
                  union select content_id from user_history where occurred_at > ${watermark}::timestamptz
                  union select content_id from watchlist where added_at > ${watermark}::timestamptz`,
          );
          await tx.execute(sql`create temp table _pairs on commit drop as
            with norms as (select content_id, sqrt(sum(w * w)) as n from _inter group by 1),
            raw as (
              select a.content_id as i, b.content_id as j, sum(a.w * b.w) as dot, count(*)::int as co
                from _inter a join _inter b on a.user_id = b.user_id and a.content_id <> b.content_id
               where a.content_id in (select content_id from _dirty)
               group by 1, 2)
            select i, j, (dot / (ni.n * nj.n) * co / (co + ${sql.raw(SHRINK.toFixed(1))}))::real as sim, co
              from raw join norms ni on ni.content_id = raw.i join norms nj on nj.content_id = raw.j`);
          if (fullRun) await tx.execute(sql`delete from item_neighbors`);
          else await tx.execute(sql`delete from item_neighbors where content_id in (select content_id from _dirty)`);
          await tx.execute(sql`insert into item_neighbors (content_id, neighbor_id, score, co_count)
            select i, j, sim, co from (select *, row_number() over (partition by i order by sim desc, j) as rn from _pairs) r
             where rn <= ${NEIGHBOURS_KEPT}`);
          if (!fullRun) {
            // Similarity is symmetric: the untouched titles' lists learn the new scores, then keep their best.
            await tx.execute(sql`insert into item_neighbors (content_id, neighbor_id, score, co_count)
              select j, i, sim, co from _pairs where j not in (select content_id from _dirty)
              on conflict (content_id, neighbor_id) do update set score = excluded.score, co_count = excluded.co_count, updated_at = now()`);
            await tx.execute(sql`delete from item_neighbors n using (
                select content_id, neighbor_id, row_number() over (partition by content_id order by score desc, neighbor_id) as rn
                  from item_neighbors where content_id in (select distinct j from _pairs where j not in (select content_id from _dirty))
              ) r where n.content_id = r.content_id and n.neighbor_id = r.neighbor_id and r.rn > ${NEIGHBOURS_KEPT}`);
          }
          const counts = await one(sql`select (select count(*) from _dirty)::int as titles, (select count(*) from _pairs)::int as pairs, now() as now`);
          await tx.execute(sql`insert into job_state (job, watermark, details) values ('item_neighbors', now(), ${JSON.stringify({ full: fullRun })}::jsonb)
            on conflict (job) do update set watermark = excluded.watermark, details = excluded.details, updated_at = now()`);
          return { full: fullRun, titles: Number(counts.titles), pairs: Number(counts.pairs), watermark: iso(counts.now), tookMs: Date.now() - started };
        }),
      );
    },

    async interactionCounts(since, limit) {
      const rows = await all(sql`
        select content_id, region, weight, at from (
          select h.content_id, coalesce(p.region, 'US') as region, ${EVENT_WEIGHTS.view}::float8 as weight, h.occurred_at as at
            from user_history h left join user_preferences p on p.user_id = h.user_id where h.occurred_at >= ${since.toISOString()}::timestamptz
          union all
          select w.content_id, coalesce(p.region, 'US'), ${EVENT_WEIGHTS.watchlist}::float8, w.added_at
            from watchlist w left join user_preferences p on p.user_id = w.user_id where w.added_at >= ${since.toISOString()}::timestamptz
        ) x order by at desc limit ${limit}`);
      return rows.map((r): TrendingEvent => ({ contentId: String(r.content_id), region: String(r.region), weight: Number(r.weight), at: new Date(String(r.at instanceof Date ? r.at.toISOString() : r.at)).getTime() }));
    },
  };
}
