/**
 * The key two sources' spellings of one title share: "The Godfather: Part II", "Godfather Part
 * 2, The" and "the godfather part ii" agree; "Jaws (film)" is "jaws". With the year (±1, since a
 * Wikipedia year can be the premiere's and a box-office year the release's) it finds a title
 * that arrives without an id we know.
 */
const ROMAN: Record<string, string> = {
  ii: '2',
  iii: '3',
  iv: '4',
  v: '5',
  vi: '6',
  vii: '7',
  viii: '8',
  ix: '9',
  x: '10',
};

export function titleKey(title: string): string {
  let t = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s*\((?:\d{4} )?(?:american )?film\)\s*$/, '')
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '');
  // Library order: "godfather, the" → "the godfather".
  const m = /^(.+), (the|a|an)$/.exec(t.trim());
  if (m) t = `${m[2]} ${m[1]}`;
  const words = t
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => ROMAN[w] ?? w);
  // A leading article is noise in both directions ("The Fugitive" / "Fugitive").
  if (words.length > 1 && (words[0] === 'the' || words[0] === 'a' || words[0] === 'an'))
    words.shift();
  return words.join(' ');
}
