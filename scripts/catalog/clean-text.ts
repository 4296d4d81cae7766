/**
 * Text rules for the Wikipedia film list (prust/wikipedia-movie-data): titles, match keys,
 * lead extracts and poster URLs. Pure functions; each rule names what it was written for.
 */
import { slugify } from '../seed/clean-movies.ts';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
};

/** `&amp;`, `&#39;`, `&#x2013;` → characters (none occur today; scraped text is HTML-adjacent). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Entities decoded, control and zero-width characters removed, whitespace runs (NBSP too) collapsed, trimmed. */
export function cleanText(s: string): string {
  return decodeEntities(s)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

const FRACTIONS: Record<string, string> = {
  '1/2': '½',
  '1/3': '⅓',
  '2/3': '⅔',
  '1/4': '¼',
  '3/4': '¾',
};

export interface TitleClean {
  title: string;
  /** A MediaWiki stylesheet leaked into the title ("Naked Gun .mw-parser-output .frac{…}33+1⁄3"). */
  cssRemoved: boolean;
  /** "An Enemy to the King (film)", "Stronger Than Death (1920 film)", "The Perils of Pauline (1933 serial)". */
  disambiguatorRemoved: boolean;
  /** "Arrival of Prince Henry … (1902)" in the 1902 list. */
  yearSuffixRemoved: boolean;
  /** "Fly by Night [fr]": an interlanguage-link marker. */
  languageMarkerRemoved: boolean;
}

/**
 * A list title as a person would write it. Parentheticals that are part of a title or name a
 * release ("(500) Days of Summer", "Susan Lenox (Her Fall and Rise)", "(3D re-release)") stay;
 * only Wikipedia's own disambiguators go, because the release year already tells remakes apart.
 */
export function cleanTitle(raw: string, year: number): TitleClean {
  let t = cleanText(raw);
  const out = {
    cssRemoved: false,
    disambiguatorRemoved: false,
    yearSuffixRemoved: false,
    languageMarkerRemoved: false,
  };
  if (t.includes('.mw-parser-output')) {
    // The {{frac}} template renders "33+1⁄3" after its stylesheet: drop the rules, keep the number.
    t = t
      .replace(/(?:\.mw-parser-output[^{]*\{[^}]*\}\s*)+/g, '')
      .replace(/(\d+)\+(\d)⁄(\d)/g, (m, whole: string, n: string, d: string) =>
        FRACTIONS[`${n}/${d}`] ? `${whole}${FRACTIONS[`${n}/${d}`]}` : m,
      );
    t = cleanText(t);
    out.cssRemoved = true;
  }
  const lang = t.replace(/\s*\[[a-z]{2,3}\]$/, '');
  if (lang !== t) {
    t = lang;
    out.languageMarkerRemoved = true;
  }
  const dis = t.replace(/\s*\((?:\d{4} )?(?:[a-z-]+ )?(?:film|serial)\)$/i, '');
  if (dis !== t && dis !== '') {
    t = dis;
    out.disambiguatorRemoved = true;
  }
  const ym = /^(.+?)\s*\((\d{4})\)$/.exec(t);
  if (ym && Number(ym[2]) === year) {
    t = ym[1]!;
    out.yearSuffixRemoved = true;
  }
  return { title: t, ...out };
}

const NUMBER_WORDS: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  thirteen: '13',
  twenty: '20',
  hundred: '100',
  thousand: '1000',
};

/**
 * The key two sources' titles are compared by: accents, case, punctuation and a leading
 * article ignored, "&" read as "and" ("The Godfather: Part II" = "Godfather Part II").
 */
export function titleKey(title: string): string {
  return slugify(title)
    .replace(/-/g, ' ')
    .replace(/^(the|a|an) /, '')
    .trim();
}

/**
 * A looser key for a second matching pass: number words as digits ("Twelve Monkeys" =
 * "12 Monkeys"), release markers ignored ("My Bloody Valentine 3D"), roman numerals of sequels left
 * alone, and no spaces ("Beetle Juice" = "Beetlejuice").
 */
export function looseTitleKey(title: string): string {
  return releaseBaseKey(title)
    .split(' ')
    .map((w) => NUMBER_WORDS[w] ?? w)
    .join('');
}

/** Slug of a title without articles or release markers, for telling re-releases from other films. */
export function releaseBaseKey(title: string): string {
  return titleKey(
    title
      .replace(
        /\((?:[^()]*\b(?:re-?release|cut|edition|version|theatrical release)\b[^()]*)\)/gi,
        ' ',
      )
      .replace(/:?\s*(?:the )?IMAX(?: experience)?\b/gi, ' ')
      .replace(/\b(?:in )?3-?D\b/gi, ' ')
      .replace(/:?\s*special edition$/i, ' '),
  );
}

// ---- lead extracts ----

/**
 * A hatnote the scraper kept as the lead ("(For the 1929 talkie see The Isle of Lost Ships)",
 * "For the 1942 film starring Eddie Albert …, see Treat 'Em Rough.", ":There was also …"):
 * one line or parenthesis that sends the reader elsewhere, never a sentence about the film.
 */
const HATNOTE =
  /^\s*[,;]?\s*(?:\(\s*(?:for|see|not to be confused)\b[^)]*\)\.?|(?:for\b[^\n]*?\bsee\b|see\b|not to be confused\b)[^\n]*|:[^\n]*)/i;

/** Words that say an extract is about a film (or a screen work). Used to spot leads about something else. */
const SCREEN_WORDS =
  /\b(?:films?|movies?|motion pictures?|pictures?|documentar(?:y|ies)|serials?|shorts?|cartoons?|animated|animation|features?|photoplay|comed(?:y|ies)|dramas?|westerns?|melodrama|newsreels?|musicals?|thrillers?|horror|mockumentary|rockumentary|docudrama|actuality|screen(?:ed|play)?|silent|reels?|reeler|talkie|pilot|special|anthology|remake|sequel|adaptation|telefilm|released|directed|directing|starring|stars|starred|noir|biopic|mystery|whodunnit|adventure|romance|love story|miniseries|mini series|series|television|tv|video|concert|performance|sitcom|cast)\b/i;

export type ExtractKind = 'film' | 'tv-series' | 'off-topic';

export interface ExtractClean {
  synopsis: string | null;
  hatnoteRemoved: boolean;
  /** Whitespace runs, line breaks, spaces before punctuation or leading punctuation fixed. */
  whitespaceFixed: boolean;
  kind: ExtractKind;
}

/** The lead's first sentence (abbreviations such as "Mr." or "D. W." do not end it). */
export function firstSentence(s: string): string {
  const m = /^.*?[a-z0-9)"'”’][.!?](?=\s+[A-Z"“(]|$)/s.exec(s);
  return (m ? m[0] : s).trim();
}

/**
 * What the lead describes. "tv-series": the title itself is called a series, episode, pilot
 * or show ("Duck Dodgers is an American animated television series …"); films based on a
 * series ("The Lone Ranger is a 1956 Western film based on … television series") stay "film".
 * "off-topic": no word of the screen anywhere (the scraper followed a link to a novel, a play,
 * a song or a person: "King Lear is a tragedy written by William Shakespeare.").
 */
export function extractKind(synopsis: string): ExtractKind {
  if (!SCREEN_WORDS.test(synopsis)) return 'off-topic';
  const first = firstSentence(synopsis);
  const pred = /\b(?:is|was|are)\s+(?:an?|the|one)\b(.*)$/i.exec(first)?.[1] ?? '';
  const head =
    pred.split(
      /\b(?:based on|adapted from|from|about|that|which|who|created|starring|featuring|produced|directed|of the|for)\b|,/i,
    )[0] ?? '';
  if (
    /\b(?:series|show|programme|program|sitcom|episode|pilot|miniseries|mini-series)\b/i.test(
      head,
    ) &&
    !/\b(?:films?|movies?|features?|motion pictures?|shorts?|cartoons?)\b/i.test(head)
  ) {
    return 'tv-series';
  }
  return 'film';
}

/** Leads over this are cut at a sentence end (the longest today is 1,519 characters; the schema allows 5,000). */
export const MAX_SYNOPSIS = 4000;

export function cleanExtract(raw: unknown): ExtractClean {
  if (typeof raw !== 'string')
    return { synopsis: null, hatnoteRemoved: false, whitespaceFixed: false, kind: 'film' };
  let s = decodeEntities(raw);
  let hatnoteRemoved = false;
  for (let i = 0; i < 3; i++) {
    const m = HATNOTE.exec(s);
    if (!m || /\b(?:is|was) an?\b/.test(m[0])) break;
    s = s.slice(m[0].length);
    hatnoteRemoved = true;
  }
  const before = s;
  s = cleanText(s)
    .replace(/^[\s,;:.]+/, '')
    .replace(/ ([.,;:!?])(?=\s|$)/g, '$1')
    .trim();
  const whitespaceFixed = s !== before;
  if (s.length > MAX_SYNOPSIS) {
    const cut = s.slice(0, MAX_SYNOPSIS);
    s = cut.slice(0, Math.max(cut.lastIndexOf('. ') + 1, 1)) || cut;
  }
  if (s === '') return { synopsis: null, hatnoteRemoved, whitespaceFixed, kind: 'film' };
  return { synopsis: s, hatnoteRemoved, whitespaceFixed, kind: extractKind(s) };
}

/** https poster URL: "http:" upgraded (Wikimedia serves both), protocol-relative completed, anything else dropped. */
export function posterUrl(raw: unknown): { url: string | null; upgraded: boolean } {
  if (typeof raw !== 'string') return { url: null, upgraded: false };
  const s = raw.trim();
  if (/^https:\/\/\S+$/.test(s)) return { url: s, upgraded: false };
  if (/^http:\/\/\S+$/.test(s)) return { url: `https://${s.slice(7)}`, upgraded: true };
  if (/^\/\/\S+$/.test(s)) return { url: `https:${s}`, upgraded: true };
  return { url: null, upgraded: false };
}

/** A positive whole pixel size within the schema's bound, else null. */
export const pixels = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 20_000 ? v : null;
