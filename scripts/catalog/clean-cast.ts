/**
 * Cast lists of the Wikipedia film list. The scraper split each infobox "Starring" line on
 * commas and links, so annotations became entries of their own. What the data holds (36,273
 * films, 133,326 entries) and the rule for each:
 *
 * - Parenthetical runs split over several entries: "(", "Best Actor", "nominee)" (Oscar notes
 *   of 1936), "(", "Girls Aloud", ")": the whole run is a note, dropped.
 * - Notes alone: "(voices)", "(narrator)", "(uncredited bit)", "(as herself)", "(US)": dropped,
 *   the names around them stay.
 * - Credits that are not cast: "Allen Covert", "Nick Swardson", "(writers)"; "Cesare Pavese",
 *   "(novel)"; "Melanie Wistar (Screenplay)": the writers (everyone back to the list's start
 *   for a plural note, the entry before it for a singular one) are dropped.
 *   "Anurag Basu", "(Director, Screenplay)" and "Dir.: Steve Asquith" name a director: moved.
 * - Disambiguators: "Harry Carter (actor)", "John Wood (English actor)": stripped. Nicknames
 *   in parentheses ("Dave (Tex) O'Brien") are part of the name and stay.
 * - A "Sr."/"Jr." split from its name ("House Peters", "Sr."): joined again; "Robert Downey,
 *   Jr." written as Wikipedia writes it now, "Robert Downey Jr.".
 * - Junk: "(", ")", ".", "?", "&", "]", "[a]", "Cast:", "and", "the", "of", "with",
 *   "voices of", empty strings; wiki markup ("Katherine MacDonald]]"); documentary subjects
 *   cut into lowercase fragments ("the life of", "punk subculture"): dropped.
 * - Curly quotes around nicknames made straight ("Chris “Ludacris” Bridges"), whitespace collapsed.
 * - The same person twice in one film: the first billing kept. More than 50 leads: the first 50.
 */
import { cleanText } from './clean-text.ts';
import { personId } from '../seed/clean-movies.ts';

export const MAX_CAST = 50;
const MAX_NAME = 120;

export interface CastCounts {
  /** Entries that were not names at all ("(", ".", "and", "[a]", lowercase fragments). */
  junkDropped: number;
  /** Notes in parentheses, including runs split over several entries. */
  notesDropped: number;
  /** "(actor)", "(English actor)" and the like stripped from a name. */
  disambiguatorsStripped: number;
  /** Writers and novelists listed among the cast. */
  writersDropped: number;
  /** Directors listed among the cast, moved to directors. */
  directorsMoved: number;
  /** "Sr."/"Jr." joined back to their name, or ", Jr." written without the comma. */
  suffixesRepaired: number;
  /** Curly quotes, markup, stray whitespace repaired inside a name. */
  namesRepaired: number;
  duplicatesDropped: number;
  truncated: number;
}

export const emptyCastCounts = (): CastCounts => ({
  junkDropped: 0,
  notesDropped: 0,
  disambiguatorsStripped: 0,
  writersDropped: 0,
  directorsMoved: 0,
  suffixesRepaired: 0,
  namesRepaired: 0,
  duplicatesDropped: 0,
  truncated: 0,
});

const WRITER_NOTE =
  /\b(?:writers?|screenwriters?|screenplay|screenpaly|acreenplay|teleplay|novel|book|story|written|produced|producer)\b/i;
const DIRECTOR_NOTE = /\bdirector\b/i;
/** Trailing qualifiers that only disambiguate a name on Wikipedia. */
const DISAMBIGUATOR =
  /\s*\((?:[A-Z][a-z]+ )?(?:actor|actress|narrator|dancer|singer|musician|cast|voice|comedian|wrestler|rapper|model)\)$/i;
const STOPWORDS = new Set([
  'and',
  'the',
  'of',
  'with',
  'voices of',
  'voice of',
  'narrated by',
  'cast:',
  'starring',
  'featuring',
  'as',
  'in',
]);
const depth = (s: string) => (s.match(/\(/g)?.length ?? 0) - (s.match(/\)/g)?.length ?? 0);

type Tok = { text: string; note?: boolean };

/** Rejoins "(" … ")" runs into one entry; a ")" with no "(" closes a note that began outside the list. */
function joinRuns(entries: string[], counts: CastCounts): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < entries.length; i++) {
    let s = entries[i]!;
    if (depth(s) > 0) {
      let j = i;
      while (depth(s) > 0 && j + 1 < entries.length) s += `, ${entries[++j]!}`;
      i = j;
    } else if (depth(s) < 0) {
      // "Franny's Feet", ")" or "producer)" at the head of the list: the title's parenthesis spilled over.
      if (out.length <= 1) {
        counts.notesDropped += out.length + 1;
        out.length = 0;
      } else counts.notesDropped++;
      continue;
    }
    out.push({ text: s, note: /^\(.*\)$/.test(s) || (s.startsWith('(') && depth(s) !== 0) });
  }
  return out;
}

/** A name repaired, or null when the entry is not a name. */
function repairName(raw: string, counts: CastCounts): string | null {
  let s = cleanText(raw.replace(/\[\[|\]\]/g, ''));
  const repaired = s.replace(/[“”]/g, '"').replace(/[‘’](?=\w)|(?<=\w)[‘’]/g, "'");
  if (repaired !== raw) counts.namesRepaired++;
  s = repaired;
  if (s === '' || /^[^\p{L}\p{N}]*$/u.test(s) || /^\[[^\]]*\]$/.test(s)) return null;
  if (STOPWORDS.has(s.toLowerCase())) return null;
  s = s.replace(/^(?:and|with|&)\s+(?=\p{Lu})/u, '');
  // Lowercase fragments of a documentary's subject ("punk subculture", "the life of"); stylised
  // names keep a capital, a digit or a dot ("will.i.am", "muMs da Schemer").
  if (/^[\p{Ll}][\p{Ll}\s'’-]*$/u.test(s)) return null;
  if (/\s(?:of|in|at|by|the|a|an|from|between|and|with|for)$/i.test(s) || /-$/.test(s)) return null;
  if (s.split(' ').length > 8 || s.length > MAX_NAME) return null;
  return s;
}

export interface CleanCast {
  cast: string[];
  directors: string[];
}

export function cleanCast(raw: unknown, counts: CastCounts = emptyCastCounts()): CleanCast {
  const entries = Array.isArray(raw) ? raw.map((x) => (typeof x === 'string' ? x : '')) : [];
  const toks = joinRuns(entries, counts);
  const cast: Array<string | null> = [];
  const directors: string[] = [];
  // Index in `cast` where the current run of names began (a plural writers' note covers the run).
  let runStart = 0;
  for (const t of toks) {
    let s = cleanText(t.text);
    if (t.note || /^\(.*\)$/.test(s)) {
      const inner = s.replace(/^\(|\)$/g, '');
      if (DIRECTOR_NOTE.test(inner) && cast.length) {
        const prev = cast.pop();
        if (prev) {
          directors.push(prev);
          counts.directorsMoved++;
        }
      } else if (WRITER_NOTE.test(inner) && cast.length) {
        const plural = /s\b/.test(inner.replace(/\b(?:screenplay|story|book|novel)\b/gi, ''));
        const from = plural ? runStart : cast.length - 1;
        for (let i = from; i < cast.length; i++)
          if (cast[i] !== null) {
            cast[i] = null;
            counts.writersDropped++;
          }
      }
      counts.notesDropped++;
      runStart = cast.length;
      continue;
    }
    const dir = /^Dir(?:ected by|\.)\s*:?\s*(.+?)(?:\s*\(.*)?$/i.exec(s);
    if (dir) {
      const name = repairName(dir[1]!, counts);
      if (name) {
        directors.push(name);
        counts.directorsMoved++;
      } else counts.junkDropped++;
      continue;
    }
    if (/^(?:Sr|Jr)\.?$/i.test(s)) {
      const prevIdx = cast.length - 1;
      if (prevIdx >= 0 && cast[prevIdx]) {
        cast[prevIdx] = `${cast[prevIdx]} ${s.replace(/\.?$/, '.')}`;
        counts.suffixesRepaired++;
      } else counts.junkDropped++;
      continue;
    }
    const comma = s.replace(/,\s+(Jr|Sr)\.?$/, ' $1.');
    if (comma !== s) {
      counts.suffixesRepaired++;
      s = comma;
    }
    const writer = /\s*\(([^()]*)\)$/.exec(s);
    if (writer && WRITER_NOTE.test(writer[1]!)) {
      counts.writersDropped++;
      continue;
    }
    const stripped = s.replace(DISAMBIGUATOR, '');
    if (stripped !== s) counts.disambiguatorsStripped++;
    const name = repairName(stripped, counts);
    if (name === null) {
      counts.junkDropped++;
      continue;
    }
    cast.push(name);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of cast) {
    if (n === null) continue;
    // Names without a Latin letter or digit have an empty slug: compare them as written.
    const id = personId(n) === 'p-' ? n.toLowerCase() : personId(n);
    if (seen.has(id)) {
      counts.duplicatesDropped++;
      continue;
    }
    seen.add(id);
    out.push(n);
  }
  if (out.length > MAX_CAST) {
    counts.truncated++;
    out.length = MAX_CAST;
  }
  return { cast: out, directors: [...new Set(directors)] };
}
