/** Opaque pagination cursors: an offset bound to the query it came from. */
import { z } from 'zod';
import { AppError } from '../../lib/errors';

/** What a cursor decodes to; anything else (`null`, an array, a string) is not a cursor. */
const CursorSchema = z.object({ o: z.number().int().min(0).max(10_000), q: z.string().max(16) });

const toB64Url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromB64Url = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

/** Short, stable fingerprint of a query's identity (FNV-1a, hex). */
export function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function encodeCursor(offset: number, queryKey: string): string {
  return toB64Url(JSON.stringify({ o: offset, q: fingerprint(queryKey) }));
}

export function decodeCursor(cursor: string | undefined, queryKey: string): number {
  if (cursor === undefined) return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromB64Url(cursor));
  } catch {
    throw new AppError(
      'VALIDATION_FAILED',
      'cursor is not valid: pass back the nextCursor of a previous response unchanged',
    );
  }
  const checked = CursorSchema.safeParse(parsed);
  if (!checked.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      'cursor is not valid: pass back the nextCursor of a previous response unchanged',
    );
  }
  const p = checked.data;
  if (p.q !== fingerprint(queryKey)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'cursor belongs to a different query: repeat the same query with it, or drop it',
    );
  }
  return p.o;
}
