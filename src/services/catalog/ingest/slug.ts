/** Public ids of titles and people, made from names (pure). */

/** Lowercase ASCII, diacritics stripped, "&" → "and", "½" → "1-2", `[a-z0-9-]` only. */
export function slugify(s: string): string {
  return s
    .replace(/½/g, ' 1 2 ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const MAX_ID = 100;

/**
 * "the-godfather-1972": the title's slug cut so the year and a possible "-NN" collision
 * suffix still fit in 100 characters.
 */
export function contentSlug(title: string, year: number | null): string {
  const tail = String(year ?? 'undated');
  const head = slugify(title)
    .slice(0, MAX_ID - tail.length - 4)
    .replace(/-+$/g, '');
  return head ? `${head}-${tail}` : `untitled-${tail}`;
}

/** Person ids: "p-" + the name's slug ("p-francis-ford-coppola"). */
export const personId = (name: string): string =>
  `p-${slugify(name)
    .slice(0, MAX_ID - 2)
    .replace(/-+$/g, '')}`;
