/**
 * Sequels and franchise links derived from titles: "Alien" → "Aliens", "Alien 3", "Alien
 * Resurrection"; "Toy Story" → "Toy Story 2"; "The Godfather" → "The Godfather Part II".
 *
 * Two titles share a stem when what is left after dropping a subtitle (": Covenant"), numbers
 * ("2", "II", "Part III") and sequel words ("Returns", "Rises") is the same. A looser kinship
 * (a plural, "Aliens"; a longer title, "Die Hard with a Vengeance") counts only when the two
 * share a director or a top-billed actor: "Alien Nation" and "Aliens in the Attic" do not.
 */

export interface FranchiseCandidate {
  id: string;
  title: string;
  releaseYear: number | null;
  /** Shares a director or a top-billed actor with the anchor. */
  sharesPeople: boolean;
}

const NUMBERS = new Set([
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  'ii',
  'iii',
  'iv',
  'v',
  'vi',
  'vii',
  'viii',
  'ix',
  'x',
  'two',
  'three',
  'four',
  'five',
]);
const SEQUEL_WORDS = new Set([
  'part',
  'chapter',
  'episode',
  'vol',
  'volume',
  'returns',
  'reloaded',
  'revolutions',
  'resurrection',
  'rises',
  'begins',
  'forever',
  'again',
  'reborn',
  'redux',
  'sequel',
]);

/** Lower case, no accents, '&' as 'and', only letters, digits, spaces and the subtitle colon. */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/\s+-\s+/g, ': ')
    .replace(/[^a-z0-9: ]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The franchise stem: no leading "the", no subtitle, no trailing numbers or sequel words ("alien", "toy story", "godfather"). */
export function titleStem(title: string): string {
  const t = normalizeTitle(title).split(':')[0]!.trim();
  const words = t.split(' ').filter(Boolean);
  if (words[0] === 'the' && words.length > 1) words.shift();
  // "alien3": a number glued to the word.
  const lastWord = words[words.length - 1];
  if (lastWord && words.length === 1 && /^[a-z]{3,}\d$/.test(lastWord))
    words[0] = lastWord.slice(0, -1);
  while (
    words.length > 1 &&
    (NUMBERS.has(words[words.length - 1]!) || SEQUEL_WORDS.has(words[words.length - 1]!))
  )
    words.pop();
  return words.join(' ');
}

/** How a candidate relates to the anchor: 'sequel' (same stem), 'kin' (confirmed looser kinship) or none. */
export function franchiseLink(
  anchorTitle: string,
  c: FranchiseCandidate,
): 'sequel' | 'kin' | undefined {
  const a = titleStem(anchorTitle);
  const b = titleStem(c.title);
  if (a.length < 3 || b.length < 3) return undefined;
  const sameTitle = normalizeTitle(anchorTitle) === normalizeTitle(c.title);
  if (a === b && !sameTitle) return 'sequel';
  const full = normalizeTitle(c.title).replace(/^the /, '');
  const anchorFull = normalizeTitle(anchorTitle).replace(/^the /, '');
  const kin =
    sameTitle ||
    a === `${b}s` ||
    b === `${a}s` ||
    full.startsWith(`${a} `) ||
    full.startsWith(`${a}s `) ||
    anchorFull.startsWith(`${b} `) ||
    anchorFull.startsWith(`${b}s `);
  return kin && c.sharesPeople ? 'kin' : undefined;
}

/**
 * The anchor's franchise in viewing order: the films after it first (nearest first), then those
 * before it (nearest first).
 */
export function franchiseOf(
  anchor: { title: string; releaseYear: number | null },
  candidates: FranchiseCandidate[],
): FranchiseCandidate[] {
  const year = anchor.releaseYear ?? 0;
  const members = candidates.filter((c) => franchiseLink(anchor.title, c) !== undefined);
  const after = members
    .filter((c) => (c.releaseYear ?? 0) >= year)
    .sort((x, y) => (x.releaseYear ?? 0) - (y.releaseYear ?? 0));
  const before = members
    .filter((c) => (c.releaseYear ?? 0) < year)
    .sort((x, y) => (y.releaseYear ?? 0) - (x.releaseYear ?? 0));
  return [...after, ...before];
}

/** The LIKE prefixes (lower case) that find a stem's titles: with and without "the", singular and plural. */
export function stemPrefixes(title: string): string[] {
  const s = titleStem(title);
  const base = s.length > 4 && s.endsWith('s') ? s.slice(0, -1) : s;
  return base.length < 3 ? [] : [base, `the ${base}`];
}

/** Titles sharing the anchor's stem looked at per anchor. */
const FRANCHISE_CANDIDATES = 100;

/**
 * The anchor's series in the order it is pinned (sequels by year, then earlier films), from the
 * titles sharing its stem (`lookUp`: the repository's titlesByPrefix). Similar titles and
 * "like X" searches both pin it first.
 */
export async function seriesOf(
  anchor: { id: string; title: string; releaseYear: number | null },
  lookUp: (anchorId: string, prefixes: string[], limit: number) => Promise<FranchiseCandidate[]>,
): Promise<FranchiseCandidate[]> {
  const prefixes = stemPrefixes(anchor.title);
  return prefixes.length
    ? franchiseOf(anchor, await lookUp(anchor.id, prefixes, FRANCHISE_CANDIDATES))
    : [];
}
