/** A person's page: who they are, how many films they made, and their films a page at a time. */
import { AppError } from '../../lib/errors';
import type { PersonDetail } from '../../schemas/people';
import type { CatalogRepository, PersonFilmKey } from '../ports';

const toB64Url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromB64Url = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

/** An opaque cursor: the last film of a page (year and id), bound to the person it belongs to. */
export function encodePersonCursor(personId: string, key: PersonFilmKey): string {
  return toB64Url(JSON.stringify({ p: personId, y: key.year, i: key.id }));
}

export function decodePersonCursor(personId: string, cursor: string): PersonFilmKey {
  const bad = () =>
    new AppError(
      'VALIDATION_FAILED',
      'cursor is not valid: pass back the nextCursor of a previous response unchanged',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromB64Url(cursor));
  } catch {
    throw bad();
  }
  const c = parsed as { p?: unknown; y?: unknown; i?: unknown };
  if (
    typeof c.i !== 'string' ||
    c.i.length > 120 ||
    !(c.y === null || (typeof c.y === 'number' && Number.isInteger(c.y)))
  )
    throw bad();
  if (c.p !== personId)
    throw new AppError(
      'VALIDATION_FAILED',
      "cursor belongs to another person's films: drop it to start from the first page",
    );
  return { year: c.y, id: c.i };
}

export async function getPerson(
  repo: CatalogRepository,
  id: string,
  opts: { limit: number; cursor?: string },
): Promise<PersonDetail> {
  const after = opts.cursor === undefined ? undefined : decodePersonCursor(id, opts.cursor);
  // One more than asked: whether there is a next page, without counting.
  const found = await repo.getPerson(id, { limit: opts.limit + 1, after });
  if (!found) throw new AppError('NOT_FOUND', `No person with id "${id}"`);
  const films = found.films.slice(0, opts.limit);
  const last = films[films.length - 1];
  const nextCursor =
    found.films.length > opts.limit && last
      ? encodePersonCursor(id, { year: last.year, id: last.id })
      : null;
  return { ...found, films, nextCursor };
}
