import { sql } from 'drizzle-orm';
import type { ContentDetail, Credit, Genre, Platform } from '../../schemas/content';
import { synopsisAttribution, wikipediaUrl } from '../../services/catalog/attribution';
import type { CatalogRepository } from '../../services/ports';
import { dbCall, type Db } from '../client';
import { num } from '../sql-values';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(String(v)).toISOString();

/** A title row with its JSON columns (credits, offers, user_ratings) as the API's detail shape. */
function toDetail(row: Row): ContentDetail {
  const credits = row.credits as Credit[];
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
  const provenance = (row.field_sources as ContentDetail['provenance'] | null) ?? {};
  const synopsis = str(row.synopsis);
  const wikipedia = row.wikipedia_slug ? wikipediaUrl(String(row.wikipedia_slug)) : null;
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
    synopsis,
    themes: (row.themes as string[] | null) ?? [],
    cast: credits.filter((c) => c.role === 'actor'),
    poster: row.poster_url
      ? {
          url: String(row.poster_url),
          width: num(row.poster_width),
          height: num(row.poster_height),
        }
      : null,
    links: { wikipedia },
    attribution: synopsisAttribution(synopsis, provenance.synopsis?.source, wikipedia),
    provenance,
    ratings: {
      imdb: num(row.imdb_rating),
      imdbVotes: num(row.imdb_votes),
      rottenTomatoes: num(row.rotten_tomatoes_rating),
      users: { average: num(ur.average), count: Number(ur.count) },
    },
    box: {
      budget: num(row.production_budget),
      usGross: num(row.us_gross),
      worldwideGross: num(row.worldwide_gross),
    },
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
      // One round trip for all of them: each title with its credits, offers and user ratings as
      // JSON. Named columns: the stored tsvectors are not for the API and would only add bytes.
      const result = await dbCall(() =>
        db.execute(sql`
          select c.id, c.type, c.title, c.release_year, c.release_date, c.runtime_minutes, c.mpaa_rating, c.genres,
            c.creative_type, c.source, c.distributor, c.imdb_rating, c.imdb_votes, c.rotten_tomatoes_rating,
            c.production_budget, c.us_gross, c.worldwide_gross, c.popularity, c.data_source,
            c.synopsis, c.themes, c.poster_url, c.poster_width, c.poster_height, c.field_sources,
            (select min(e.external_id) from content_external_ids e where e.content_id = c.id and e.source = 'wikipedia') as wikipedia_slug,
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
        db.execute(
          sql`select id, name, rate_per_second, rate_per_hour, burst from platforms where active order by id`,
        ),
      );
      return (result.rows as Row[]).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        ratePerSecond: Number(r.rate_per_second),
        ratePerHour: Number(r.rate_per_hour),
        burst: Number(r.burst),
      }));
    },

    async getPerson(id, page) {
      const a = page.after;
      // Keyset on (year desc nulls last, id): the page after the last film the caller saw.
      const after = !a
        ? sql`true`
        : a.year === null
          ? sql`c.release_year is null and c.id > ${a.id}`
          : sql`(c.release_year < ${a.year} or c.release_year is null or (c.release_year = ${a.year} and c.id > ${a.id}))`;
      const result = await dbCall(() =>
        db.execute(sql`
          select p.id, p.name,
            (select json_build_object('films', count(distinct cc.content_id), 'acting', count(*) filter (where cc.role = 'actor'),
                                      'directing', count(*) filter (where cc.role = 'director'))
               from content_credits cc where cc.person_id = p.id) as counts,
            (select coalesce(json_agg(f order by f.year desc nulls last, f.id), '[]'::json) from (
               select c.id, c.title, c.release_year as year, array_agg(cc.role order by cc.role) as roles,
                      c.poster_url, c.poster_width, c.poster_height
                 from content_credits cc join content c on c.id = cc.content_id
                where cc.person_id = p.id and ${after}
                group by c.id
                order by c.release_year desc nulls last, c.id
                limit ${Math.max(1, Math.trunc(page.limit))}) f) as films
          from people p where p.id = ${id}`),
      );
      const row = result.rows[0] as Row | undefined;
      if (!row) return null;
      const counts = row.counts as { films: unknown; acting: unknown; directing: unknown };
      return {
        id: String(row.id),
        name: String(row.name),
        counts: {
          films: Number(counts.films),
          acting: Number(counts.acting),
          directing: Number(counts.directing),
        },
        films: (row.films as Row[]).map((f) => {
          const roles = (f.roles as string[] | null) ?? [];
          return {
            id: String(f.id),
            title: String(f.title),
            year: num(f.year),
            role: roles[0] ?? 'actor',
            roles,
            poster: f.poster_url
              ? {
                  url: String(f.poster_url),
                  width: num(f.poster_width),
                  height: num(f.poster_height),
                }
              : null,
          };
        }),
      };
    },

    async listGenres() {
      const result = await dbCall(() =>
        db.execute(
          sql`select g as name, count(*) as titles from content, unnest(genres) g group by g order by count(*) desc, g`,
        ),
      );
      return (result.rows as Row[]).map(
        (r): Genre => ({ name: String(r.name), titles: Number(r.titles) }),
      );
    },
  };
  return repo;
}
