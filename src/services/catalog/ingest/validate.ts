/**
 * Validation of a page's raw records: each one is checked against the record contract on its
 * own, so one bad record is quarantined with its reason and never fails the page. Pure.
 */
import { CatalogRecordSchema, type CatalogRecord } from '../../../schemas/catalog';
import type { QuarantinedRecord } from '../ports';

export interface Validated {
  records: CatalogRecord[];
  quarantined: QuarantinedRecord[];
}

/** A record's key for the quarantine, even when the record is malformed. */
function keyOf(raw: unknown, index: number): string {
  const k = raw && typeof raw === 'object' ? (raw as { sourceKey?: unknown }).sourceKey : undefined;
  return typeof k === 'string' && k.trim() ? k.trim().replace(/\u0000/g, '\uFFFD').slice(0, 300) : `#unkeyed:${index}`;
}

/**
 * The quarantine reason groups records by what is wrong: "missing title", "invalid releaseYear",
 * "unknown field extra", "not an object".
 */
function reasonOf(issue: { code: string; path: PropertyKey[]; keys?: string[] }, raw: Record<string, unknown>): string {
  const field = String(issue.path[0] ?? 'record');
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys?.[0] ?? ''}`.trim();
  if (raw[field] === undefined || raw[field] === null) return `missing ${field}`;
  return `invalid ${field}`;
}

export function validateRecords(raw: readonly unknown[]): Validated {
  const records: CatalogRecord[] = [];
  const quarantined: QuarantinedRecord[] = [];
  raw.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) {
      quarantined.push({ sourceKey: keyOf(r, i), reason: 'not an object', issues: [{ path: '', message: 'a record must be a JSON object' }], record: r ?? null });
      return;
    }
    const parsed = CatalogRecordSchema.safeParse(r);
    if (parsed.success) {
      records.push(parsed.data);
      return;
    }
    const issues = parsed.error.issues.slice(0, 10).map((x) => ({ path: x.path.join('.'), message: x.message }));
    quarantined.push({ sourceKey: keyOf(r, i), reason: reasonOf(parsed.error.issues[0]!, r as Record<string, unknown>), issues, record: r });
  });
  return { records, quarantined };
}
