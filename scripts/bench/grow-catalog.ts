/**
 * Grows the catalog with synthetic titles derived from the real ones (ids "syn-…",
 * data_source "synthetic"), with credits, simulated offers and embeddings, so that search can
 * be measured at scale. Rows are plausible: a real film's facets with a shifted year, runtime
 * and rating, and a recombined title.
 */
import { sql } from 'drizzle-orm';
import type { NodeDb } from '../lib/node-db.ts';

export async function growCatalog(
  conn: NodeDb,
  target: number,
  log: (m: string) => void = () => {},
): Promise<number> {
  const { db } = conn;
  const count = Number(
    ((await db.execute(sql`select count(*) as n from content`)).rows[0] as { n: unknown }).n,
  );
  const missing = target - count;
  if (missing <= 0) return count;
  const t = performance.now();
  // Set-based in SQL: one statement per table, so growth is fast on any backend.
  await db.execute(sql`
    insert into content (id, type, title, source_title, release_date, release_year, runtime_minutes, mpaa_rating, genres,
                         creative_type, source, distributor, production_budget, us_gross, worldwide_gross, imdb_rating, imdb_votes,
                         rotten_tomatoes_rating, popularity, data_source, synopsis, themes, poster_url, poster_width, poster_height,
                         title_key, text_doc)
    select 'syn-' || g, c.type,
           initcap(split_part(c.title, ' ', 1)) || ' ' || (array['Returns','Rising','Forever','Reborn','Legacy','Chronicles','Nights','Road','Dawn','Secrets'])[1 + g % 10] || ' ' || g,
           c.source_title, null, greatest(1920, least(2010, c.release_year + (g % 11) - 5)),
           greatest(60, c.runtime_minutes + (g % 21) - 10), c.mpaa_rating, c.genres, c.creative_type, c.source, c.distributor,
           c.production_budget, c.us_gross / 4, c.worldwide_gross / 4,
           greatest(1, least(9.5, c.imdb_rating + ((g % 13) - 6) / 10.0)), c.imdb_votes / 10, c.rotten_tomatoes_rating,
           c.popularity * 0.5, 'synthetic', c.synopsis, c.themes, c.poster_url, c.poster_width, c.poster_height,
           c.title_key, c.text_doc
      from generate_series(1, ${missing}) g
      join (select *, row_number() over (order by id) - 1 as rn from content where data_source <> 'synthetic') c
        on c.rn = g % (select count(*) from content where data_source <> 'synthetic')
    on conflict (id) do nothing`);
  // Statistics for the grown table: the joins below are planned for 100,000 rows, not 3,200.
  await db.execute(sql`analyze content`);
  await db.execute(sql`
    insert into content_credits (content_id, person_id, role, ordinal)
    select s.id, cc.person_id, cc.role, cc.ordinal
      from content s
      join content r on r.data_source <> 'synthetic' and r.source_title = s.source_title
      join content_credits cc on cc.content_id = r.id
     where s.data_source = 'synthetic'
    on conflict do nothing`);
  await db.execute(sql`
    insert into platform_availability (content_id, platform_id, region, price_tier, amount, currency, url, quality, source, last_verified_at)
    select s.id, a.platform_id, a.region, a.price_tier, a.amount, a.currency, a.url || '?syn=' || s.id, a.quality, 'simulated', now()
      from content s
      join content r on r.data_source <> 'synthetic' and r.source_title = s.source_title
      join platform_availability a on a.content_id = r.id
     where s.data_source = 'synthetic'
    on conflict do nothing`);
  const hasVector = (
    (await db.execute(sql`select to_regclass('public.content_embeddings') is not null as ok`))
      .rows[0] as { ok: boolean }
  ).ok;
  if (hasVector) {
    await db.execute(sql`
      insert into content_embeddings (content_id, embedding, model)
      select s.id, e.embedding, e.model
        from content s
        join content r on r.data_source <> 'synthetic' and r.source_title = s.source_title
        join content_embeddings e on e.content_id = r.id
       where s.data_source = 'synthetic'
      on conflict do nothing`);
  }
  await db.execute(sql`vacuum analyze`);
  const now = Number(
    ((await db.execute(sql`select count(*) as n from content`)).rows[0] as { n: unknown }).n,
  );
  log(`grew the catalog from ${count} to ${now} titles in ${Math.round(performance.now() - t)} ms`);
  return now;
}
