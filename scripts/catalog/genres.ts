/**
 * Wikipedia's 41 genre tags → the coarse genres search filters on (lowercase, the vocabulary
 * of src/services/search/vocabulary.ts plus crime, war, mystery, animation, family, biography,
 * sport, fantasy and science fiction), the fine themes (every tag, lowercased), and a
 * creative type where a tag says it plainly. Counts in the data (36,273 films): Drama 14,062,
 * Comedy 10,498, Silent 7,131, Western 4,436, Romance 2,857, Crime 2,612, Action 2,241 … Noir
 * 1,120, Slasher 231, Superhero 221, Spy 214, Sports 459 beside Sport 39, Found Footage 25.
 */

/** Coarse genres of each tag. Tags with none are themes only (Silent, Short, Teen, Independent …). */
export const TAG_GENRES: Record<string, string[]> = {
  action: ['action'],
  adventure: ['adventure'],
  animated: ['animation'],
  biography: ['biography'],
  comedy: ['comedy'],
  crime: ['crime'],
  documentary: ['documentary'],
  drama: ['drama'],
  family: ['family'],
  fantasy: ['fantasy'],
  horror: ['horror'],
  // Martial-arts films are action films by any shelf's reckoning.
  'martial arts': ['action'],
  musical: ['musical'],
  mystery: ['mystery'],
  // Film noir is a crime genre ("film noir" asks for noir as a theme too).
  noir: ['crime'],
  // Concert and stand-up films, as vega's "Concert/Performance".
  performance: ['concert'],
  romance: ['romance'],
  // Satire is comedy; the theme keeps the finer word.
  satire: ['comedy'],
  'science fiction': ['science fiction'],
  // The search vocabulary already reads "slasher" as horror.
  slasher: ['horror'],
  sport: ['sport'],
  spy: ['thriller'],
  suspense: ['thriller'],
  thriller: ['thriller'],
  war: ['war'],
  western: ['western'],
};

/** Tags spelled two ways in the data ("Sports" 459, "Sport" 39). */
const THEME_ALIASES: Record<string, string> = { sports: 'sport' };

/** The only tags that say what a film's creative type is, in the words vega-datasets uses. Order = precedence. */
export const TAG_CREATIVE_TYPES: Array<[string, string]> = [
  ['superhero', 'Super Hero'],
  ['science fiction', 'Science Fiction'],
  ['fantasy', 'Fantasy'],
  ['historical', 'Historical Fiction'],
];

export const KNOWN_TAGS = new Set([
  ...Object.keys(TAG_GENRES),
  'sports',
  'silent',
  'short',
  'historical',
  'teen',
  'independent',
  'erotic',
  'dance',
  'disaster',
  'supernatural',
  'political',
  'superhero',
  'live action',
  'legal',
  'found footage',
]);

export interface MappedGenres {
  genres: string[];
  themes: string[];
  creativeType: string | null;
  /** Tags outside the 41 known ones (still kept as themes). */
  unknownTags: string[];
  /** "Sports" written as "sport". */
  aliased: number;
}

/** Tag list → genres, themes, creative type; order follows the tags', duplicates dropped. */
export function mapGenreTags(tags: readonly string[]): MappedGenres {
  const genres: string[] = [];
  const themes: string[] = [];
  const unknownTags: string[] = [];
  let aliased = 0;
  for (const raw of tags) {
    const t0 = raw.replace(/\s+/g, ' ').trim().toLowerCase();
    if (!t0) continue;
    const t = THEME_ALIASES[t0] ?? t0;
    if (t !== t0) aliased++;
    if (!KNOWN_TAGS.has(t)) unknownTags.push(t);
    if (!themes.includes(t)) themes.push(t);
    for (const g of TAG_GENRES[t] ?? []) if (!genres.includes(g)) genres.push(g);
  }
  const creativeType = TAG_CREATIVE_TYPES.find(([tag]) => themes.includes(tag))?.[1] ?? null;
  return { genres, themes, creativeType, unknownTags, aliased };
}
