/**
 * The Wikipedia film list (prust/wikipedia-movie-data) → one cleaned film per real film.
 * Pure: rows in, films and counts out.
 *
 * Duplicates, as the data has them:
 * - 155 article slugs (`href`) are shared by 312 rows. Most are one film listed twice: the
 *   same title a year apart (In Old Arizona 1928/1929), a re-release ("Titanic 3D" 2012,
 *   "Donnie Darko (Director's Cut) (re-release)") or an alternative title ("The Final
 *   Conflict" / "Omen III: The Final Conflict"). Those are merged: union of cast and tags,
 *   the longest lead. Others are different films the scraper linked to one article
 *   (Miracle on 34th Street 1947 and 1994; Tank Force! 1958 → No_Time_to_Die, the 2021 Bond):
 *   they stay apart, the article goes to the film whose year its lead states, and the others
 *   lose the link, lead and poster, which describe another film.
 * - 30 title+year pairs: 18 are rows of one article (above), 10 are two films with two
 *   articles (Carmen 1915, DeMille's and Walsh's: kept apart), 2 involve rows without an
 *   article, merged only when their casts overlap (This Is America 1933) or both are empty.
 */
import { slugify, personId } from '../seed/clean-movies.ts';
import { cleanCast, emptyCastCounts, type CastCounts } from './clean-cast.ts';
import { cleanExtract, cleanText, cleanTitle, firstSentence, pixels, posterUrl, releaseBaseKey, titleKey, type ExtractKind } from './clean-text.ts';

export interface Poster {
  url: string;
  width: number | null;
  height: number | null;
}

/** One row of the list, cleaned. */
export interface WikiRow {
  /** Position in the input (decade files in order), for deterministic tie-breaks. */
  index: number;
  title: string;
  year: number;
  cast: string[];
  directors: string[];
  tags: string[];
  /** Article slug, percent-decoded ("Star_Wars:_Episode_I_–_The_Phantom_Menace"); null when the list has none. */
  href: string | null;
  synopsis: string | null;
  kind: ExtractKind;
  poster: Poster | null;
}

/** One film: a row, or several rows merged. */
export interface WikiFilm extends WikiRow {
  /** `wiki:<slug>` with an article, else `wiki:<title slug>:<year>` (":2" … when two films share that). */
  sourceKey: string;
  /** Rows merged into this film. */
  rows: number;
  /** Whether the article is this film's (false when its lead turned out to be about something else). */
  linked: boolean;
}

export interface WikipediaCounts {
  rowsIn: number;
  rowsInvalid: number;
  films: number;
  // titles
  titleCssRemoved: number;
  titleDisambiguatorsRemoved: number;
  titleYearSuffixesRemoved: number;
  titleLanguageMarkersRemoved: number;
  titleWhitespaceFixed: number;
  // articles and leads
  withoutHref: number;
  hrefsPercentDecoded: number;
  extractsMissing: number;
  hatnotesRemoved: number;
  extractsEmptyAfterHatnote: number;
  extractWhitespaceFixed: number;
  extractsTvSeries: number;
  extractsOffTopic: number;
  postersMissing: number;
  postersUpgradedToHttps: number;
  // duplicates
  duplicateTitleYearPairs: number;
  duplicateHrefs: number;
  duplicateHrefRows: number;
  sharedArticleRowsMerged: number;
  sharedArticleFilmsKeptApart: number;
  titleYearRowsMergedWithoutArticle: number;
  keyCollisionsSuffixed: number;
  cast: CastCounts;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function decodeHref(h: string): string {
  try {
    return decodeURIComponent(h);
  } catch {
    return h;
  }
}

/** The year a lead's first sentence states ("… is a 1921 American silent …"), if any. */
export function statedYear(synopsis: string | null): number | null {
  const m = synopsis ? /\b(1[89]\d\d|20[0-3]\d)\b/.exec(firstSentence(synopsis)) : null;
  return m ? Number(m[1]) : null;
}

/** Parses and cleans one row; null when it has no title or year. */
export function parseRow(r: unknown, index: number, c: WikipediaCounts): WikiRow | null {
  if (!isRecord(r) || typeof r.title !== 'string' || typeof r.year !== 'number' || !Number.isInteger(r.year) || r.year < 1870 || r.year > 2100) {
    c.rowsInvalid++;
    return null;
  }
  const year = r.year;
  const t = cleanTitle(r.title, year);
  if (!t.title) {
    c.rowsInvalid++;
    return null;
  }
  if (t.cssRemoved) c.titleCssRemoved++;
  if (t.disambiguatorRemoved) c.titleDisambiguatorsRemoved++;
  if (t.yearSuffixRemoved) c.titleYearSuffixesRemoved++;
  if (t.languageMarkerRemoved) c.titleLanguageMarkersRemoved++;
  if (!t.cssRemoved && cleanText(r.title) !== r.title) c.titleWhitespaceFixed++;

  const { cast, directors } = cleanCast(r.cast, c.cast);
  const tags = Array.isArray(r.genres) ? r.genres.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => cleanText(g)) : [];

  let href: string | null = null;
  if (typeof r.href === 'string' && r.href.trim()) {
    href = decodeHref(r.href.trim());
    if (href !== r.href.trim()) c.hrefsPercentDecoded++;
  } else c.withoutHref++;

  const e = cleanExtract(r.extract);
  if (typeof r.extract !== 'string' || !r.extract.trim()) c.extractsMissing++;
  if (e.hatnoteRemoved) c.hatnotesRemoved++;
  if (e.hatnoteRemoved && e.synopsis === null) c.extractsEmptyAfterHatnote++;
  if (e.whitespaceFixed) c.extractWhitespaceFixed++;

  const p = posterUrl(r.thumbnail);
  if (p.upgraded) c.postersUpgradedToHttps++;
  if (!p.url) c.postersMissing++;
  const poster = p.url ? { url: p.url, width: pixels(r.thumbnail_width), height: pixels(r.thumbnail_height) } : null;

  return { index, title: t.title, year, cast, directors, tags, href, synopsis: e.synopsis, kind: e.kind, poster };
}

const ids = (names: readonly string[]) => new Set(names.map(personId));
const castOverlap = (a: WikiRow, b: WikiRow) => {
  const s = ids(a.cast);
  return b.cast.some((n) => s.has(personId(n)));
};
const containsWords = (a: string, b: string) => ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);

/**
 * Two rows sharing an article are one film when their titles agree once release markers are
 * ignored and they are a year apart at most or share a lead; or when one title contains the
 * other (an alternative title) a year apart at most.
 */
export function sameFilmOnArticle(a: WikiRow, b: WikiRow): boolean {
  const dy = Math.abs(a.year - b.year);
  if (releaseBaseKey(a.title) === releaseBaseKey(b.title)) return dy <= 1 || castOverlap(a, b);
  return dy <= 1 && containsWords(titleKey(a.title), titleKey(b.title));
}

/** Rows of one film → the film: the row whose year the lead states leads; union of cast, tags, directors; the longest lead. */
export function mergeRows(rows: readonly WikiRow[]): WikiRow {
  const stated = statedYear(rows.map((r) => r.synopsis).filter((s): s is string => s !== null).sort((x, y) => y.length - x.length)[0] ?? null);
  const byPref = [...rows].sort((x, y) => Number(y.year === stated) - Number(x.year === stated) || x.year - y.year || x.index - y.index);
  const lead = byPref[0]!;
  const union = (pick: (r: WikiRow) => string[], key: (s: string) => string) => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const r of byPref) for (const s of pick(r)) if (!seen.has(key(s))) {
      seen.add(key(s));
      out.push(s);
    }
    return out;
  };
  const longest = [...rows].filter((r) => r.synopsis).sort((x, y) => y.synopsis!.length - x.synopsis!.length || x.index - y.index)[0];
  return {
    ...lead,
    cast: union((r) => r.cast, personId).slice(0, 50),
    directors: union((r) => r.directors, personId),
    tags: union((r) => r.tags, (s) => s.toLowerCase()),
    synopsis: longest?.synopsis ?? null,
    kind: longest?.kind ?? lead.kind,
    poster: lead.poster ?? byPref.find((r) => r.poster)?.poster ?? null,
  };
}

type Merged = WikiRow & { rows: number };

/** Rows sharing an article → films (see the file comment). */
function resolveSharedArticle(rows: WikiRow[], c: WikipediaCounts): Merged[] {
  // Union-find over "same film" pairs.
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < rows.length; i++) for (let j = i + 1; j < rows.length; j++) if (sameFilmOnArticle(rows[i]!, rows[j]!)) parent[find(i)] = find(j);
  const groups = new Map<number, WikiRow[]>();
  for (const [i, r] of rows.entries()) groups.set(find(i), [...(groups.get(find(i)) ?? []), r]);
  const clusters = [...groups.values()];
  // The article belongs to the film whose year its lead states, else whose title the slug spells.
  const year = statedYear(rows.map((r) => r.synopsis).find((s) => s) ?? null);
  const slugTitle = titleKey(rows[0]!.href!.replace(/#.*$/, '').replace(/_/g, ' ').replace(/\s*\([^)]*\)$/, ''));
  const score = (cl: WikiRow[]) => {
    const dy = year === null ? 99 : Math.min(...cl.map((r) => Math.abs(r.year - year)));
    return [dy === 0 ? 0 : dy === 1 ? 1 : 2, cl.some((r) => titleKey(r.title) === slugTitle) ? 0 : 1, Math.min(...cl.map((r) => r.index))];
  };
  const ranked = clusters
    .map((cl) => ({ cl, s: score(cl) }))
    .sort((a, b) => a.s[0]! - b.s[0]! || a.s[1]! - b.s[1]! || a.s[2]! - b.s[2]!);
  return ranked.map(({ cl }, rank) => {
    const film = mergeRows(cl);
    c.sharedArticleRowsMerged += cl.length - 1;
    if (rank === 0) return { ...film, rows: cl.length };
    c.sharedArticleFilmsKeptApart++;
    return { ...film, href: null, synopsis: null, kind: 'film' as const, poster: null, rows: cl.length };
  });
}

export function emptyWikipediaCounts(): WikipediaCounts {
  return {
    rowsIn: 0, rowsInvalid: 0, films: 0, titleCssRemoved: 0, titleDisambiguatorsRemoved: 0, titleYearSuffixesRemoved: 0,
    titleLanguageMarkersRemoved: 0, titleWhitespaceFixed: 0, withoutHref: 0, hrefsPercentDecoded: 0, extractsMissing: 0,
    hatnotesRemoved: 0, extractsEmptyAfterHatnote: 0, extractWhitespaceFixed: 0, extractsTvSeries: 0, extractsOffTopic: 0,
    postersMissing: 0, postersUpgradedToHttps: 0, duplicateTitleYearPairs: 0,
    duplicateHrefs: 0, duplicateHrefRows: 0, sharedArticleRowsMerged: 0, sharedArticleFilmsKeptApart: 0,
    titleYearRowsMergedWithoutArticle: 0, keyCollisionsSuffixed: 0, cast: emptyCastCounts(),
  };
}

export interface WikipediaResult {
  films: WikiFilm[];
  counts: WikipediaCounts;
  /** Titles whose lead describes a series, and leads dropped as being about something else (samples for the report). */
  tvSeries: string[];
  offTopic: string[];
  keptApart: string[];
}

export function cleanWikipedia(raw: readonly unknown[]): WikipediaResult {
  const c = emptyWikipediaCounts();
  c.rowsIn = raw.length;
  const rows = raw.map((r, i) => parseRow(r, i, c)).filter((r): r is WikiRow => r !== null);

  const pairs = new Map<string, number>();
  for (const r of rows) pairs.set(`${r.title}|${r.year}`, (pairs.get(`${r.title}|${r.year}`) ?? 0) + 1);
  c.duplicateTitleYearPairs = [...pairs.values()].filter((n) => n > 1).length;

  // 1. Rows sharing an article.
  const byHref = new Map<string, WikiRow[]>();
  const merged: Merged[] = [];
  for (const r of rows) {
    if (r.href) byHref.set(r.href, [...(byHref.get(r.href) ?? []), r]);
    else merged.push({ ...r, rows: 1 });
  }
  const keptApart: string[] = [];
  for (const group of byHref.values()) {
    if (group.length === 1) {
      merged.push({ ...group[0]!, rows: 1 });
      continue;
    }
    c.duplicateHrefs++;
    c.duplicateHrefRows += group.length;
    const films = resolveSharedArticle(group, c);
    for (const f of films.slice(1)) keptApart.push(`${f.title} (${f.year}) — not ${films[0]!.href} (${films[0]!.title}, ${films[0]!.year})`);
    merged.push(...films);
  }

  // 2. The same title and year where a row has no article: one film when the casts overlap or both are empty.
  const byTitleYear = new Map<string, Merged[]>();
  for (const f of merged) byTitleYear.set(`${titleKey(f.title)}|${f.year}`, [...(byTitleYear.get(`${titleKey(f.title)}|${f.year}`) ?? []), f]);
  const films: Merged[] = [];
  for (const group of byTitleYear.values()) {
    const out: Merged[] = [];
    for (const f of group.sort((a, b) => a.index - b.index)) {
      const twin = out.find((o) => (!o.href || !f.href) && (castOverlap(o, f) || (o.cast.length === 0 && f.cast.length === 0)));
      if (!twin) {
        out.push(f);
        continue;
      }
      const m = mergeRows([twin, f]);
      Object.assign(twin, m, { href: twin.href ?? f.href, rows: twin.rows + f.rows, index: Math.min(twin.index, f.index) });
      c.titleYearRowsMergedWithoutArticle++;
    }
    films.push(...out);
  }

  // 3. Leads: series noted; leads about something else dropped with the link and poster they came with.
  const tvSeries: string[] = [];
  const offTopic: string[] = [];
  const unlinked = new Set<Merged>();
  for (const f of films) {
    if (f.kind === 'tv-series') {
      c.extractsTvSeries++;
      tvSeries.push(`${f.title} (${f.year}): ${f.synopsis!.slice(0, 90)}…`);
    } else if (f.kind === 'off-topic') {
      c.extractsOffTopic++;
      offTopic.push(`${f.title} (${f.year}): ${f.synopsis!.slice(0, 90)}…`);
      f.synopsis = null;
      f.poster = null;
      f.kind = 'film';
      unlinked.add(f);
    }
  }

  // 4. Keys: the article slug, else title slug and year; collisions numbered by cast, then position.
  const keyed = films.map((f) => ({ f, key: f.href ? `wiki:${f.href}` : `wiki:${slugify(f.title) || 'untitled'}:${f.year}` }));
  const byKey = new Map<string, typeof keyed>();
  for (const k of keyed) byKey.set(k.key, [...(byKey.get(k.key) ?? []), k]);
  const out: WikiFilm[] = [];
  for (const [key, group] of byKey) {
    group.sort((a, b) => a.f.cast.join('|').localeCompare(b.f.cast.join('|')) || a.f.index - b.f.index);
    group.forEach(({ f }, i) => {
      if (i > 0) c.keyCollisionsSuffixed++;
      out.push({ ...f, sourceKey: i === 0 ? key : `${key}:${i + 1}`, linked: f.href !== null && !unlinked.has(f) });
    });
  }
  out.sort((a, b) => a.index - b.index);
  c.films = out.length;
  return { films: out, counts: c, tvSeries, offTopic, keptApart };
}
