/**
 * Cleans vega-datasets' movies.json into catalog rows. Each rule says why it exists.
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
  droppedNoTitle: number;
  duplicatesDropped: number;
}

export const DATA_SOURCE = 'vega-datasets/movies.json';

/** The dataset was compiled in 2010; its latest genuine release is from that year. */
const LAST_GENUINE_YEAR = 2010;

/**
 * Mac Roman characters 0x80-0xFF. Some titles were saved as Windows-1252 bytes and read back
 * as Mac Roman ("LÈon" for "Léon"): mapping each character back to its byte and reading that
 * byte as Windows-1252 restores the original.
 */
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00A0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';
const CP1252_DECODER = new TextDecoder('windows-1252');
/** Characters that, in these titles, only ever appear as the mojibake of an accented letter. */
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

/** "Charge of the Light Brigade, The" → "The Charge of the Light Brigade". */
export function naturalTitle(t: string): string {
  const m = /^(.*), (The|A|An|Les|La|Le|L'|El|Il|Die|Der|Das)$/.exec(t);
  if (!m) return t;
  return m[2]!.endsWith("'") ? `${m[2]}${m[1]}` : `${m[2]} ${m[1]}`;
}

/** Major Genre → the genres a person would use; each value present in the data is mapped deliberately. */
export const GENRE_MAP: Record<string, string[]> = {
  Action: ['action'],
  Adventure: ['adventure'],
  'Black Comedy': ['comedy', 'black comedy'],
  Comedy: ['comedy'],
  'Concert/Performance': ['concert'],
  Documentary: ['documentary'],
  Drama: ['drama'],
  Horror: ['horror'],
  Musical: ['musical'],
  'Romantic Comedy': ['romance', 'comedy'],
  'Thriller/Suspense': ['thriller'],
  Western: ['western'],
};

/** "Not Rated" and "Open" both mean no MPAA certificate; kept as one value. */
function cleanMpaa(v: string | null): string | null {
  if (!v) return null;
  if (v === 'Not Rated' || v === 'Open') return 'Not Rated';
  return v;
}

export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
}

const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

/**
 * "Dec 15 2039" → 1939-12-15. Years after 2010 are two-digit years that a parser put in the
 * wrong century (Gone with the Wind is stored as 2039): they lose a hundred years.
 */
export function cleanDate(v: string | null): { date: string | null; year: number | null; fixed: boolean } {
  const m = v ? /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(v.trim()) : null;
  if (!m || !MONTHS[m[1]!]) return { date: null, year: null, fixed: false };
  let year = Number(m[3]);
  const fixed = year > LAST_GENUINE_YEAR;
  if (fixed) year -= 100;
  return { date: `${year}-${MONTHS[m[1]!]}-${m[2]!.padStart(2, '0')}`, year, fixed };
}

/** 0..1 prior: IMDb votes on a log scale (3/4) and worldwide gross on a log scale (1/4). */
export function popularityOf(votes: number | null, gross: number | null): number {
  const v = Math.min(1, Math.log10(1 + (votes ?? 0)) / 6); // 1M votes → 1
  const g = Math.min(1, Math.log10(1 + (gross ?? 0)) / 9.3); // ~2B → 1
  return Math.round((0.75 * v + 0.25 * g) * 1000) / 1000;
}

export function cleanMovies(raw: RawMovie[]): { movies: CleanMovie[]; report: CleaningReport } {
  const report: CleaningReport = {
    input: raw.length, output: 0, yearsFixed: 0, titlesReordered: 0, encodingRepaired: 0, numericTitles: 0, droppedNoTitle: 0, duplicatesDropped: 0,
  };
  const seen = new Set<string>();
  const ids = new Map<string, number>();
  const out: CleanMovie[] = [];
  for (const r of raw) {
    if (r.Title === null || r.Title === undefined || String(r.Title).trim() === '') {
      report.droppedNoTitle++;
      continue;
    }
    if (typeof r.Title === 'number') report.numericTitles++;
    const sourceTitle = String(r.Title).trim();
    const repaired = repairEncoding(sourceTitle);
    if (repaired !== sourceTitle) report.encodingRepaired++;
    const title = naturalTitle(repaired);
    if (title !== repaired) report.titlesReordered++;
    const d = cleanDate(r['Release Date']);
    if (d.fixed) report.yearsFixed++;
    const director = r.Director ? repairEncoding(r.Director.trim()) : null;
    const dupKey = `${title}|${d.date}|${director}`;
    if (seen.has(dupKey)) {
      report.duplicatesDropped++;
      continue;
    }
    seen.add(dupKey);
    let id = slugify(`${title} ${d.year ?? 'undated'}`) || `title-${out.length + 1}`;
    const n = (ids.get(id) ?? 0) + 1;
    ids.set(id, n);
    if (n > 1) id = `${id}-${n}`;
    out.push({
      id,
      title,
      sourceTitle,
      releaseDate: d.date,
      releaseYear: d.year,
      runtimeMinutes: r['Running Time min'] ? Math.round(r['Running Time min']) : null,
      mpaaRating: cleanMpaa(r['MPAA Rating']),
      genres: r['Major Genre'] ? (GENRE_MAP[r['Major Genre']] ?? [r['Major Genre'].toLowerCase()]) : [],
      creativeType: r['Creative Type'] === 'Multiple Creative Types' ? null : r['Creative Type'],
      source: r.Source,
      distributor: r.Distributor,
      productionBudget: r['Production Budget'],
      usGross: r['US Gross'],
      worldwideGross: r['Worldwide Gross'],
      imdbRating: r['IMDB Rating'],
      imdbVotes: r['IMDB Votes'],
      rottenTomatoesRating: r['Rotten Tomatoes Rating'],
      popularity: popularityOf(r['IMDB Votes'], r['Worldwide Gross']),
      director,
      dataSource: DATA_SOURCE,
    });
  }
  report.output = out.length;
  return { movies: out, report };
}
