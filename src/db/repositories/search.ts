/** SearchRepository over Postgres: structured filters, full-text and trigram scoring in SQL. */
import { sql, type SQL } from 'drizzle-orm';
import type { Gazetteer } from '../../services/search/parse-query';
import type {
  Candidate,
  OfferSummary,
  RetrievalPlan,
  SearchRepository,
  SuggestionCandidate,
  TitleMatch,
} from '../../services/search/ports';
import type { PiiCipher } from '../../lib/pii-cipher';
import { dbCall, type Db } from '../client';
import { insertSearches } from './search-history';
import {
  nearestNeighboursSql,
  num,
  quoteLiteral,
  selectWithSettings,
  textArray,
} from '../sql-values';

type Row = Record<string, unknown>;

/** Words joined with OR, built from [a-z0-9] only so user text never reaches tsquery syntax. */
function orTsQuery(text: string): string {
  return text
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1)
    .slice(0, 12)
    .join(' | ');
}

/** Words that say "a film" rather than which one: they would match every synopsis. */
const QUERY_NOISE = new Set(
  'movie movies film films flick flicks one ones where about guy someone somebody something thing things story kind sort type show shows watch want like'.split(
    ' ',
  ),
);

/**
 * A person's word → the encyclopedic words Wikipedia's summaries use for it ("a dad disguises
 * himself as a nanny to see his kids": "father", "housekeeper", "children"). Each group counts
 * as one word of the query: its rarity is the group's, a title holding any member matches it.
 * English stemming already joins plurals and tenses; irregular forms are listed.
 */
const EVERYDAY_WORDS: Record<string, string[]> = {
  kid: ['child', 'children'],
  kids: ['child', 'children'],
  dad: ['father'],
  daddy: ['father'],
  mom: ['mother'],
  mum: ['mother'],
  dude: ['man'],
  cop: ['police', 'detective', 'officer'],
  cops: ['police', 'detective', 'officer'],
  teen: ['teenage', 'teenager', 'adolescent'],
  teenager: ['teenage', 'teen', 'adolescent'],
  nanny: ['housekeeper', 'governess'],
  hitman: ['assassin', 'hitmen'],
  lawyer: ['attorney'],
  doctor: ['physician'],
  shrink: ['psychiatrist', 'psychologist', 'therapist'],
  murdered: ['killed', 'murder'],
  killer: ['murderer'],
  alien: ['extraterrestrial'],
  aliens: ['extraterrestrial', 'extraterrestrials'],
  robot: ['android', 'cyborg'],
  spy: ['espionage', 'agent'],
  jail: ['prison'],
  jailed: ['imprisoned', 'prison'],
  prison: ['jail'],
  old: ['elderly', 'aging'],
  rich: ['wealthy'],
  poor: ['impoverished', 'poverty'],
  scary: ['horror'],
  funny: ['comedy', 'comic'],
  mob: ['mafia', 'mobster', 'gangster'],
  mafia: ['mob', 'mobster'],
  plane: ['airplane', 'aircraft', 'airliner'],
  car: ['automobile'],
  boat: ['ship', 'vessel'],
  crazy: ['insane', 'madness'],
  fake: ['false', 'fraudulent'],
  girlfriend: ['lover', 'fiancee'],
  boyfriend: ['lover', 'fiance'],
};

/** The query's content words (at most 12), lower case, [a-z0-9'] only. */
export function keywordTerms(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !QUERY_NOISE.has(w));
  return [...new Set(words)].slice(0, 12);
}

/**
 * Each explicit order walks an index (weighted_rating, quality_score, worldwide_gross,
 * release_year, popularity) so that a broad filtered browse stops after a page of rows.
 */
function orderBy(plan: RetrievalPlan, hasText: boolean): SQL {
  // Written to match the indexes exactly (direction and nulls), the id breaking ties.
  const desc = (col: SQL) => sql`${col} desc nulls last, c.id desc nulls last`;
  switch (plan.order) {
    case 'best':
      return desc(sql`c.weighted_rating`);
    case 'newest':
      return sql`c.release_year desc, c.id desc`;
    case 'oldest':
      return sql`c.release_year asc, c.id asc`;
    case 'biggest':
      return desc(sql`c.worldwide_gross`);
    case 'popular':
      return desc(sql`c.popularity`);
    case 'underrated':
      return sql`c.imdb_rating desc nulls last, c.id`;
    case 'longest':
      return sql`c.runtime_minutes desc nulls last, c.id`;
    case 'shortest':
      return sql`c.runtime_minutes asc nulls last, c.id`;
    // Only titles with such an offer reach these (conditions below): few, so a sub-select each is cheap.
    case 'leaving_soon':
      return sql`(select min(a.leaving_at) from platform_availability a where a.content_id = c.id and a.region = ${plan.region}
        and a.leaving_at > now() and (${plan.platforms.length === 0} or a.platform_id = any(${textArray(plan.platforms)}))) asc nulls last, c.id`;
    case 'recently_added':
      return sql`(select max(ch.detected_at) from availability_changes ch where ch.content_id = c.id and ch.region = ${plan.region}
        and ch.kind = 'added' and (${plan.platforms.length === 0} or ch.platform_id = any(${textArray(plan.platforms)}))) desc nulls last, c.id`;
    default:
      return hasText
        ? sql`(title_sim * 2 + text_rank + c.weighted_rating / 20 + c.popularity * 0.3) desc, c.id`
        : desc(sql`c.quality_score`);
  }
}

/** Similarity tiers of the title probe, strongest first (pg_trgm's default threshold is the last). */
export const TITLE_PROBE_TIERS = [0.6, 0.3];

/** Totals are counted up to this many: an exact count of a broad browse would scan everything. */
export const TOTAL_CAP = 1000;

function conditions(plan: RetrievalPlan): SQL[] {
  const w: SQL[] = [];
  const p = plan;
  if (p.ids) w.push(sql`c.id = any(${textArray(p.ids)})`);
  if (p.excludeIds.length) w.push(sql`c.id <> all(${textArray(p.excludeIds)})`);
  if (p.yearMin !== undefined) w.push(sql`c.release_year >= ${p.yearMin}`);
  if (p.yearMax !== undefined) w.push(sql`c.release_year <= ${p.yearMax}`);
  if (p.yearsNone && (p.yearsNone.min !== undefined || p.yearsNone.max !== undefined))
    w.push(
      sql`(c.release_year is null or not (c.release_year between ${p.yearsNone.min ?? -32768} and ${p.yearsNone.max ?? 32767}))`,
    );
  if (p.runtimeMin !== undefined) w.push(sql`c.runtime_minutes >= ${p.runtimeMin}`);
  if (p.runtimeMax !== undefined) w.push(sql`c.runtime_minutes <= ${p.runtimeMax}`);
  if (p.ratingMin !== undefined) w.push(sql`c.imdb_rating >= ${p.ratingMin}`);
  if (p.ratingMax !== undefined) w.push(sql`c.imdb_rating <= ${p.ratingMax}`);
  if (p.mpaaIn.length) w.push(sql`c.mpaa_rating = any(${textArray(p.mpaaIn)})`);
  if (p.mpaaAllowed) w.push(sql`c.mpaa_rating = any(${textArray(p.mpaaAllowed)})`);
  if (p.mpaaNotIn.length)
    w.push(sql`(c.mpaa_rating is null or c.mpaa_rating <> all(${textArray(p.mpaaNotIn)}))`);
  // A genre word may name a finer theme (noir, slasher, spy): genres or themes match.
  if (p.genresAny.length)
    w.push(sql`(c.genres && ${textArray(p.genresAny)} or c.themes && ${textArray(p.genresAny)})`);
  for (const g of p.genresAll ?? [])
    w.push(sql`(c.genres && ${textArray([g])} or c.themes && ${textArray([g])})`);
  if (p.genresNone.length)
    w.push(
      sql`not (c.genres && ${textArray(p.genresNone)} or coalesce(c.themes && ${textArray(p.genresNone)}, false))`,
    );
  if (p.creativeAny.length) w.push(sql`c.creative_type = any(${textArray(p.creativeAny)})`);
  if (p.creativeNone.length)
    w.push(sql`(c.creative_type is null or c.creative_type <> all(${textArray(p.creativeNone)}))`);
  if (p.sourcesAny.length) w.push(sql`c.source = any(${textArray(p.sourcesAny)})`);
  if (p.sourcesNone.length)
    w.push(sql`(c.source is null or c.source <> all(${textArray(p.sourcesNone)}))`);
  if (p.peopleAny.length)
    w.push(
      sql`exists (select 1 from content_credits cc join people pp on pp.id = cc.person_id where cc.content_id = c.id and pp.name = any(${textArray(p.peopleAny)}))`,
    );
  if (p.peopleNone.length)
    w.push(
      sql`not exists (select 1 from content_credits cc join people pp on pp.id = cc.person_id where cc.content_id = c.id and pp.name = any(${textArray(p.peopleNone)}))`,
    );
  if (p.order === 'underrated')
    w.push(sql`c.imdb_votes between 1000 and 25000 and c.imdb_rating >= 7`);
  if (p.order === 'newest' || p.order === 'oldest') w.push(sql`c.release_year is not null`);
  if (p.leavingWithinDays !== undefined) {
    w.push(sql`c.id in (select a.content_id from platform_availability a where a.region = ${p.region}
      and a.leaving_at > now() and a.leaving_at <= now() + make_interval(days => ${p.leavingWithinDays}::int)
      and (${p.platforms.length === 0} or a.platform_id = any(${textArray(p.platforms)})))`);
  }
  if (p.addedWithinDays !== undefined) {
    // Added, and still there: the offer's row exists (a removal deletes it).
    w.push(sql`c.id in (select ch.content_id from availability_changes ch
      join platform_availability a on a.content_id = ch.content_id and a.platform_id = ch.platform_id and a.region = ch.region and a.price_tier = ch.price_tier
      where ch.region = ${p.region} and ch.kind = 'added' and ch.detected_at >= now() - make_interval(days => ${p.addedWithinDays}::int)
      and (${p.platforms.length === 0} or ch.platform_id = any(${textArray(p.platforms)})))`);
  }
  if (p.platformsNone?.length) {
    w.push(sql`not exists (select 1 from platform_availability a where a.content_id = c.id and a.region = ${p.region}
      and a.platform_id = any(${textArray(p.platformsNone)}))`);
  }
  if (p.platforms.length || p.priceTiers.length || p.availableOnly) {
    w.push(sql`exists (select 1 from platform_availability a where a.content_id = c.id and a.region = ${p.region}
      and (${p.platforms.length === 0} or a.platform_id = any(${textArray(p.platforms)}))
      and (${p.priceTiers.length === 0} or a.price_tier::text = any(${textArray(p.priceTiers)})))`);
  }
  return w;
}

/** Weights a candidate's offers: the order offers() and the inline offers list them in. */
const TIER_ORDER = sql`array_position(array['free','ads','subscription','rent','buy'], a.price_tier::text)`;

/** A query word as a tsquery source: itself or, for an everyday word, any of its group. */
function everydayGroup(word: string): string {
  return [word, ...(EVERYDAY_WORDS[word] ?? [])].join(' | ');
}

/**
 * The keyword leg as CTEs ending in `kw(id, score, hits)`: BM25's idea inside Postgres. Each
 * word is weighted by its rarity (ln N/df, df counted on the GIN index), words in more than a
 * fifth of the catalog are dropped, and a title's score sums the weighted ts_rank of the words it
 * contains (title A > cast, genres and themes B > synopsis C, normalised by document length).
 */
// BM25's idea inside Postgres: each word is weighted by its rarity (ln N/df, df counted on the
// GIN index), words in more than a fifth of the catalog are dropped, and a title's score sums the
// weighted ts_rank of the words it contains (title A > cast, genres and themes B > synopsis C,
// normalised by document length). The word counts are materialised: inlined, PostgreSQL
// re-counted a word for every title holding it (966 counts for one description in the sample,
// 3 s), not once per word.
function keywordCtes(words: string[], limit: number, titleWeight: number): SQL {
  // N is the planner's row estimate, counted (up to 2,000 rows) only when the estimate is
  // smaller than that (a table loaded since its last ANALYZE): counting every time cost each
  // keyword statement a 2,000-row scan it never needed once the catalog was analysed.
  return sql`n as (
            select greatest(1, r.n, case when r.n < 2000
                     then (select count(*) from (select 1 from content limit 2000) t)::float8 else 0 end) as n
              from (select reltuples::float8 as n from pg_class where oid = 'content'::regclass) r
          ), terms as materialized (
            select q, (select count(*) from content where text_doc @@ q)::float8 as df
              from (select distinct to_tsquery('english', w) as q from unnest(${textArray(words.map(everydayGroup))}) w) x
             where numnode(q) > 0
          ), weighted as materialized (
            select q, ln((select n from n) / (df + 1)) as idf from terms, n where df > 0 and df < 0.2 * n.n
          ), kw as (
          select c.id, sum(w.idf * ts_rank(array[0.1, 0.4, 0.6, ${titleWeight}]::float4[], c.text_doc, w.q, 1))::float8 as score, count(*)::int as hits
            from weighted w join content c on c.text_doc @@ w.q
           group by c.id
           order by score desc, c.id
           limit ${Math.max(1, Math.trunc(limit))})`;
}

/**
 * The title probe as CTEs ending in `tmx(id, title, release_year, sim, popularity)`: the titles
 * titleMatches(text, limit, minSimilarity) would return with a similarity of at least 0.3 (the
 * strongest tier that finds a title, as the probe stops there; the same order), for a statement
 * that cannot wait for the probe's answer. `TITLE_PROBE_COLUMN` returns them as titleMatches'
 * answer, so that statement answers the probe too.
 */
function titleProbeCtes(text: string, limit: number, minSimilarity: number): SQL {
  const t = text.toLowerCase().replace(/\0/g, '');
  const tiers = [...TITLE_PROBE_TIERS.filter((x) => x > minSimilarity), minSimilarity].map(String);
  return sql`tmp as (
            select id, title, release_year, popularity, similarity(lower(title), ${t}) as sim from content
             where lower(title) % ${t} order by sim desc, popularity desc limit ${Math.max(1, Math.trunc(limit))}
          ), tmx as (
            select * from tmp where sim >= 0.3 and sim >= coalesce(
              (select max(tier) from unnest(${textArray(tiers)}::float8[]) tier where exists (select 1 from tmp where sim >= tier)), 2)
          )`;
}

/** titleMatches' answer from the CTEs of titleProbeCtes (in its order). */
const TITLE_PROBE_COLUMN = sql`(select coalesce(json_agg(json_build_array(tmx.id, tmx.title, tmx.release_year, tmx.sim)
            order by tmx.sim desc, tmx.popularity desc), '[]'::json) from tmx)`;

function probeAnswer(value: unknown): TitleMatch[] {
  return ((value as unknown[][] | null) ?? []).map(([id, title, year, sim]) => ({
    id: String(id),
    title: String(title),
    releaseYear: num(year),
    similarity: Number(sim),
  }));
}

/**
 * One statement: filter and order all rows, then the page of candidates' directors and offers in
 * the region. `extra` restricts the rows to a sub-select over CTEs it brings (the keyword leg,
 * the nearest neighbours) and adds its score (`score`). The candidates travel as one JSON value: the
 * driver then parses one text cell with the runtime's native JSON.parse instead of ~25 fields of
 * each of up to a thousand rows in JavaScript, which was the largest share of an uncached
 * search's CPU in the Worker. Each candidate is an array of the columns a Candidate needs, in
 * CANDIDATE_COLUMNS' order: no key names, nor columns only the order needs, repeated in every
 * row (half the bytes the Worker receives and parses twice, as the HTTP answer and as its cell).
 */
function candidatesSql(
  plan: RetrievalPlan,
  extra?: { ctes: SQL; restrict?: SQL; score?: SQL; side?: SQL },
): SQL {
  const tsq = orTsQuery(plan.text);
  const hasText = tsq !== '';
  const where = conditions(plan);
  if (extra?.restrict) where.push(sql`c.id in (${extra.restrict})`);
  const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const restricted = Boolean(plan.ids || extra?.restrict);
  return sql`
          ${extra ? sql`with ${extra.ctes}` : sql``}
          select coalesce(json_agg(json_build_array(${CANDIDATE_COLUMNS})), '[]'::json) as rows
                 ${extra?.side ? sql`, ${extra.side} as side` : sql``} from (
          select x.*,
                 (select pp.name from content_credits cc join people pp on pp.id = cc.person_id
                   where cc.content_id = x.id and cc.role = 'director' order by cc.ordinal limit 1) as director,
                 (select coalesce(json_agg(json_build_array(a.platform_id, p.name, a.price_tier, a.amount, a.currency)
                          order by ${TIER_ORDER}, a.amount nulls first), '[]'::json)
                    from platform_availability a join platforms p on p.id = a.platform_id
                   where a.content_id = x.id and a.region = ${plan.region}) as offers,
                 ${
                   restricted
                     ? // The rows are all there are (the limit is never under the named titles):
                       // no count, which planned and ran the filters and the legs' CTEs again.
                       sql`null`
                     : sql`(select count(*) from (select 1 from content c ${whereSql} limit ${TOTAL_CAP}) t)`
                 } as total,
                 ${extra?.score ?? sql`null`}::float8 as score
          from (
            select * from (
              select c.id, c.title, c.release_year, c.release_date, c.type, c.genres, c.creative_type, c.source, c.runtime_minutes,
                     c.mpaa_rating, c.imdb_rating, c.imdb_votes, c.rotten_tomatoes_rating, c.popularity, c.worldwide_gross,
                     c.weighted_rating, c.quality_score,
                     ${hasText ? sql`ts_rank_cd(c.search_doc, to_tsquery('english', ${tsq}))` : sql`0`}::float as text_rank,
                     ${
                       !hasText
                         ? sql`0`
                         : restricted
                           ? // A few named titles (the keyword and vector legs' candidates): scored
                             // row by row, not by a trigram scan of every title.
                             sql`case when ${plan.text} <% lower(c.title) then word_similarity(${plan.text}, lower(c.title)) else 0 end`
                           : sql`coalesce(tm.sim, 0)`
                     }::float as title_sim
                from ${
                  hasText && restricted
                    ? sql`content c ${whereSql}`
                    : hasText
                      ? sql`content c left join (
                  select id, word_similarity(${plan.text}, lower(title)) as sim from content where ${plan.text} <% lower(title)
                ) tm on tm.id = c.id
                ${whereSql}`
                      : // A browse finds the page's ids first, walking the order's index with the facets
                        // tested on its entries (an index-only scan, migration 0008), then reads those rows.
                        sql`(select c.id from content c ${whereSql} order by ${orderBy(plan, false)} limit ${plan.limit}) k
                join content c on c.id = k.id`
                }
            ) c
            order by ${orderBy(plan, hasText)}
            limit ${plan.limit}
          ) x
          ) candidates`;
}

/** What each candidate's JSON array holds, in this order (parseCandidates reads it so). */
const CANDIDATE_COLUMNS = sql.raw(
  [
    'id',
    'title',
    'release_year',
    'type',
    'genres',
    'creative_type',
    'source',
    'director',
    'runtime_minutes',
    'mpaa_rating',
    'imdb_rating',
    'imdb_votes',
    'rotten_tomatoes_rating',
    'popularity',
    'worldwide_gross',
    'text_rank',
    'title_sim',
    'offers',
    'total',
    'score',
  ]
    .map((c) => `candidates.${c}`)
    .join(', '),
);

/** Which leg's score the candidates' `score` column is (a statement without one: neither). */
type ScoreKind = 'keyword' | 'vector' | undefined;

function parseCandidates(
  result: unknown[],
  scoreKind?: ScoreKind,
): { rows: Candidate[]; total: number } {
  const rows = ((result[0] as { rows?: unknown[][] } | undefined)?.rows ?? []) as unknown[][];
  // A statement over named titles counts none: its rows are its total.
  const counted = rows[0]?.[18];
  const total = counted === null || counted === undefined ? rows.length : Number(counted);
  return {
    total,
    rows: rows.map((x): Candidate => {
      const offers = ((x[17] as unknown[][] | null) ?? []).map(
        ([platformId, platformName, priceTier, amount, currency]): OfferSummary => ({
          platformId: String(platformId),
          platformName: String(platformName),
          priceTier: priceTier as OfferSummary['priceTier'],
          amount: num(amount),
          currency: (currency as string | null) ?? null,
        }),
      );
      const c: Candidate = {
        id: String(x[0]),
        title: String(x[1]),
        releaseYear: num(x[2]),
        type: x[3] as 'movie' | 'series',
        genres: (x[4] as string[] | null) ?? [],
        creativeType: (x[5] as string | null) ?? null,
        source: (x[6] as string | null) ?? null,
        director: (x[7] as string | null) ?? null,
        runtimeMinutes: num(x[8]),
        mpaaRating: (x[9] as string | null) ?? null,
        imdbRating: num(x[10]),
        imdbVotes: num(x[11]),
        rottenTomatoes: num(x[12]),
        popularity: Number(x[13]),
        worldwideGross: num(x[14]),
        textRank: Number(x[15]),
        titleSimilarity: Number(x[16]),
        regionPlatforms: [...new Set(offers.map((o) => o.platformId))].sort(),
        offers,
      };
      if (scoreKind && x[19] !== null && x[19] !== undefined) {
        if (scoreKind === 'keyword') c.keywordScore = Number(x[19]);
        else c.vectorScore = Number(x[19]);
      }
      return c;
    }),
  };
}

/** Text jsonb accepts: no NUL, no lone UTF-16 surrogate (either would refuse the whole batch). */
/**
 * `cipher` encrypts the search texts written to search_history; the bench scripts and tests that
 * only read need none (then writing throws).
 */
export function createSearchRepository(
  db: Db,
  cipher?: () => Promise<PiiCipher>,
): SearchRepository {
  const pii = () => {
    if (!cipher) throw new Error('search history needs the PII cipher');
    return cipher();
  };
  /** Neon's HTTP driver (and the Hyperdrive client) send several statements as one request. */
  const batcher = db as unknown as { batch?: (q: never) => Promise<unknown[]> };
  return {
    async gazetteer() {
      const r = await dbCall(() =>
        db.execute(sql`select
          (select coalesce(array_agg(distinct g), '{}') from (select unnest(genres) g from content union select unnest(themes) from content) t) as genres,
          (select coalesce(array_agg(distinct creative_type), '{}') from content where creative_type is not null) as creative,
          (select coalesce(array_agg(distinct source), '{}') from content where source is not null) as sources,
          -- Directors and actors with more than one credit, with their credit counts: the parser
          -- looks names up in an index built once from these (services/search/people-index.ts).
          (select coalesce(json_agg(json_build_array(p.name, p.credit_count)), '[]') from people p
            where p.credit_count > 1 or exists (select 1 from content_credits cc where cc.person_id = p.id and cc.role = 'director')) as people,
          (select coalesce(array_agg(id), '{}') from platforms where active) as platforms,
          (select coalesce(max(release_year), 2010) from content) as latest`),
      );
      const row = r.rows[0] as Row;
      return {
        genres: row.genres as string[],
        creativeTypes: row.creative as string[],
        sources: row.sources as string[],
        people: (row.people as [string, number][]).map(([name, credits]) => ({
          name,
          credits: Number(credits),
        })),
        platforms: row.platforms as string[],
        latestYear: Number(row.latest),
      } satisfies Gazetteer;
    },

    async titleMatches(
      text,
      limit,
      minSimilarity = TITLE_PROBE_TIERS[TITLE_PROBE_TIERS.length - 1]!,
    ) {
      const t = text.toLowerCase().replace(/\0/g, '');
      if (!t.trim()) return [];
      const lit = quoteLiteral(t);
      const select = `select id, title, release_year, similarity(lower(title), ${lit}) as sim
                        from content
                       where lower(title) % ${lit}
                       order by sim desc, popularity desc
                       limit ${Math.max(1, Math.trunc(limit))}`;
      // Strongest tier first: the GIN index rechecks every title sharing enough trigrams with
      // the query, and a high threshold needs more of them, so "the dark night" (0.72 to "The
      // Dark Knight") rechecks a few hundred titles instead of thousands. Lower tiers run only
      // when nothing is that close and the caller could still act on a weaker match.
      const tiers = [...TITLE_PROBE_TIERS.filter((x) => x > minSimilarity), minSimilarity];
      for (const threshold of tiers) {
        const rows = await dbCall(() =>
          selectWithSettings(db, { 'pg_trgm.similarity_threshold': threshold }, select),
        );
        if (rows.length)
          return rows.map((x) => ({
            id: String(x.id),
            title: String(x.title),
            releaseYear: num(x.release_year),
            similarity: Number(x.sim),
          }));
      }
      return [];
    },

    async retrieve(plan, probe) {
      if (!probe)
        return dbCall(async () => parseCandidates((await db.execute(candidatesSql(plan))).rows));
      // The title probe asked in the same statement (its CTEs and answer column, the rows as
      // without it), with the trigram threshold of its weakest tier for this transaction where
      // statements go in batches: the index then rechecks only titles that close, as
      // titleMatches does (without, the default 0.3 gives the same answer, scanning more).
      const statement = candidatesSql(plan, {
        ctes: titleProbeCtes(probe.text, probe.limit, probe.minSimilarity),
        side: TITLE_PROBE_COLUMN,
      });
      const rows = await dbCall(async () => {
        if (typeof batcher.batch !== 'function') return (await db.execute(statement)).rows;
        const results = (await batcher.batch([
          db.execute(
            sql`select set_config('pg_trgm.similarity_threshold', ${String(probe.minSimilarity)}, true)`,
          ),
          db.execute(statement),
        ] as never)) as { rows?: Row[] }[];
        return results[1]?.rows ?? [];
      });
      return {
        ...parseCandidates(rows),
        titleMatches: probeAnswer((rows[0] as Row | undefined)?.side),
      };
    },

    async keywordRetrieve(plan, kw) {
      const words = keywordTerms(kw.text);
      if (!words.length && !kw.titleProbe) return undefined;
      const ctes: SQL[] = [];
      const sources: SQL[] = [];
      if (words.length) {
        ctes.push(keywordCtes(words, kw.limit, kw.titleWeight));
        sources.push(sql`select id from kw`);
      }
      if (kw.titleProbe) {
        ctes.push(
          titleProbeCtes(kw.titleProbe.text, kw.titleProbe.limit, kw.titleProbe.minSimilarity),
        );
        sources.push(sql`select id from tmx`);
      }
      if (!sources.length) return { rows: [], total: 0 };
      const statement = candidatesSql(plan, {
        ctes: sql.join(ctes, sql`, `),
        restrict: sql.join(sources, sql` union `),
        score: words.length
          ? sql`(select kw.score / nullif((select max(score) from kw), 0) from kw where kw.id = x.id)`
          : sql`null`,
        side: kw.titleProbe ? TITLE_PROBE_COLUMN : undefined,
      });
      return dbCall(async () => {
        // With the facets' statement: both in one HTTP request (a batch; PostgreSQL runs them one
        // after the other, while the query embedding and the neighbours take longer anyway),
        // one subrequest fewer than two at once. Without batches, two statements at once.
        let result: unknown[];
        let facetRows: unknown[] | undefined;
        if (kw.facets) {
          const facets = candidatesSql(kw.facets);
          if (typeof batcher.batch === 'function') {
            const both = (await batcher.batch([
              db.execute(statement),
              db.execute(facets),
            ] as never)) as { rows?: Row[] }[];
            result = both[0]?.rows ?? [];
            facetRows = both[1]?.rows ?? [];
          } else {
            const [a, b] = await Promise.all([db.execute(statement), db.execute(facets)]);
            result = a.rows;
            facetRows = b.rows;
          }
        } else result = (await db.execute(statement)).rows;
        const found = parseCandidates(result, 'keyword');
        return {
          ...found,
          ...(kw.titleProbe
            ? { titleMatches: probeAnswer((result[0] as Row | undefined)?.side) }
            : {}),
          ...(facetRows ? { facets: parseCandidates(facetRows) } : {}),
        };
      });
    },

    async vectorRetrieve(embedding, topK, filter, plan) {
      // The nearest neighbours and their rows in one statement, with the HNSW search widened for
      // this transaction (one HTTP batch). Needs batches: the pool's simple protocol takes no
      // parameters, so without them the caller runs the two steps itself.
      if (typeof batcher.batch !== 'function') return undefined;
      const k = Math.max(1, Math.trunc(topK));
      const statement = candidatesSql(plan, {
        ctes: sql`vq as (${sql.raw(nearestNeighboursSql(embedding, k, filter))})`,
        restrict: sql`select id from vq`,
        score: sql`(select vq.score from vq where vq.id = x.id)`,
      });
      const ef = Math.min(1000, Math.max(40, k));
      const results = (await dbCall(() =>
        batcher.batch!([
          db.execute(sql`select set_config('hnsw.ef_search', ${String(ef)}, true)`),
          db.execute(statement),
        ] as never),
      )) as { rows?: Row[] }[];
      return parseCandidates(results[1]?.rows ?? [], 'vector');
    },

    async keywordMatches(text, limit, opts) {
      const titleWeight = Math.min(1, Math.max(0.1, Number(opts?.titleWeight ?? 1) || 1));
      const words = keywordTerms(text);
      if (!words.length) return [];
      // BM25's idea inside Postgres (see keywordCtes). One round trip.
      const r = await dbCall(() =>
        db.execute(
          sql`with ${keywordCtes(words, limit, titleWeight)} select id, score, hits from kw order by score desc, id`,
        ),
      );
      return (r.rows as Row[]).map((x) => ({
        id: String(x.id),
        score: Number(x.score),
        hits: Number(x.hits),
      }));
    },

    async offers(ids, region) {
      const out = new Map<string, OfferSummary[]>();
      if (ids.length === 0) return out;
      const r = await dbCall(() =>
        db.execute(sql`
          select a.content_id, a.platform_id, p.name, a.price_tier, a.amount, a.currency
            from platform_availability a join platforms p on p.id = a.platform_id
           where a.content_id = any(${textArray(ids)}) and a.region = ${region}
           order by a.content_id, ${TIER_ORDER}, a.amount nulls first`),
      );
      for (const x of r.rows as Row[]) {
        const list = out.get(String(x.content_id)) ?? [];
        list.push({
          platformId: String(x.platform_id),
          platformName: String(x.name),
          priceTier: x.price_tier as OfferSummary['priceTier'],
          amount: num(x.amount),
          currency: (x.currency as string | null) ?? null,
        });
        out.set(String(x.content_id), list);
      }
      return out;
    },

    async suggestions(partial, limit) {
      const p = partial.toLowerCase();
      const like = `${p.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      // People by the start of their name (btree people_name_prefix), and, from three letters on,
      // by word similarity (trigram people_name_trgm), which finds a surname ("hanks") and
      // forgives a typo ("spielburg"). Only people with credits; the most credited first (the
      // count is kept on the row, migration 0010). Two letters match too many names to be worth
      // a trigram scan: their prefix matches are enough.
      const fuzzyPeople =
        p.replace(/\s+/g, '').length >= 3
          ? sql`union all
          (select 'person', name, id, null, credit_count, word_similarity(${p}, lower(name)) from people
            where ${p} <% lower(name) and credit_count > 0
            order by word_similarity(${p}, lower(name)) desc, credit_count desc limit ${limit})`
          : sql``;
      const r = await dbCall(() =>
        db.execute(sql`
          select s.*,
                 case when s.kind = 'person' then (
                   select case when count(*) filter (where cc.role = 'director') > count(*) filter (where cc.role = 'actor')
                               then 'director' else 'actor' end
                     from content_credits cc where cc.person_id = s.id) end as role
            from (
          (select 'title' as kind, title as text, id, release_year, popularity::float as weight, 1::float as match from content
            where lower(title) like ${like} order by popularity desc limit ${limit})
          union all
          (select 'title', title, id, release_year, popularity, word_similarity(${p}, lower(title)) from content
            where ${p} <% lower(title) order by word_similarity(${p}, lower(title)) desc, popularity desc limit ${limit})
          union all
          (select 'person', name, id, null, credit_count, 1 from people
            where lower(name) like ${like} and credit_count > 0 order by credit_count desc limit ${limit})
          ${fuzzyPeople}
            ) s`),
      );
      return (r.rows as Row[]).map((x): SuggestionCandidate => {
        const kind = x.kind === 'person' ? 'person' : 'title';
        const base = {
          kind,
          text: String(x.text),
          id: String(x.id),
          match: Number(x.match),
          weight: Number(x.weight),
        } as const;
        return kind === 'person'
          ? {
              ...base,
              role: x.role === 'director' ? 'director' : 'actor',
              credits: Number(x.weight),
            }
          : { ...base, year: num(x.release_year) };
      });
    },

    async recordSearch(rec) {
      await insertSearches(db, await pii(), [rec]);
    },

    recordSearches: async (recs) => insertSearches(db, await pii(), recs),
  };
}
