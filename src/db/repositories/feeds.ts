/**
 * The per-service feeds' reads. New arrivals and price drops come from availability_changes
 * (the latest such change per offer, while the offer is still there); leaving soon from the
 * offers' leaving_at. Each is one statement, ordered on (time, id) for keyset pages.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { FeedQueryInput, FeedRow, FeedsRepository } from '../../services/feeds/ports';
import { dbCall, type Db } from '../client';
import { num, textArray } from '../sql-values';

type Row = Record<string, unknown>;
const ms = (v: unknown): number => (v instanceof Date ? v : new Date(String(v))).getTime();

const TITLE_COLUMNS = sql`c.id, c.title, c.release_year, c.type, c.genres, c.mpaa_rating, c.imdb_rating,
  c.poster_url, c.poster_width, c.poster_height,
  pa.platform_id, p.name as platform_name, pa.price_tier, pa.amount, pa.currency, pa.url, pa.leaving_at`;

function common(q: FeedQueryInput, alias: 'ch' | 'pa'): SQL {
  const parts: SQL[] = [sql`${sql.raw(alias)}.region = ${q.region}`];
  if (q.platforms) parts.push(sql`${sql.raw(alias)}.platform_id = any(${textArray(q.platforms)})`);
  if (q.ratings) parts.push(sql`c.mpaa_rating = any(${textArray(q.ratings)})`);
  return sql.join(parts, sql` and `);
}

function changesFeed(q: FeedQueryInput, kind: 'added' | 'price_changed'): SQL {
  const since = new Date(q.now.getTime() - q.days * 86_400_000);
  const after = q.after
    ? sql`and (ch.detected_at, ch.id) < (${new Date(q.after.at)}::timestamptz, ${q.after.id})`
    : sql``;
  const drop =
    kind === 'price_changed'
      ? sql`and (ch.before->>'amount') is not null and (ch.after->>'amount') is not null
            and (ch.after->>'amount')::numeric < (ch.before->>'amount')::numeric`
      : sql``;
  return sql`
    select ${TITLE_COLUMNS}, ch.id as row_id, ch.detected_at as at, (ch.before->>'amount')::float8 as previous_amount
      from availability_changes ch
      join platform_availability pa on pa.content_id = ch.content_id and pa.platform_id = ch.platform_id
                                    and pa.region = ch.region and pa.price_tier = ch.price_tier
      join platforms p on p.id = ch.platform_id
      join content c on c.id = ch.content_id
     where ch.kind = ${kind} and ch.detected_at > ${since}::timestamptz and ${common(q, 'ch')} ${drop} ${after}
       and not exists (select 1 from availability_changes later
                        where later.content_id = ch.content_id and later.platform_id = ch.platform_id
                          and later.region = ch.region and later.price_tier = ch.price_tier
                          and later.kind = ch.kind and later.id > ch.id)
     order by ch.detected_at desc, ch.id desc
     limit ${q.limit}`;
}

function leavingFeed(q: FeedQueryInput): SQL {
  const until = new Date(q.now.getTime() + q.days * 86_400_000);
  const after = q.after
    ? sql`and (pa.leaving_at, pa.id) > (${new Date(q.after.at)}::timestamptz, ${q.after.id})`
    : sql``;
  return sql`
    select ${TITLE_COLUMNS}, pa.id as row_id, pa.leaving_at as at, null::float8 as previous_amount
      from platform_availability pa
      join platforms p on p.id = pa.platform_id
      join content c on c.id = pa.content_id
     where pa.leaving_at > ${q.now}::timestamptz and pa.leaving_at <= ${until}::timestamptz and ${common(q, 'pa')} ${after}
     order by pa.leaving_at, pa.id
     limit ${q.limit}`;
}

function toRow(x: Row, kind: FeedQueryInput['kind']): FeedRow {
  return {
    id: String(x.id),
    title: String(x.title),
    releaseYear: num(x.release_year),
    type: x.type === 'series' ? 'series' : 'movie',
    genres: (x.genres as string[]) ?? [],
    mpaaRating: (x.mpaa_rating as string | null) ?? null,
    rating: num(x.imdb_rating),
    poster: x.poster_url
      ? { url: String(x.poster_url), width: num(x.poster_width), height: num(x.poster_height) }
      : null,
    offer: {
      platformId: String(x.platform_id),
      platformName: String(x.platform_name),
      priceTier: x.price_tier as FeedRow['offer']['priceTier'],
      amount: num(x.amount),
      currency: (x.currency as string | null) ?? null,
      url: String(x.url),
      leavingAt: x.leaving_at ? new Date(ms(x.leaving_at)).toISOString() : null,
    },
    at: new Date(ms(x.at)).toISOString(),
    ...(kind === 'price-drops' ? { previousAmount: num(x.previous_amount) } : {}),
    position: { at: ms(x.at), id: Number(x.row_id) },
  };
}

export function createFeedsRepository(db: Db): FeedsRepository {
  return {
    async feed(q) {
      const statement =
        q.kind === 'leaving'
          ? leavingFeed(q)
          : changesFeed(q, q.kind === 'new' ? 'added' : 'price_changed');
      const res = await dbCall(() => db.execute(statement));
      return (res.rows as Row[]).map((x) => toRow(x, q.kind));
    },
  };
}
