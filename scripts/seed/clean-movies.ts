/**
 * Cleans vega-datasets' movies.json (3,201 films, compiled around 2010 from The Numbers and
 * IMDb) into rows for the `content` table. Pure: no I/O. Every rule says why it exists and
 * is counted in the CleaningReport; what the data held when the rules were written:
 *
 * - 1 row has no title (null): dropped, nothing identifies it.
 * - 22 pre-1950 films carry 20xx years (Gone with the Wind "Dec 15 2039"): fixed.
 * - 6 titles put the article last ("Charge of the Light Brigade, The", "Boot, Das"); no
 *   ", A" / ", An" occur, but they are handled.
 * - 9 titles are JSON numbers (1776, 1941, 2012 …): kept as strings.
 * - 18 titles were saved as Windows-1252 and read back as Mac Roman ("LÈon"): repaired.
 * - 3 titles repeat their own year as a disambiguator ("King Kong (1933)"): removed.
 * - 1 director has CSV-doubled quotes (Jeff ""King Jeff"" Hollins): collapsed.
 * - No Director field names more than one person; no exact duplicate rows, and no two rows
 *   share title, date and director (the dedup below stays, as a guard).
 */

export interface RawMovie {
  Title: string | number | null;
  'US Gross': number | null;
  'Worldwide Gross': number | null;
  'Production Budget': number | null;
  'Release Date': string | null;
  'MPAA Rating': string | null;
  'Running Time min': number | null;
  Distributor: string | null;
  Source: string | null;
  'Major Genre': string | null;
  'Creative Type': string | null;
  Director: string | null;
  'Rotten Tomatoes Rating': number | null;
  'IMDB Rating': number | null;
  'IMDB Votes': number | null;
}

/** A `content` row (type defaults to 'movie'), plus the director for people/credits. */
export interface CleanMovie {
  id: string;
  title: string;
  sourceTitle: string;
  releaseDate: string | null;
  releaseYear: number | null;
  runtimeMinutes: number | null;
  mpaaRating: string | null;
  genres: string[];
  creativeType: string | null;
  source: string | null;
  distributor: string | null;
  productionBudget: number | null;
  usGross: number | null;
  worldwideGross: number | null;
  imdbRating: number | null;
  imdbVotes: number | null;
  rottenTomatoesRating: number | null;
  popularity: number;
  director: string | null;
  dataSource: string;
}

export interface CleaningReport {
  input: number;
  output: number;
  yearsFixed: number;
  titlesReordered: number;
  encodingRepaired: number;
  numericTitles: number;
  yearSuffixesRemoved: number;
  directorsRepaired: number;
  droppedNoTitle: number;
  duplicatesDropped: number;
  /** Ids that needed a "-2", "-3" suffix. */
  idCollisions: number;
  undatable: number;
  /** Major Genre values with no entry in GENRE_MAP (0 for this dataset). */
  unmappedGenres: string[];
}

export const DATA_SOURCE = 'vega-datasets/movies.json';

/**
 * The latest genuine release year in the data. The dataset was compiled around 2010 and lists
 * two films scheduled for 2011 (The Adventures of Tintin, Dec 23 2011; Restless, Jan 28 2011);
 * both are modern productions ($130M and $15M budgets), not 1911 films. The first
 * mis-centuried year is 2015 (The Birth of a Nation, 1915), so any year above 2011 is a
 * two-digit year a parser put in the wrong century.
 */
export const LAST_GENUINE_YEAR = 2011;

/**
 * Mac Roman characters 0x80-0xFF. Some titles were saved as Windows-1252 bytes and read back
 * as Mac Roman ("LÈon" for "Léon"): mapping each character back to its byte and reading that
 * byte as Windows-1252 restores the original.
 */
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00A0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';
const CP1252_DECODER = new TextDecoder('windows-1252');
/**
 * Characters that, in these titles, only ever appear as the mojibake of an accented letter.
 * "¢" (Ri¢hie Ri¢h) and "³" (Alien³) are genuine and deliberately absent.
 */
const MOJIBAKE_SIGNS = /[ÈÍÛ‰‡ËÙÎ·ÒÚÓÔÏÌÁÊÂ˘ΩÖ]/;

export function repairEncoding(s: string): string {
  if (!MOJIBAKE_SIGNS.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const i = MAC_ROMAN_HIGH.indexOf(ch);
    out += i < 0 || ch === '¢' ? ch : CP1252_DECODER.decode(new Uint8Array([0x80 + i]));
  }
  return out;
}

/**
 * Library-style titles with the article last → natural order:
 * "Charge of the Light Brigade, The" → "The Charge of the Light Brigade", "Boot, Das" → "Das Boot".
 * Only article words move, so "Hello, Dolly", "I, Robot" and "Monsters, Inc." are untouched.
 */
export function naturalTitle(t: string): string {
  const m = /^(.+), (The|A|An|Les|La|Le|L'|El|Il|Die|Der|Das)$/.exec(t);
  if (!m) return t;
  return m[2]!.endsWith("'") ? `${m[2]}${m[1]}` : `${m[2]} ${m[1]}`;
}

/**
 * "King Kong (1933)" → "King Kong": a trailing "(yyyy)" equal to the release year is the
 * source's way to tell remakes apart, which the id and releaseYear already do. Other
 * parentheticals are part of the title or a release variant and stay
 * ("Fantasia 2000 (IMAX)", "Steal (Canadian Release)").
 */
export function stripYearSuffix(t: string, year: number | null): string {
  const m = /^(.+?)\s*\((\d{4})\)$/.exec(t);
  return m && year !== null && Number(m[2]) === year ? m[1]! : t;
}

/**
 * Major Genre → the genres a person would use (lowercase, as the search vocabulary stores
 * them). Every value present in the data is mapped deliberately:
 * Drama 789, Comedy 675, Action 420, Adventure 274, Thriller/Suspense 239, Horror 219,
 * Romantic Comedy 137, Musical 53, Documentary 43, Western 36, Black Comedy 36,
 * Concert/Performance 5; 275 rows have none (→ []).
 */
export const GENRE_MAP: Record<string, string[]> = {
  Action: ['action'],
  Adventure: ['adventure'],
  // A comedy first; "black comedy" as its own value so "dark comedies" can ask for it.
  'Black Comedy': ['comedy', 'black comedy'],
  Comedy: ['comedy'],
  // Concert films: U2 3D, Hannah Montana … Concert Tour, and three stand-up films (The Original
  // Kings of Comedy …), which are called concert films too.
  'Concert/Performance': ['concert'],
  Documentary: ['documentary'],
  Drama: ['drama'],
  Horror: ['horror'],
  Musical: ['musical'],
  // Both halves: a romance and a comedy.
  'Romantic Comedy': ['romance', 'comedy'],
  // "Suspense" is the same shelf as thriller; one value.
  'Thriller/Suspense': ['thriller'],
  Western: ['western'],
};

/** MPAA values kept as they are. */
const MPAA_KEEP = new Set(['G', 'PG', 'PG-13', 'R', 'NC-17', 'Not Rated']);

/**
 * G, PG, PG-13, R, NC-17 stay. "Not Rated" (94 rows) stays as the one "no certificate" value
 * (the search maps "NR"/"unrated" to it). "Open" (2 rows: L.I.E., Requiem for a Dream, both
 * released unrated after an NC-17) is the same thing → "Not Rated". Missing (605) → null,
 * which means unknown, not unrated.
 */
export function cleanMpaa(v: string | null): string | null {
  const s = v?.trim();
  if (!s) return null;
  if (s === 'Open' || /^(NR|Unrated)$/i.test(s)) return 'Not Rated';
  return MPAA_KEEP.has(s) ? s : null;
}

// Public ids are made by the ingestion pipeline's rules (one definition for scripts and the Worker).
import { contentSlug, personId, slugify } from '../../src/services/catalog/ingest/slug.ts';

export { contentSlug, personId, slugify };

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/**
 * "Dec 15 2039" → 1939-12-15. Years above LAST_GENUINE_YEAR lose a hundred years. A date
 * that does not parse, or names a day its month lacks, gives null (all 3,201 parse).
 */
export function cleanDate(v: string | null): {
  date: string | null;
  year: number | null;
  fixed: boolean;
} {
  const m = v ? /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(v.trim()) : null;
  const month = m ? MONTHS[m[1]!] : undefined;
  if (!m || !month) return { date: null, year: null, fixed: false };
  let year = Number(m[3]);
  const day = Number(m[2]);
  const fixed = year > LAST_GENUINE_YEAR;
  if (fixed) year -= 100;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || check.getUTCMonth() !== month - 1) return { date: null, year: null, fixed: false };
  return {
    date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    year,
    fixed,
  };
}

/**
 * 0..1 popularity prior: 3/4 IMDb votes, 1/4 worldwide gross, both log-scaled, because both
 * span five orders of magnitude and a film with ten times the votes is not ten times as
 * popular. Votes saturate at 1M (log10 / 6; the data's maximum, The Dark Knight's 519,541,
 * gives 0.95) and gross at ~$2B (log10 / 9.3; Avatar's $2.77B caps at 1). Votes weigh more:
 * they measure people who watched, including on video, while grosses favour recent wide
 * releases and are missing or zero for 54 films. Missing counts as 0. Rounded to 3 places.
 */
export function popularityOf(votes: number | null, gross: number | null): number {
  const v = Math.min(1, Math.log10(1 + Math.max(0, votes ?? 0)) / 6);
  const g = Math.min(1, Math.log10(1 + Math.max(0, gross ?? 0)) / 9.3);
  return Math.round((0.75 * v + 0.25 * g) * 1000) / 1000;
}

// ---- reading untrusted rows ----

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Trimmed text, whitespace runs collapsed; empty → null. Numbers become their decimal text. */
function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.replace(/\s+/g, ' ').trim();
  return s === '' ? null : s;
}

/** A finite number (numeric strings accepted); anything else → null. */
function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Whole non-negative amounts (dollars, votes, minutes) as integers. */
const whole = (v: unknown): number | null => {
  const n = num(v);
  return n === null || n < 0 ? null : Math.round(n);
};

/** Clean text in a field that may be mis-decoded. */
const repaired = (v: unknown): string | null => {
  const s = text(v);
  return s === null ? null : repairEncoding(s);
};

/** `Jeff ""King Jeff"" Hollins` → `Jeff "King Jeff" Hollins` (a CSV quoting artifact). */
export const cleanPersonName = (s: string): string => s.replace(/""/g, '"');

/**
 * Cleans the raw rows. Ids are assigned in source order, so "-2", "-3" suffixes for
 * colliding slugs are deterministic (none occur in this dataset).
 */
export function cleanMovies(raw: readonly unknown[]): {
  movies: CleanMovie[];
  report: CleaningReport;
} {
  const report: CleaningReport = {
    input: raw.length,
    output: 0,
    yearsFixed: 0,
    titlesReordered: 0,
    encodingRepaired: 0,
    numericTitles: 0,
    yearSuffixesRemoved: 0,
    directorsRepaired: 0,
    droppedNoTitle: 0,
    duplicatesDropped: 0,
    idCollisions: 0,
    undatable: 0,
    unmappedGenres: [],
  };
  const seen = new Set<string>();
  const ids = new Map<string, number>();
  const unmapped = new Set<string>();
  const out: CleanMovie[] = [];
  for (const r of raw) {
    if (!isRecord(r)) {
      report.droppedNoTitle++;
      continue;
    }
    // Titles: numbers are titles too ("1776"); sourceTitle keeps the source spelling.
    const sourceTitle = text(r.Title);
    if (sourceTitle === null) {
      report.droppedNoTitle++;
      continue;
    }
    if (typeof r.Title === 'number') report.numericTitles++;
    const decoded = repairEncoding(sourceTitle);
    if (decoded !== sourceTitle) report.encodingRepaired++;
    const ordered = naturalTitle(decoded);
    if (ordered !== decoded) report.titlesReordered++;

    const d = cleanDate(typeof r['Release Date'] === 'string' ? r['Release Date'] : null);
    if (d.fixed) report.yearsFixed++;
    if (d.date === null) report.undatable++;
    const title = stripYearSuffix(ordered, d.year);
    if (title !== ordered) report.yearSuffixesRemoved++;

    const rawDirector = repaired(r.Director);
    const director = rawDirector === null ? null : cleanPersonName(rawDirector);
    if (director !== rawDirector) report.directorsRepaired++;

    // Exact duplicates: same title, same date, same director → keep the first.
    const dupKey = `${title.toLowerCase()}|${d.date}|${director?.toLowerCase()}`;
    if (seen.has(dupKey)) {
      report.duplicatesDropped++;
      continue;
    }
    seen.add(dupKey);

    const base = contentSlug(title, d.year);
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    if (n > 1) report.idCollisions++;
    const id = n > 1 ? `${base}-${n}` : base;

    const genre = text(r['Major Genre']);
    const genres = genre === null ? [] : (GENRE_MAP[genre] ?? [genre.toLowerCase()]);
    if (genre !== null && !GENRE_MAP[genre]) unmapped.add(genre);
    const creative = text(r['Creative Type']);
    const rating = num(r['IMDB Rating']);
    const rt = whole(r['Rotten Tomatoes Rating']);
    const votes = whole(r['IMDB Votes']);
    const worldwideGross = whole(r['Worldwide Gross']);
    const runtime = whole(r['Running Time min']);

    out.push({
      id,
      title,
      sourceTitle,
      releaseDate: d.date,
      releaseYear: d.year,
      // Whole minutes; 0 or missing → null.
      runtimeMinutes: runtime ? runtime : null,
      mpaaRating: cleanMpaa(text(r['MPAA Rating'])),
      genres,
      // "Multiple Creative Types" (1 row) says nothing a filter can use.
      creativeType: creative === 'Multiple Creative Types' ? null : creative,
      source: text(r.Source),
      distributor: repaired(r.Distributor),
      productionBudget: whole(r['Production Budget']),
      usGross: whole(r['US Gross']),
      worldwideGross,
      // IMDb 1-10 and Rotten Tomatoes 0-100; anything outside is not a rating.
      imdbRating: rating !== null && rating >= 1 && rating <= 10 ? rating : null,
      imdbVotes: votes,
      rottenTomatoesRating: rt !== null && rt <= 100 ? rt : null,
      popularity: popularityOf(votes, worldwideGross),
      director,
      dataSource: DATA_SOURCE,
    });
  }
  report.output = out.length;
  report.unmappedGenres = [...unmapped].sort();
  return { movies: out, report };
}
