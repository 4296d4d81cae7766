/**
 * A parental limit (a person's `maxRating` preference, or a caller's `maxRating`): only titles
 * rated at or under it are shown; unrated titles are left out too, since nothing says they fit.
 */
const ORDER = ['G', 'PG', 'PG-13', 'R', 'NC-17'] as const;

/** The MPAA ratings at or under a limit (null: no limit). */
export function ratingsUpTo(limit: string | null | undefined): string[] | null {
  if (!limit) return null;
  const i = ORDER.indexOf(limit as (typeof ORDER)[number]);
  return i < 0 ? null : ORDER.slice(0, i + 1);
}

/** The stricter of two limits (a caller's parameter and the signed-in person's preference). */
export function stricterLimit(
  a: string | null | undefined,
  b: string | null | undefined,
): string | null {
  const ia = a ? ORDER.indexOf(a as (typeof ORDER)[number]) : -1;
  const ib = b ? ORDER.indexOf(b as (typeof ORDER)[number]) : -1;
  if (ia < 0) return ib < 0 ? null : b!;
  if (ib < 0) return a!;
  return ORDER[Math.min(ia, ib)]!;
}

/** Whether a title with this rating may be shown under the limit. */
export function allowedUnder(
  limit: string | null | undefined,
  mpaaRating: string | null | undefined,
): boolean {
  const allowed = ratingsUpTo(limit);
  return !allowed || (!!mpaaRating && allowed.includes(mpaaRating));
}
