/**
 * Which Wikipedia film each vega-datasets film is. Pure. Three passes, each one-to-one (a
 * Wikipedia film answers for at most one vega film), the closest year first:
 *
 * 1. title-year: the same title key (accents, case, punctuation, a leading article and
 *    "&"/"and" ignored) and a year at most one apart (vega's year is the US release date,
 *    Wikipedia's list year is often the premiere or the year before).
 * 2. loose-title-year: number words as digits and no spaces ("Twelve Monkeys" = "12 Monkeys",
 *    "Beetle Juice" = "Beetlejuice"), or one title is the other's part before or after a colon
 *    ("Ben-Hur" = "Ben-Hur: A Tale of the Christ"), or one has a possessive credit the other lacks
 *    ("Bram Stoker's Dracula" = vega's "Dracula" 1992), a year apart at most and only one candidate.
 * 3. director-confirmed: the same title key at any distance in years, when the Wikipedia lead's
 *    first sentence names vega's director ("Good Will Hunting", vega "Feb 20 1987", is "a 1997
 *    American drama film directed by Gus Van Sant"): vega's date is the error there.
 */
import { slugify, type CleanMovie } from '../seed/clean-movies.ts';
import { firstSentence, looseTitleKey, titleKey } from './clean-text.ts';
import type { WikiFilm } from './wikipedia.ts';

export type MatchTier = 'title-year' | 'loose-title-year' | 'director-confirmed';

export interface VegaMatch {
  vega: CleanMovie;
  wiki: WikiFilm;
  tier: MatchTier;
  /** Wikipedia year − vega year. */
  yearDelta: number;
}

export type UnmatchedReason =
  | 'no-year'
  | 'title-not-in-list'
  | 'year-differs'
  | 'claimed-by-another';

export interface VegaUnmatched {
  vega: CleanMovie;
  reason: UnmatchedReason;
  /** Years of Wikipedia films with the same title key (for 'year-differs'). */
  wikiYears: number[];
}

export interface MatchResult {
  matches: VegaMatch[];
  unmatched: VegaUnmatched[];
  /** Vega films with a Wikipedia film of the same title key at all, years ignored (the 2,616). */
  sameTitleKey: number;
  byTier: Record<MatchTier, number>;
}

/** Loose keys of the parts around a colon or " - " ("Star Wars Ep. V: The Empire Strikes Back" → two parts); [] for one part. */
export function titleParts(title: string): string[] {
  const parts = title.split(/\s*:\s+|\s+-\s+/);
  return parts.length > 1 ? parts.map(looseTitleKey) : [];
}

/** The title without a possessive credit ("John Carpenter's Ghosts of Mars" → "Ghosts of Mars"), or null. */
export function withoutCredit(title: string): string | null {
  const m = /^(?:\S+ ){0,2}\S+['’]s (.+)$/.exec(title);
  return m ? looseTitleKey(m[1]!) : null;
}

/** First word of the part before the colon ("halloween" for "Halloween 3: Season of the Witch"). */
const headWord = (title: string) =>
  titleKey(title.split(/\s*:\s+|\s+-\s+/)[0]!).split(' ')[0] ?? '';

/**
 * Loose title agreement: the same loose key; one title is a part of the other ("Ben-Hur" /
 * "Ben-Hur: A Tale of the Christ"); or the same subtitle under a series name that starts with
 * the same word ("Halloween 3: Season of the Witch" / "Halloween III: Season of the Witch").
 * Two subtitles alone do not agree ("The Producers: The Movie Musical" is not "Reefer Madness: The Movie Musical").
 */
export function looseTitlesAgree(a: string, b: string): boolean {
  const ka = looseTitleKey(a);
  const kb = looseTitleKey(b);
  if (ka === kb) return true;
  const pa = titleParts(a);
  const pb = titleParts(b);
  if (pa.includes(kb) || pb.includes(ka)) return true;
  if (withoutCredit(a) === kb || withoutCredit(b) === ka) return true;
  return pa.length === 2 && pb.length === 2 && pa[1] === pb[1] && headWord(a) === headWord(b);
}

const plain = (s: string) => slugify(s).replace(/-/g, ' ');

/** The lead's first sentence names this director. */
export function leadNamesDirector(synopsis: string | null, director: string | null): boolean {
  if (!synopsis || !director) return false;
  return ` ${plain(firstSentence(synopsis))} `.includes(` ${plain(director)} `);
}

function index(
  films: readonly WikiFilm[],
  keys: (f: WikiFilm) => string[],
): Map<string, WikiFilm[]> {
  const m = new Map<string, WikiFilm[]>();
  for (const f of films)
    for (const k of new Set(keys(f))) if (k !== '') m.set(k, [...(m.get(k) ?? []), f]);
  return m;
}

export function matchVega(vega: readonly CleanMovie[], wiki: readonly WikiFilm[]): MatchResult {
  const byKey = index(wiki, (f) => [titleKey(f.title)]);
  // Loose candidates are looked up by every loose key and part, then checked pairwise.
  const byLoose = index(wiki, (f) => [
    looseTitleKey(f.title),
    ...titleParts(f.title),
    withoutCredit(f.title) ?? '',
  ]);
  const claimedWiki = new Set<WikiFilm>();
  const matched = new Map<CleanMovie, VegaMatch>();

  /** Greedy one-to-one assignment: all candidate pairs, closest years first, then input order. */
  const assign = (
    tier: MatchTier,
    candidates: (v: CleanMovie) => WikiFilm[],
    accept: (v: CleanMovie, w: WikiFilm, cands: WikiFilm[]) => boolean,
  ) => {
    const pairs: Array<{ v: CleanMovie; w: WikiFilm; d: number; vi: number }> = [];
    vega.forEach((v, vi) => {
      if (matched.has(v) || v.releaseYear === null) return;
      const cands = candidates(v).filter((w) => !claimedWiki.has(w));
      for (const w of cands)
        if (accept(v, w, cands)) pairs.push({ v, w, d: Math.abs(w.year - v.releaseYear), vi });
    });
    pairs.sort((a, b) => a.d - b.d || a.vi - b.vi || a.w.index - b.w.index);
    for (const p of pairs) {
      if (matched.has(p.v) || claimedWiki.has(p.w)) continue;
      matched.set(p.v, { vega: p.v, wiki: p.w, tier, yearDelta: p.w.year - p.v.releaseYear! });
      claimedWiki.add(p.w);
    }
  };

  assign(
    'title-year',
    (v) => byKey.get(titleKey(v.title)) ?? [],
    (v, w) => Math.abs(w.year - v.releaseYear!) <= 1,
  );
  assign(
    'loose-title-year',
    (v) =>
      [
        ...new Set(
          [looseTitleKey(v.title), ...titleParts(v.title), withoutCredit(v.title) ?? ''].flatMap(
            (k) => (k ? (byLoose.get(k) ?? []) : []),
          ),
        ),
      ].filter((w) => looseTitlesAgree(v.title, w.title)),
    (v, w, cands) =>
      Math.abs(w.year - v.releaseYear!) <= 1 &&
      cands.filter((c) => Math.abs(c.year - v.releaseYear!) <= 1).length === 1,
  );
  assign(
    'director-confirmed',
    (v) => byKey.get(titleKey(v.title)) ?? [],
    (v, w) => leadNamesDirector(w.synopsis, v.director),
  );

  const matches: VegaMatch[] = [];
  const unmatched: VegaUnmatched[] = [];
  let sameTitleKey = 0;
  for (const v of vega) {
    const same = byKey.get(titleKey(v.title)) ?? [];
    if (same.length) sameTitleKey++;
    const m = matched.get(v);
    if (m) {
      matches.push(m);
      continue;
    }
    const wikiYears = same.map((w) => w.year).sort((a, b) => a - b);
    const reason: UnmatchedReason =
      v.releaseYear === null
        ? 'no-year'
        : !same.length
          ? 'title-not-in-list'
          : same.some((w) => Math.abs(w.year - v.releaseYear!) <= 1)
            ? 'claimed-by-another'
            : 'year-differs';
    unmatched.push({ vega: v, reason, wikiYears });
  }
  const byTier: Record<MatchTier, number> = {
    'title-year': 0,
    'loose-title-year': 0,
    'director-confirmed': 0,
  };
  for (const m of matches) byTier[m.tier]++;
  return { matches, unmatched, sameTitleKey, byTier };
}
