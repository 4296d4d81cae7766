/**
 * The local query parser: turns "a feel-good 90s comedy under two hours on something I
 * already pay for" into intent, facets, negations and leftover text, using a gazetteer drawn
 * from the catalog itself plus everyday vocabulary (./vocabulary.ts). Pure and synchronous.
 */
import type { Entities, Negations, ParsedQuery } from '../../schemas/search';
import {
  CREATIVE_WORDS,
  FILLER,
  GENRE_WORDS,
  MOOD_WORDS,
  MOODS,
  MY_PLATFORM_PHRASES,
  PLATFORM_WORDS,
  PRICE_WORDS,
  RECOMMEND_CUES,
  SORT_WORDS,
  SOURCE_WORDS,
} from './vocabulary';
import {
  matchFullName,
  matchSurname,
  peopleIndexFor,
  type PeopleIndex,
  type PersonName,
} from './people-index';

export interface Gazetteer {
  genres: string[];
  creativeTypes: string[];
  sources: string[];
  /** Directors, and actors with more than one credit (the catalog's cast lists). */
  people: PersonName[];
  platforms: string[];
  /** Latest release year in the catalog: "recent" is relative to it. */
  latestYear: number;
}

type MpaaCode = Entities['mpaa'][number];
const PRICE_TIERS: Entities['priceTiers'] = ['free', 'ads', 'subscription', 'rent', 'buy'];

interface Lexicon {
  gaz: Gazetteer;
  facets: { kind: FacetKind; re: RegExp; map: Record<string, unknown> }[];
  people: PeopleIndex;
}
type FacetKind = 'source' | 'creative' | 'genre' | 'mood' | 'sort' | 'platform' | 'price';

const NEG = String.raw`(?:(no|not|non|without|nothing|never|except|excluding|minus|avoid|skip|but not|anything but|isn't|aren't|don't want|dont want)\s+(?:(?:a|an|any|too|very|so|more|really|overly|the|on|in|streaming on|available on)\s+)*)?`;
/** A negation that only tempers ("not too gory", "nothing very scary"). */
const SOFT_NEG = /\b(?:too|very|so|overly|really)\s/;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Lowercase, strip diacritics, unify quotes and spaces. */
export function normalizeQuery(q: string): string {
  return q
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

function alternation(words: string[]): string {
  return words
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}

const lexicons = new WeakMap<Gazetteer, Lexicon>();

function lexiconFor(gaz: Gazetteer): Lexicon {
  const hit = lexicons.get(gaz);
  if (hit) return hit;
  const genres = new Set(gaz.genres);
  const creative = new Set(gaz.creativeTypes);
  const sources = new Set(gaz.sources);
  const platforms = new Set(gaz.platforms);
  const keep = <V>(m: Record<string, V>, ok: (v: V) => boolean) =>
    Object.fromEntries(Object.entries(m).filter(([, v]) => ok(v))) as Record<string, V>;
  const tables: [FacetKind, Record<string, unknown>][] = [
    ['source', keep(SOURCE_WORDS, (v) => sources.has(v))],
    ['creative', keep(CREATIVE_WORDS, (v) => creative.has(v))],
    ['genre', keep(GENRE_WORDS, (v) => genres.has(v))],
    ['mood', MOOD_WORDS],
    ['sort', SORT_WORDS],
    ['platform', keep(PLATFORM_WORDS, (v) => platforms.size === 0 || platforms.has(v))],
    ['price', PRICE_WORDS],
  ];
  const facets = tables
    .filter(([, m]) => Object.keys(m).length > 0)
    .map(([kind, map]) => ({
      kind,
      map,
      re: new RegExp(String.raw`(?<![\w-])${NEG}(${alternation(Object.keys(map))})(?![\w+-])`, 'g'),
    }));
  const people = peopleIndexFor(gaz.people);
  const lex = { gaz, facets, people };
  lexicons.set(gaz, lex);
  return lex;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  a: 1,
  an: 1,
};
const DECADE_WORDS: Record<string, number> = {
  twenties: 1920,
  thirties: 1930,
  forties: 1940,
  fifties: 1950,
  sixties: 1960,
  seventies: 1970,
  eighties: 1980,
  nineties: 1990,
};
const NUM = String.raw`(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|an?)`;
const toNumber = (s: string) => NUMBER_WORDS[s] ?? Number(s);

/** "movies", "films", "the one where": the text asks for a kind of film, or describes one. */
const CATEGORY_NOUN =
  /\b(?:movies?|films?|flicks?|pictures|documentaries|cartoons|(?:the )?one where|about|where|starring|with)\b/;

/** Whether a normalised query asks for a kind of film ("disaster movies") rather than naming one. */
export function asksForAKind(normalized: string): boolean {
  return CATEGORY_NOUN.test(normalized);
}

class Work {
  /** The query with recognised spans blanked out. */
  rest: string;
  constructor(public readonly text: string) {
    this.rest = ` ${text} `;
  }
  /** Applies a regex to what is left; each match is blanked so nothing is read twice. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback returns false to refuse the match, or nothing
  take(re: RegExp, fn: (m: RegExpExecArray) => boolean | void): void {
    const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
    const rx = new RegExp(re.source, flags);
    const spans: [number, number][] = [];
    for (let m = rx.exec(this.rest); m; m = rx.exec(this.rest)) {
      if (m[0].length === 0) {
        rx.lastIndex++;
        continue;
      }
      if (fn(m) !== false) spans.push([m.index, m.index + m[0].length]);
    }
    for (const [a, b] of spans.reverse())
      this.rest = this.rest.slice(0, a) + ' '.repeat(b - a) + this.rest.slice(b);
  }
}

function decadeRange(prefix: string | undefined, start: number): { min: number; max: number } {
  if (prefix === 'early') return { min: start, max: start + 3 };
  if (prefix === 'mid' || prefix === 'mid-') return { min: start + 3, max: start + 6 };
  if (prefix === 'late') return { min: start + 6, max: start + 9 };
  return { min: start, max: start + 9 };
}

function twoDigitDecade(d: string): number {
  const n = Number(d);
  return n >= 20 ? 1900 + n : 2000 + n;
}

/**
 * `vague`: read "old", "recent", "classic" as facets. A plot description keeps them as words
 * ("old man flies his house away"); decades and years stay facets ("a 90s movie where…").
 */
function parseTime(w: Work, e: Entities, n: Negations, latestYear: number, vague = true): void {
  const setYears = (min?: number, max?: number) => {
    e.years = { min: min ?? e.years?.min, max: max ?? e.years?.max };
  };
  const YEAR = String.raw`((?:18|19|20)\d\d)`;
  w.take(
    new RegExp(String.raw`\b(?:between|from)\s+${YEAR}\s+(?:and|to|until|-)\s+${YEAR}\b`),
    (m) => setYears(Number(m[1]), Number(m[2])),
  );
  w.take(new RegExp(String.raw`\b${YEAR}\s*(?:-|–|to)\s*${YEAR}\b`), (m) =>
    setYears(Number(m[1]), Number(m[2])),
  );
  // "nothing from the 80s", "no 90s movies", "not from the seventies": those years are excluded.
  const exclude = (r: { min: number; max: number }) => {
    n.years = r;
  };
  const NOT = String.raw`\b(?:not|nothing|no|never|except|excluding|without|anything but)\s+(?:(?:from|in|of|made in)\s+)?(?:the\s+)?`;
  w.take(
    new RegExp(String.raw`${NOT}(early|mid-?|late)?\s*(?:(18|19|20)(\d)0|'?(\d)0)'?s\b`),
    (m) => {
      exclude(
        decadeRange(m[1]?.trim(), m[2] ? Number(`${m[2]}${m[3]}0`) : twoDigitDecade(`${m[4]}0`)),
      );
    },
  );
  w.take(
    new RegExp(
      String.raw`${NOT}(early|mid-?|late)?\s*(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b`,
    ),
    (m) => {
      exclude(decadeRange(m[1]?.trim(), DECADE_WORDS[m[2]!]!));
    },
  );
  if (vague) {
    w.take(
      /\b(?:not|nothing|never)\s+(?:too\s+|very\s+|so\s+)?(?:old|older|classic|vintage)\b/,
      () => setYears(1980),
    );
    w.take(/\b(?:not|nothing|never)\s+(?:too\s+|very\s+|so\s+)?(?:recent|new|newer|modern)\b/, () =>
      setYears(undefined, latestYear - 5),
    );
  }
  w.take(/\b(early|mid-?|late)?\s*(?:the\s+)?(?:(18|19|20)(\d)0|'?(\d)0)'?s\b/, (m) => {
    const start = m[2] ? Number(`${m[2]}${m[3]}0`) : twoDigitDecade(`${m[4]}0`);
    const r = decadeRange(m[1]?.trim(), start);
    setYears(r.min, r.max);
  });
  w.take(
    /\b(early|mid-?|late)?\s*(?:the\s+)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/,
    (m) => {
      const r = decadeRange(m[1]?.trim(), DECADE_WORDS[m[2]!]!);
      setYears(r.min, r.max);
    },
  );
  w.take(
    new RegExp(String.raw`\b(?:before|pre-?|prior to|older than|earlier than|until)\s*${YEAR}\b`),
    (m) => setYears(undefined, Number(m[1]) - 1),
  );
  w.take(new RegExp(String.raw`\b(?:after|post-?|newer than|later than)\s*${YEAR}\b`), (m) =>
    setYears(Number(m[1]) + 1),
  );
  w.take(
    new RegExp(String.raw`\b(?:since|from)\s+${YEAR}\s+(?:on|onwards?|and later|or later)\b`),
    (m) => setYears(Number(m[1])),
  );
  w.take(new RegExp(String.raw`\b(?:since)\s+${YEAR}\b`), (m) => setYears(Number(m[1])));
  w.take(new RegExp(String.raw`\b(?:from|in|of|released in|made in|year)\s+${YEAR}\b`), (m) =>
    setYears(Number(m[1]), Number(m[1])),
  );
  if (!vague) return;
  w.take(/\b(?:recent|new|newer|modern|latest releases)\b/, () => setYears(latestYear - 4));
  w.take(/\b(?:classic|classics|old|older|vintage|golden age)\b/, () => setYears(undefined, 1979));
}

/** "Leaving soon" looks this far ahead (the availability poller's leaving-soon window). */
export const LEAVING_SOON_DAYS = 14;
/** "New on Hulu" looks this far back. */
export const RECENTLY_ADDED_DAYS = 30;
const PLATFORM_AHEAD = String.raw`(?=\s+(?:on\s+|to\s+|from\s+)?(?:${alternation(Object.keys(PLATFORM_WORDS))})(?!\w))`;
const WINDOW = String.raw`(?:\s+(?:this|next|in the next|within the|in the last|from the last|this past)\s+(week|month|few days|two weeks|days))?`;
const windowDays = (w: string | undefined, fallback: number) =>
  w === 'week'
    ? 7
    : w === 'two weeks'
      ? 14
      : w === 'few days' || w === 'days'
        ? 3
        : w === 'month'
          ? 30
          : fallback;

/**
 * Availability intents, read before "new" can mean recent releases: "leaving soon", "what's
 * leaving netflix this month", "last chance"; "new on hulu", "just added to netflix", "new
 * arrivals". The platform word itself is left for the platform facet.
 */
function parseAvailability(w: Work, e: Entities): void {
  const leaving = (m: RegExpExecArray) => {
    e.leavingWithinDays = windowDays(m[1], LEAVING_SOON_DAYS);
    if (e.sort === 'relevance') e.sort = 'leaving_soon';
  };
  const added = (m: RegExpExecArray) => {
    e.addedWithinDays = windowDays(m[1], RECENTLY_ADDED_DAYS);
    if (e.sort === 'relevance') e.sort = 'recently_added';
  };
  w.take(
    new RegExp(
      String.raw`\b(?:leaving|expiring|going away|disappearing|being removed|about to leave)\s+soon\b${WINDOW}`,
    ),
    leaving,
  );
  w.take(
    new RegExp(String.raw`\b(?:leaving|expiring on|about to leave)${PLATFORM_AHEAD}`),
    leaving,
  );
  w.take(
    new RegExp(
      String.raw`\b(?:last chance(?: to (?:watch|stream|see))?|leaving)\b${WINDOW}(?=\s*$)`,
    ),
    leaving,
  );
  w.take(
    /\b(?:leaving|expiring)\s+(?:this|next|within the)\s+(week|month|few days|two weeks)\b/,
    leaving,
  );
  w.take(
    new RegExp(
      String.raw`\b(?:brand new|new|just added|newly added|recently added|added|new arrivals|arrived)${PLATFORM_AHEAD}`,
    ),
    added,
  );
  w.take(
    new RegExp(
      String.raw`\b(?:just added|newly added|recently added|new arrivals|new additions)${WINDOW}`,
    ),
    added,
  );
  // "leaving hulu this month": the window after the platform.
  if (e.leavingWithinDays !== undefined || e.addedWithinDays !== undefined) {
    w.take(
      /\b(?:this|next|in the next|within the|in the last|from the last|this past)\s+(week|month|few days|two weeks)\b/,
      (m) => {
        if (e.leavingWithinDays !== undefined)
          e.leavingWithinDays = windowDays(m[1], LEAVING_SOON_DAYS);
        if (e.addedWithinDays !== undefined)
          e.addedWithinDays = windowDays(m[1], RECENTLY_ADDED_DAYS);
      },
    );
  }
}

/** `vague`: "short", "long", "not too long" as facets (a description keeps them as words). */
function parseRuntime(w: Work, e: Entities, n: Negations, vague = true): void {
  const set = (min?: number, max?: number) => {
    e.runtime = { min: min ?? e.runtime?.min, max: max ?? e.runtime?.max };
  };
  const minutes = (n: number, unit: string) =>
    unit.startsWith('h') ? Math.round(n * 60) : Math.round(n);
  w.take(/\b(?:an|one) hour and a half\b/, () => set(undefined, 90));
  const UNIT = String.raw`(hours?|hrs?|h|minutes?|mins?|m)\b`;
  const HALF = String.raw`(?:\s+and\s+a\s+half)?`;
  // "not long", "not under 90 minutes", "not short": the other side of the bound.
  w.take(
    new RegExp(
      String.raw`\b(?:not|nothing|never)\s+(under|less than|shorter than|below|over|more than|longer than|above)\s*${NUM}${HALF}\s*-?\s*${UNIT}`,
    ),
    (m) => {
      const n2 = minutes(toNumber(m[2]!) + (/and a half/.test(m[0]) ? 0.5 : 0), m[3]!);
      if (/under|less|shorter|below/.test(m[1]!)) set(n2);
      else set(undefined, n2);
    },
  );
  w.take(
    new RegExp(
      String.raw`\b(under|less than|shorter than|below|no more than|not more than|at most|max(?:imum)?|within|up to|no longer than|not longer than|not over|<)\s*${NUM}${HALF}\s*-?\s*${UNIT}(?:\s+long)?`,
    ),
    (m) => {
      const half = /and a half/.test(m[0]) ? 0.5 : 0;
      set(undefined, minutes(toNumber(m[2]!) + half, m[3]!));
    },
  );
  w.take(
    new RegExp(
      String.raw`\b(over|more than|longer than|above|at least|minimum|>)\s*${NUM}${HALF}\s*-?\s*${UNIT}(?:\s+long)?`,
    ),
    (m) => {
      const half = /and a half/.test(m[0]) ? 0.5 : 0;
      set(minutes(toNumber(m[2]!) + half, m[3]!));
    },
  );
  // A rate is not a length: "50 miles an hour", "$10 an hour", "twice a minute".
  const RATE = String.raw`(?<!\b(?:miles?|mph|kilometers?|kilometres?|km|dollars?|bucks|times|twice|per)\s)`;
  w.take(
    new RegExp(String.raw`${RATE}\b${NUM}${HALF}[- ](hours?|minutes?|mins?)(?:[- ]long)?\b`),
    (m) => {
      // "a 90-minute film": within ten minutes either way
      const n = minutes(toNumber(m[1]!) + (/and a half/.test(m[0]) ? 0.5 : 0), m[2]!);
      if (n >= 30 && n <= 300) set(n - 10, n + 10);
      else return false;
    },
  );
  if (!vague) return;
  // "not too long", "nothing too long": a soft preference for shorter films (ranking, not a filter).
  w.take(
    /\b(?:not|nothing|no|isn't|never)\s+(?:too|very|so|overly|really)\s+(?:long|lengthy)\b/,
    () => {
      n.softRuntimeMax = 130;
    },
  );
  w.take(
    /\b(?:not|nothing|no|isn't|never)\s+(?:too|very|so|overly|really)\s+(?:short|quick)\b/,
    () => {
      n.softRuntimeMin = 85;
    },
  );
  w.take(/\b(?:not|nothing|never)\s+(?:long|lengthy)\b/, () => set(undefined, 149));
  w.take(/\b(?:not|nothing|never)\s+(?:short|quick)\b/, () => set(96));
  w.take(/\b(?:short|quick)\b(?!\s+(?:film|story|stories))/, () => set(undefined, 95));
  w.take(/\b(?:long|lengthy|epic-length)\b(?!\s+(?:time|ago))/, () => set(150));
}

function parseRating(w: Work, e: Entities): void {
  // Several cues ("highly rated dramas above 8") combine to the strictest bound.
  const set = (min?: number, max?: number) => {
    const lo = [min, e.rating?.min].filter((x): x is number => x !== undefined);
    const hi = [max, e.rating?.max].filter((x): x is number => x !== undefined);
    e.rating = {
      min: lo.length ? Math.max(...lo) : undefined,
      max: hi.length ? Math.min(...hi) : undefined,
    };
  };
  const SCORE = String.raw`(\d(?:\.\d)?|10)`;
  w.take(
    new RegExp(
      String.raw`\b(?:rated|rating|imdb(?: rating)?|score(?:d)?|scoring)?\s*(above|over|at least|higher than|more than|better than|>=?|of at least)\s*${SCORE}(?:\s*(?:/|out of)\s*10)?(?!\s*(?:min|minutes|hours|h\b|\d))`,
    ),
    (m) => {
      set(
        m[1] === 'above' ||
          m[1] === 'over' ||
          m[1] === 'higher than' ||
          m[1] === 'more than' ||
          m[1] === 'better than' ||
          m[1] === '>'
          ? Number(m[2]) + 0.01
          : Number(m[2]),
      );
    },
  );
  w.take(new RegExp(String.raw`\b${SCORE}\s*\+(?!\w)`), (m) => set(Number(m[1])));
  w.take(
    new RegExp(
      String.raw`\b(?:rated|rating|imdb)?\s*(below|under|less than|lower than)\s*${SCORE}(?!\s*(?:min|minutes|hours|h\b|\d))`,
    ),
    (m) => set(undefined, Number(m[2]) - 0.01),
  );
  w.take(
    /\b(?:highly[- ]rated|high[- ]rated|critically acclaimed|acclaimed|well[- ]reviewed|award[- ]winning|masterpieces?|must[- ]see|top[- ]notch|excellent)\b/,
    () => set(7.5),
  );
  w.take(/\b(?:badly[- ]rated|poorly[- ]rated|so bad it'?s good|terrible|worst)\b/, () =>
    set(undefined, 5),
  );
}

const MPAA_TOKEN: Record<string, MpaaCode> = {
  g: 'G',
  pg: 'PG',
  'pg-13': 'PG-13',
  pg13: 'PG-13',
  'pg 13': 'PG-13',
  r: 'R',
  'nc-17': 'NC-17',
  nc17: 'NC-17',
  unrated: 'NR',
};

/** `vague`: "family" as G or PG (a description's family is a plot word: "a mafia family"). */
function parseMpaa(w: Work, e: Entities, n: Negations, vague = true): void {
  const add = (list: MpaaCode[], code: MpaaCode | undefined) => {
    if (code && !list.includes(code)) list.push(code);
  };
  w.take(
    /\b(?:not|no|nothing|never|isn't|without)\s+(?:rated\s+)?(pg-13|pg13|pg 13|nc-17|nc17|pg|g|r)(?:[- ]rated)?(?![\w-])/,
    (m) => add(n.mpaa, MPAA_TOKEN[m[1]!]),
  );
  w.take(/\b(?:no|nothing)\s+(pg-13|nc-17|r)[- ]rated\b/, (m) => add(n.mpaa, MPAA_TOKEN[m[1]!]));
  w.take(/\brated\s+(pg-13|pg13|pg 13|nc-17|nc17|pg|g|r)(?![\w-])/, (m) =>
    add(e.mpaa, MPAA_TOKEN[m[1]!]),
  );
  w.take(/(?<![\w-])(pg-13|pg13|nc-17|nc17|pg|g|r)[- ]rated\b/, (m) =>
    add(e.mpaa, MPAA_TOKEN[m[1]!]),
  );
  w.take(/(?<![\w-])(pg-13|pg13|nc-17|nc17|pg)(?![\w-])/, (m) => add(e.mpaa, MPAA_TOKEN[m[1]!]));
  w.take(/\b(?:or|and)\s+(g|r)\b(?=\s*$|\s+(?:movies?|films?|rated)\b)/, (m) => {
    if (e.mpaa.length === 0) return false;
    add(e.mpaa, MPAA_TOKEN[m[1]!]);
  });
  if (!vague) return;
  w.take(
    /\b(?:family[- ]friendly|kid[- ]friendly|for the whole family|for the family|family)\b/,
    () => {
      add(e.mpaa, 'G');
      add(e.mpaa, 'PG');
    },
  );
}

/** Between two facet words, a conjunction makes them alternatives ("comedies or dramas"). */
const CONJUNCTION = /\b(?:or|and|nor|vs|versus)\b|[,/&+]/;

/**
 * Genre and theme words side by side name one kind of film: "found footage horror", "war
 * dramas", "funny spy movies" ask for titles that are both. Joined by a conjunction they are
 * alternatives ("comedies or dramas", "action and adventure"), as before.
 */
function allOf(text: string, spans: { start: number; end: number; value: string }[]): string[] {
  const values = uniq(spans.map((s) => s.value));
  if (values.length < 2) return [];
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++)
    if (CONJUNCTION.test(text.slice(sorted[i - 1]!.end, sorted[i]!.start))) return [];
  return values;
}

/** Facets a plot description names explicitly; its genre, mood and sort words are plot words. */
const DESCRIPTION_FACETS = new Set<FacetKind>(['source', 'platform']);

function parseFacets(w: Work, lex: Lexicon, e: Entities, n: Negations, description = false): void {
  for (const { kind, re, map } of lex.facets) {
    if (description && !DESCRIPTION_FACETS.has(kind)) continue;
    // "not on hulu or netflix", "no horror, thrillers or westerns": a list after a negation is negated.
    let negatedUntil = -1;
    let softList = false;
    const genreSpans: { start: number; end: number; value: string }[] = [];
    const rest = w.rest;
    w.take(re, (m) => {
      const continues =
        negatedUntil >= 0 &&
        /^(?:\s*,\s*|\s+(?:or|nor|and)\s+|\s*,\s*(?:or|nor|and)\s+)(?:on\s+)?$/.test(
          w.rest.slice(negatedUntil, m.index),
        );
      const negated = Boolean(m[1]) || continues;
      const soft = (Boolean(m[1]) && SOFT_NEG.test(m[0])) || (continues && softList);
      if (negated) {
        negatedUntil = m.index + m[0].length;
        softList = soft;
      } else negatedUntil = -1;
      const value = map[m[2]!];
      switch (kind) {
        case 'genre':
          (soft ? n.soft : negated ? n.genres : e.genres).push(value as string);
          if (!negated)
            genreSpans.push({ start: m.index, end: m.index + m[0].length, value: value as string });
          break;
        case 'creative':
          (negated ? n.creativeTypes : e.creativeTypes).push(value as string);
          break;
        case 'source':
          (negated ? n.sources : e.sources).push(value as string);
          break;
        case 'mood':
          // "not too dark" and "not dark" both temper: a mood is never a filter.
          if (negated) {
            n.soft.push(...(MOODS[value as string]?.boost ?? []));
            break;
          }
          e.moods.push(value as string);
          break;
        case 'sort':
          if (negated) return false;
          e.sort = value as Entities['sort'];
          break;
        case 'platform':
          (negated ? n.platforms : e.platforms).push(value as string);
          break;
        case 'price':
          // "not free": any other tier.
          if (negated) {
            const not = value as Entities['priceTiers'];
            e.priceTiers.push(...PRICE_TIERS.filter((t) => !not.includes(t)));
            break;
          }
          e.priceTiers.push(...(value as Entities['priceTiers']));
          break;
      }
    });
    if (kind === 'genre') e.genresAll = allOf(rest, genreSpans);
  }
}

/**
 * A possessive says a person is meant ("kubrick's", "hanks's") unless the word is an everyday
 * noun that is also somebody's surname: "a murdered man's ghost" is not Method Man.
 */
const POSSESSIVE_NOT_A_NAME =
  /^(?:.{1,3}|king|queen|love|wolf|bird|stone|hill|wood|rose|bell|cross|park|young|black|white|brown|green|grey|gray|little|long|strong|good|child|father|mother|brother|sister|wife|husband|daughter|world|devil|angel|death|night|mann?)$/;
/** Words around a lone surname that say a person is meant ("with hanks", "spielberg movies", "kubrick's"). */
const SURNAME_CUE_BEFORE = /\b(?:by|with|starring|featuring|from|directed by)\s+$/;
const SURNAME_CUE_AFTER =
  /^(?:\s+(?:movies?|films?|flicks?|comedies|dramas|thrillers|westerns|classics)\b)/;

/**
 * Actors and directors (./people-index.ts): a whole name, one token of it typo'd at most, or a
 * lone surname beside a cue. Longest spans first; each token is read once.
 */
function parsePeople(
  w: Work,
  lex: Lexicon,
  e: Entities,
  n: Negations,
): { from: string; to: string } | undefined {
  let correction: { from: string; to: string } | undefined;
  // Tokens of what is left; hyphens split ("jean-claude"), a possessive is dropped ("hanks's").
  const tokens = [...w.rest.matchAll(/[a-z][a-z'.]*/g)].map((m) => ({
    t: m[0].replace(/'s$/, '').replace(/['.]/g, ''),
    possessive: m[0].endsWith("'s"),
    i: m.index!,
    end: m.index! + m[0].length,
  }));
  // Two tokens belong to one name only if nothing but spaces or a hyphen stood between them
  // in the query (a recognised facet blanked between them does not count).
  const adjacent = (a: number) =>
    /^[ -]$/.test(w.text.slice(tokens[a]!.end - 1, tokens[a + 1]!.i - 1));
  const used = new Set<number>();
  const matches: { from: number; to: number; name: string }[] = [];
  for (let size = 4; size >= 1; size--) {
    for (let s = 0; s + size <= tokens.length; s++) {
      if ([...Array(size).keys()].some((k) => used.has(s + k))) continue;
      if ([...Array(size - 1).keys()].some((k) => !adjacent(s + k))) continue;
      const span = tokens.slice(s, s + size);
      const words = span.map((x) => x.t);
      if (words.some((x) => !x) || (size === 1 && FILLER.has(words[0]!))) continue;
      const first = span[0]!;
      const last = span[span.length - 1]!;
      let hit = size >= 2 ? matchFullName(lex.people, words) : undefined;
      if (!hit && size <= 2) {
        const cue =
          (last.possessive && (size === 2 || !POSSESSIVE_NOT_A_NAME.test(words[0]!))) ||
          SURNAME_CUE_BEFORE.test(w.text.slice(0, first.i - 1)) ||
          SURNAME_CUE_AFTER.test(w.text.slice(last.end - 1));
        if (cue) hit = matchSurname(lex.people, words.join(' '));
      }
      if (!hit) continue;
      for (let k = 0; k < size; k++) used.add(s + k);
      matches.push({ from: first.i, to: last.end, name: hit.name });
      if (hit.distance > 0)
        correction = { from: w.text.slice(first.i - 1, last.end - 1), to: hit.name };
    }
  }
  for (const m of matches) {
    const prefix = w.rest.slice(0, m.from);
    const negated =
      /\b(?:not|no|without|except|excluding|avoid|anything but)\s+(?:(?:by|with|starring|featuring)\s+)?(?:directed by\s+)?$/.test(
        prefix,
      );
    (negated ? n.people : e.people).push(m.name);
    let from = m.from;
    const cue =
      /\b(?:(?:not|no|without|except|excluding|avoid)\s+)?(?:directed by|made by|starring|featuring|with|by|from)\s+$/.exec(
        prefix,
      );
    if (cue) from = cue.index;
    w.rest = w.rest.slice(0, from) + ' '.repeat(m.to - from) + w.rest.slice(m.to);
  }
  return correction;
}

function leftoverText(rest: string): string {
  return rest
    .replace(/[^a-z0-9'&+ -]+/g, ' ')
    .split(/\s+/)
    .filter((t) => t && !FILLER.has(t) && !/^[-'&+]+$/.test(t))
    .join(' ');
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/**
 * Words left after the facets from which a query reads as a plot description ("toys that come
 * alive when nobody is watching, a cowboy and a space ranger"): its genre, mood, sort and vague
 * time or length words are then plot words, not filters (a cowboy is not a western, an old man
 * not a classic, "no short term memory" no runtime). Chosen on the discovery set's tune split.
 */
export const DESCRIPTION_WORDS = 3;

export function parseQuery(raw: string, gaz: Gazetteer, description = false): ParsedQuery {
  const normalized = normalizeQuery(raw);
  const lex = lexiconFor(gaz);
  const e: Entities = {
    genres: [],
    genresAll: [],
    moods: [],
    people: [],
    mpaa: [],
    platforms: [],
    myPlatforms: false,
    priceTiers: [],
    sources: [],
    creativeTypes: [],
    sort: 'relevance',
  };
  const n: Negations = {
    genres: [],
    mpaa: [],
    people: [],
    creativeTypes: [],
    sources: [],
    platforms: [],
    soft: [],
  };
  const w = new Work(normalized);

  let intent: ParsedQuery['intent'] = 'search';
  w.take(
    /\b(?:something |anything |movies? |films? )?(?:like|similar to|in the vein of|along the lines of|reminiscent of)\s+(.+?)(?=\s+(?:but|with|from|on|under|over|in|that|and)\b|$)/,
    (m) => {
      e.similarTo = m[1]!.replace(/^(?:the movie|the film)\s+/, '').trim();
      intent = 'recommend';
    },
  );
  if (RECOMMEND_CUES.test(normalized)) intent = 'recommend';
  w.take(RECOMMEND_CUES, () => {});

  for (const phrase of MY_PLATFORM_PHRASES) {
    w.take(new RegExp(String.raw`\b(?:on\s+)?${escapeRegExp(phrase)}\b`), () => {
      e.myPlatforms = true;
    });
  }
  parseMpaa(w, e, n, !description);
  parseAvailability(w, e);
  parseTime(w, e, n, gaz.latestYear, !description);
  parseRuntime(w, e, n, !description);
  parseRating(w, e);
  parseFacets(w, lex, e, n, description);
  const correction = parsePeople(w, lex, e, n);
  // A bare year counts as a year only beside other facets ("comedies 1994"); alone it may be a title ("1776").
  const facetCount =
    e.genres.length + e.people.length + e.creativeTypes.length + e.sources.length + e.moods.length;
  if (facetCount > 0)
    w.take(/\b((?:19|20)\d\d)\b/, (m) => {
      e.years = { min: Number(m[1]), max: Number(m[1]) };
    });

  // Negated words the vocabulary does not know ("not too gory", "no gore"): evidence against, not for.
  const terms: string[] = [];
  if (!description)
    w.take(
      /\b(?:not|no|without|nothing|never|isn't|aren't|avoid)\s+(?:(?:too|very|so|overly|really|much|any|a|an|the)\s+)*([a-z][a-z'-]*(?:\s+(?:and|or)\s+[a-z][a-z'-]*)?)/,
      (m) => {
        const words = m[1]!.split(/\s+/).filter((x) => !FILLER.has(x) && x.length > 2);
        if (!words.length) return false;
        terms.push(...words);
      },
    );
  const text = leftoverText(w.rest);
  if (!description && text.split(' ').filter((t) => t.length > 2).length >= DESCRIPTION_WORDS)
    return parseQuery(raw, gaz, true);
  const entities: Entities = {
    ...e,
    genres: uniq(e.genres),
    moods: uniq(e.moods),
    people: uniq(e.people),
    platforms: uniq(e.platforms),
    priceTiers: uniq(e.priceTiers),
    sources: uniq(e.sources),
    creativeTypes: uniq(e.creativeTypes),
  };
  const hasFacets =
    facetCount > 0 ||
    entities.years ||
    entities.runtime ||
    entities.rating ||
    entities.mpaa.length > 0 ||
    entities.platforms.length > 0 ||
    entities.myPlatforms ||
    entities.priceTiers.length > 0 ||
    entities.sort !== 'relevance' ||
    entities.leavingWithinDays !== undefined ||
    entities.addedWithinDays !== undefined ||
    Object.values(n).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined)) ||
    terms.length > 0;
  // Only a short text with nothing else can be a title: "spy movies" and "a heist movie" ask
  // for a kind of film, a description for a film's plot.
  const maybeTitle = text.split(' ').length <= 6 && !CATEGORY_NOUN.test(normalized);
  if (intent !== 'recommend')
    intent =
      text === '' && hasFacets
        ? 'browse'
        : !hasFacets && text !== '' && maybeTitle
          ? 'title_lookup'
          : 'search';

  return {
    raw,
    normalized,
    intent,
    text,
    entities,
    negations: {
      genres: uniq(n.genres),
      mpaa: uniq(n.mpaa),
      people: uniq(n.people),
      creativeTypes: uniq(n.creativeTypes),
      sources: uniq(n.sources),
      platforms: uniq(n.platforms),
      soft: uniq(n.soft),
      ...(n.years ? { years: n.years } : {}),
      ...(n.softRuntimeMax !== undefined ? { softRuntimeMax: n.softRuntimeMax } : {}),
      ...(n.softRuntimeMin !== undefined ? { softRuntimeMin: n.softRuntimeMin } : {}),
      ...(terms.length ? { terms: uniq(terms) } : {}),
    },
    ...(correction ? { correction } : {}),
    parser: 'local',
  };
}
