/**
 * The bundled catalog: the cleaned Wikipedia film list merged with the cleaned vega-datasets
 * catalog into CatalogRecordInput records, one per film. Pure: raw rows in, records and a
 * report out (scripts/catalog/build.ts does the reading and writing).
 *
 * Field precedence in a merged record (each field's upstream is in `provenance`):
 * - Wikipedia: title (its spelling is the article's), synopsis, cast, themes, poster, the
 *   article link; the release year when only the lead's director confirms the match.
 * - vega-datasets: the id (users' lists and links use it), release date and year, runtime,
 *   MPAA rating, director, distributor, source, creative type, money, ratings, popularity.
 * - genres: vega's first, then Wikipedia's tags mapped to coarse genres (a union).
 */
import type { CatalogRecordInput, MergedField, Upstream } from '../../src/schemas/catalog.ts';
import {
  cleanMovies,
  contentSlug,
  type CleaningReport,
  type CleanMovie,
} from '../seed/clean-movies.ts';
import { mapGenreTags } from './genres.ts';
import { matchVega, type MatchResult, type VegaMatch } from './match-vega.ts';
import { cleanWikipedia, type WikiFilm, type WikipediaResult } from './wikipedia.ts';

/** modifiedAt of every record in this edition: fixed, so a rebuild is byte-identical. */
export const BUNDLED_EDITION_AT = '2026-11-01T00:00:00Z';

/** The vega median popularity (0.711 for the 3,200 films) rounded: the ceiling of the Wikipedia-only prior. */
export const WIKI_PRIOR_CAP = 0.72;

/**
 * Popularity prior of a film vega-datasets does not know (no votes, no gross). Wikipedia gives
 * only signs of notability, so the prior is modest and capped at WIKI_PRIOR_CAP, the vega
 * median, so that the 3,200 films with measured audiences keep their ranks above most of the
 * 33,000 new ones:
 *
 *   prior = 0.72 × (0.40·E + 0.15·C + 0.10·P + 0.35·R), rounded to 3 places
 *   E = lead length / 900 characters, capped at 1 (editors write more about notable films;
 *       the mean lead is ~300 characters)
 *   C = listed leads / 8, capped at 1 (well-documented films list more of their cast)
 *   P = 1 with a poster
 *   R = (year − 1930) / 81, clamped to 0..1 (2011 and later count fully: the audience this
 *       catalog serves streams recent films; silent-era films get nothing here)
 *
 * A 1950s film with a three-line lead, three leads and a poster gets ~0.27; a 2015 film with
 * a short lead ~0.55; only a 2011–2023 film with a long lead, a full cast and a poster reaches
 * the vega median.
 */
export function wikiPopularityPrior(f: {
  synopsis: string | null;
  cast: readonly string[];
  poster: unknown;
  year: number;
}): number {
  const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
  const e = clamp01((f.synopsis?.length ?? 0) / 900);
  const c = clamp01(f.cast.length / 8);
  const p = f.poster ? 1 : 0;
  const r = clamp01((f.year - 1930) / 81);
  return Math.round(WIKI_PRIOR_CAP * (0.4 * e + 0.15 * c + 0.1 * p + 0.35 * r) * 1000) / 1000;
}

export interface CatalogReport {
  wikipedia: WikipediaResult['counts'];
  vega: CleaningReport;
  match: Omit<MatchResult, 'matches' | 'unmatched'> & {
    matched: number;
    unmatchedByReason: Record<string, number>;
  };
  records: { total: number; merged: number; wikipediaOnly: number; vegaOnly: number };
  genres: {
    sportsAliased: number;
    unknownTags: string[];
    creativeTypesDerived: number;
    creativeTypesFromVega: number;
    genresByCount: Record<string, number>;
  };
  ids: { wikiIdsSuffixed: number; releaseDatesDropped: number };
  popularity: {
    vegaQuantiles: number[];
    wikiOnlyQuantiles: number[];
    wikiOnlyBelowVegaMedian: number;
    wikiOnlyAtOrAboveVegaMedian: number;
  };
  samples: {
    unmatchedVega: string[];
    looseMatches: string[];
    directorConfirmed: string[];
    keptApart: string[];
    tvSeries: string[];
    offTopic: string[];
    idSuffixes: string[];
  };
}

const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return QUANTILES.map((q) => s[Math.floor(q * (s.length - 1))] ?? 0);
};

type Draft = CatalogRecordInput & { provenance: Partial<Record<MergedField, Upstream>> };

/** Sets a field (and its provenance) only when the value says something. */
function put<K extends MergedField>(
  r: Draft,
  field: K,
  value: Draft[K] | null | undefined,
  from: Upstream,
): void {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
  (r as Record<string, unknown>)[field] = value;
  r.provenance[field] = from;
}

function wikiFields(r: Draft, w: WikiFilm, mapped: ReturnType<typeof mapGenreTags>): void {
  put(r, 'synopsis', w.synopsis, 'wikipedia');
  put(r, 'cast', w.cast, 'wikipedia');
  put(r, 'themes', mapped.themes.slice(0, 40), 'wikipedia');
  put(r, 'poster', w.poster, 'wikipedia');
  if (w.linked && w.href) r.externalIds = { wikipedia: w.href };
}

function vegaFields(r: Draft, v: CleanMovie, withDate: boolean): void {
  if (withDate) put(r, 'releaseDate', v.releaseDate, 'vega-datasets');
  put(r, 'runtimeMinutes', v.runtimeMinutes, 'vega-datasets');
  put(r, 'mpaaRating', v.mpaaRating as CatalogRecordInput['mpaaRating'], 'vega-datasets');
  put(r, 'directors', v.director ? [v.director] : null, 'vega-datasets');
  put(r, 'creativeType', v.creativeType, 'vega-datasets');
  put(r, 'source', v.source, 'vega-datasets');
  put(r, 'distributor', v.distributor, 'vega-datasets');
  put(r, 'productionBudget', v.productionBudget, 'vega-datasets');
  put(r, 'usGross', v.usGross, 'vega-datasets');
  put(r, 'worldwideGross', v.worldwideGross, 'vega-datasets');
  put(r, 'imdbRating', v.imdbRating, 'vega-datasets');
  put(r, 'imdbVotes', v.imdbVotes, 'vega-datasets');
  put(r, 'rottenTomatoesRating', v.rottenTomatoesRating, 'vega-datasets');
  put(r, 'popularity', v.popularity, 'vega-datasets');
}

const draft = (
  sourceKey: string,
  proposedId: string,
  title: string,
  releaseYear: number,
  from: Upstream,
): Draft => ({
  sourceKey,
  proposedId,
  type: 'movie',
  title,
  releaseYear,
  externalIds: {},
  provenance: { title: from },
  modifiedAt: BUNDLED_EDITION_AT,
});

/** Key order of a written record (stable JSON, small diffs). */
const FIELD_ORDER = [
  'sourceKey',
  'proposedId',
  'type',
  'title',
  'releaseYear',
  'releaseDate',
  'runtimeMinutes',
  'mpaaRating',
  'genres',
  'themes',
  'synopsis',
  'cast',
  'directors',
  'poster',
  'creativeType',
  'source',
  'distributor',
  'productionBudget',
  'usGross',
  'worldwideGross',
  'imdbRating',
  'imdbVotes',
  'rottenTomatoesRating',
  'popularity',
  'externalIds',
  'provenance',
  'modifiedAt',
] as const;

function ordered(r: Draft): CatalogRecordInput {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER)
    if ((r as Record<string, unknown>)[k] !== undefined) out[k] = (r as Record<string, unknown>)[k];
  const prov: Record<string, Upstream> = {};
  for (const k of FIELD_ORDER)
    if (r.provenance[k as MergedField]) prov[k] = r.provenance[k as MergedField]!;
  out.provenance = prov;
  return out as CatalogRecordInput;
}

export function deriveCatalog(
  rawWiki: readonly unknown[],
  rawVega: readonly unknown[],
): { records: CatalogRecordInput[]; report: CatalogReport } {
  const wiki = cleanWikipedia(rawWiki);
  const { movies: vega, report: vegaReport } = cleanMovies(rawVega);
  const match = matchVega(vega, wiki.films);
  const byWiki = new Map<WikiFilm, VegaMatch>(match.matches.map((m) => [m.wiki, m]));

  // Ids: vega's are kept as they are; Wikipedia-only films get "title-year", "-2" … on a clash, in key order.
  const taken = new Set(vega.map((v) => v.id));
  const wikiIds = new Map<WikiFilm, string>();
  const idSuffixes: string[] = [];
  let wikiIdsSuffixed = 0;
  for (const w of [...wiki.films]
    .filter((f) => !byWiki.has(f))
    .sort((a, b) => (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0))) {
    const base = contentSlug(w.title, w.year);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    if (id !== base) {
      wikiIdsSuffixed++;
      if (idSuffixes.length < 12) idSuffixes.push(`${id} (${w.sourceKey})`);
    }
    taken.add(id);
    wikiIds.set(w, id);
  }

  let sportsAliased = 0;
  let creativeTypesDerived = 0;
  let creativeTypesFromVega = 0;
  let releaseDatesDropped = 0;
  const unknownTags = new Set<string>();
  const records: Draft[] = [];
  const wikiOnlyPops: number[] = [];

  for (const w of wiki.films) {
    const mapped = mapGenreTags(w.tags);
    sportsAliased += mapped.aliased;
    for (const t of mapped.unknownTags) unknownTags.add(t);
    const m = byWiki.get(w);
    if (!m) {
      const r = draft(w.sourceKey, wikiIds.get(w)!, w.title, w.year, 'wikipedia');
      put(r, 'genres', mapped.genres, 'wikipedia');
      wikiFields(r, w, mapped);
      put(r, 'directors', w.directors, 'wikipedia');
      put(r, 'creativeType', mapped.creativeType, 'wikipedia');
      if (mapped.creativeType) creativeTypesDerived++;
      const pop = wikiPopularityPrior(w);
      wikiOnlyPops.push(pop);
      put(r, 'popularity', pop, 'wikipedia');
      records.push(r);
      continue;
    }
    const v = m.vega;
    // A director-confirmed match means vega's date was wrong (or a re-release): Wikipedia's year, no date.
    const trustVegaDate = m.tier !== 'director-confirmed';
    if (!trustVegaDate && v.releaseDate) releaseDatesDropped++;
    const r = draft(
      w.sourceKey,
      v.id,
      w.title,
      trustVegaDate ? v.releaseYear! : w.year,
      'wikipedia',
    );
    const genres = [...new Set([...v.genres, ...mapped.genres])];
    put(r, 'genres', genres, v.genres.length ? 'vega-datasets' : 'wikipedia');
    wikiFields(r, w, mapped);
    vegaFields(r, v, trustVegaDate);
    if (!v.director) put(r, 'directors', w.directors, 'wikipedia');
    if (v.creativeType) creativeTypesFromVega++;
    else if (mapped.creativeType) {
      put(r, 'creativeType', mapped.creativeType, 'wikipedia');
      creativeTypesDerived++;
    }
    records.push(r);
  }
  for (const u of match.unmatched) {
    const v = u.vega;
    // Undated vega films cannot be placed; none exist today (all 3,200 parse), kept as a guard.
    if (v.releaseYear === null) continue;
    const r = draft(`vega:${v.id}`, v.id, v.title, v.releaseYear, 'vega-datasets');
    put(r, 'genres', v.genres, 'vega-datasets');
    vegaFields(r, v, true);
    if (v.creativeType) creativeTypesFromVega++;
    records.push(r);
  }

  records.sort(
    (a, b) =>
      a.releaseYear - b.releaseYear ||
      (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0),
  );
  const out = records.map(ordered);

  const genresByCount: Record<string, number> = {};
  for (const r of out)
    for (const g of r.genres ?? []) genresByCount[g] = (genresByCount[g] ?? 0) + 1;
  const vegaQ = quantiles(vega.map((v) => v.popularity));
  const vegaMedian = vegaQ[2]!;
  const unmatchedByReason: Record<string, number> = {};
  for (const u of match.unmatched)
    unmatchedByReason[u.reason] = (unmatchedByReason[u.reason] ?? 0) + 1;
  const describeUnmatched = (u: MatchResult['unmatched'][number]) =>
    `${u.vega.title} (${u.vega.releaseYear}) — ${u.reason}${u.wikiYears.length ? `: Wikipedia has ${u.wikiYears.join(', ')}` : ''}`;
  const pick = <T>(xs: T[], n: number) =>
    xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);

  const report: CatalogReport = {
    wikipedia: wiki.counts,
    vega: vegaReport,
    match: {
      matched: match.matches.length,
      sameTitleKey: match.sameTitleKey,
      byTier: match.byTier,
      unmatchedByReason,
    },
    records: {
      total: out.length,
      merged: match.matches.length,
      wikipediaOnly: wiki.films.length - match.matches.length,
      vegaOnly: match.unmatched.filter((u) => u.vega.releaseYear !== null).length,
    },
    genres: {
      sportsAliased,
      unknownTags: [...unknownTags].sort(),
      creativeTypesDerived,
      creativeTypesFromVega,
      genresByCount,
    },
    ids: { wikiIdsSuffixed, releaseDatesDropped },
    popularity: {
      vegaQuantiles: vegaQ,
      wikiOnlyQuantiles: quantiles(wikiOnlyPops),
      wikiOnlyBelowVegaMedian: wikiOnlyPops.filter((p) => p < vegaMedian).length,
      wikiOnlyAtOrAboveVegaMedian: wikiOnlyPops.filter((p) => p >= vegaMedian).length,
    },
    samples: {
      unmatchedVega: [
        ...pick(
          match.unmatched.filter((u) => u.reason === 'title-not-in-list'),
          20,
        ),
        ...pick(
          match.unmatched.filter((u) => u.reason !== 'title-not-in-list'),
          15,
        ),
      ].map(describeUnmatched),
      looseMatches: match.matches
        .filter((m) => m.tier === 'loose-title-year')
        .map((m) => `${m.vega.title} (${m.vega.releaseYear}) = ${m.wiki.title} (${m.wiki.year})`),
      directorConfirmed: match.matches
        .filter((m) => m.tier === 'director-confirmed')
        .map(
          (m) =>
            `${m.vega.title}: vega ${m.vega.releaseDate}, Wikipedia ${m.wiki.year}, director ${m.vega.director}`,
        ),
      keptApart: wiki.keptApart,
      tvSeries: pick(wiki.tvSeries, 15),
      offTopic: wiki.offTopic,
      idSuffixes,
    },
  };
  return { records: out, report };
}
