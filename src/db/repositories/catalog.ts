import { sql } from 'drizzle-orm';
import type { ContentDetail, Genre, Platform } from '../../schemas/content';
import type { CatalogRepository } from '../../services/ports';
import { dbCall, type Db } from '../client';
import { num } from '../sql-values';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(String(v)).toISOString());

/** A title row with its JSON columns (credits, offers, user_ratings) as the API's detail shape. */
function toDetail(row: Row): ContentDetail {
  const credits = row.credits as { personId: string; name: string; role: string }[];
  const offers = row.offers as Row[];
  const availability: ContentDetail['availability'] = {};
  for (const o of offers) {
    const r = String(o.region);
    (availability[r] ??= []).push({
      platformId: String(o.platformId),
      platformName: String(o.platformName),
      priceTier: o.priceTier as ContentDetail['availability'][string][number]['priceTier'],
      amount: num(o.amount),
      currency: str(o.currency),
      quality: o.quality as 'sd' | 'hd' | '4k',
      url: String(o.url),
      leavingAt: iso(o.leavingAt),
      lastVerifiedAt: iso(o.lastVerifiedAt) ?? '',
      source: String(o.source),
    });
  }
  const ur = row.user_ratings as { average: unknown; count: unknown };
  return {
    id: String(row.id),
    type: row.type as 'movie' | 'series',
    title: String(row.title),
    releaseYear: num(row.release_year),
    releaseDate: str(row.release_date),
    runtimeMinutes: num(row.runtime_minutes),
    mpaaRating: str(row.mpaa_rating),
    genres: (row.genres as string[] | null) ?? [],
    creativeType: str(row.creative_type),
    source: str(row.source),
    distributor: str(row.distributor),
    director: credits.find((c) => c.role === 'director')?.name ?? null,
    credits,
    ratings: {
      imdb: num(row.imdb_rating),
      imdbVotes: num(row.imdb_votes),
      rottenTomatoes: num(row.rotten_tomatoes_rating),
      users: { average: num(ur.average), count: Number(ur.count) },
    },
    box: { budget: num(row.production_budget), usGross: num(row.us_gross), worldwideGross: num(row.worldwide_gross) },
    popularity: Number(row.popularity),
    dataSource: String(row.data_source),
    availability,
  };
}

export function createCatalogRepository(db: Db): CatalogRepository {
  const repo: CatalogRepository = {
    async getContent(id, region) {
      return (await repo.getContents([id], region)).get(id) ?? null;
    },

    async getContents(ids, region) {
      const found = new Map<string, ContentDetail>();
      if (ids.length === 0) return found;
      // One round trip for all of them: each title with its credits, offers and user ratings as JSON.
      const result = await dbCall(() =>
        db.execute(sql`
          select c.*,
            (select coalesce(json_agg(json_build_object('personId', p.id, 'name', p.name, 'role', cc.role) order by cc.ordinal), '[]'::json)
               from content_credits cc join people p on p.id = cc.person_id where cc.content_id = c.id) as credits,
            (select coalesce(json_agg(json_build_object(
                'region', a.region, 'platformId', a.platform_id, 'platformName', pl.name, 'priceTier', a.price_tier,
                'amount', a.amount, 'currency', a.currency, 'quality', a.quality, 'url', a.url,
                'leavingAt', a.leaving_at, 'lastVerifiedAt', a.last_verified_at, 'source', a.source)
                order by a.region, a.price_tier, pl.name), '[]'::json)
               from platform_availability a join platforms pl on pl.id = a.platform_id
              where a.content_id = c.id and (${region ?? null}::text is null or a.region = ${region ?? null})) as offers,
            (select json_build_object('average', round(avg(r.score)::numeric, 2), 'count', count(*)) from ratings r where r.content_id = c.id) as user_ratings
          from content c where c.id = any(${sql.param([...new Set(ids)])}::text[])`),
      );
      for (const row of result.rows as Row[]) found.set(String(row.id), toDetail(row));
      return found;
    },

    async listPlatforms() {
      const result = await dbCall(() =>
        db.execute(sql`
          select p.id, p.name, p.kind, p.homepage, p.regions,
                 (select count(distinct a.content_id) from platform_availability a where a.platform_id = p.id) as titles
            from platforms p where p.active order by p.name`),
      );
      return (result.rows as Row[]).map(
        (r): Platform => ({
          id: String(r.id),
          name: String(r.name),
          kind: String(r.kind),
          homepage: String(r.homepage),
          regions: r.regions as string[],
          titles: Number(r.titles),
        }),
      );
    },

    async platformLimits() {
      const result = await dbCall(() =>
        db.execute(sql`select id, name, rate_per_second, rate_per_hour, burst from platforms where active order by id`),
      );
      return (result.rows as Row[]).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        ratePerSecond: Number(r.rate_per_second),
        ratePerHour: Number(r.rate_per_hour),
        burst: Number(r.burst),
      }));
    },

    async listGenres() {
      const result = await dbCall(() =>
        db.execute(sql`select g as name, count(*) as titles from content, unnest(genres) g group by g order by count(*) desc, g`),
      );
      return (result.rows as Row[]).map((r): Genre => ({ name: String(r.name), titles: Number(r.titles) }));
    },
  };
  return repo;
}
