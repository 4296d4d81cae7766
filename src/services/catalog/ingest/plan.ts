/**
 * From a page of validated records to an upsert plan: de-duplicate within the page, find each
 * record's stored title (by an external id, the proposed id, or title and year), merge with
 * field precedence, and sort the outcome into inserts, updates and unchanged. Pure: the stored
 * titles and the ids already taken come in as arguments.
 */
import type { CatalogRecord, ContentSourceName, Upstream } from '../../../schemas/catalog';
import type { ExistingTitle, MatchKeys, PlannedTitle, UpsertPlan } from '../ports';
import { mergeRecord, valuesHash } from './merge';
import { contentSlug } from './slug';
import { titleKey } from './title-key';

/** "source:id" keys a record is known by: its own key at its source, and every external id. */
export function externalKeys(source: ContentSourceName, r: CatalogRecord): string[] {
  const keys = [`${source}:${r.sourceKey}`];
  for (const [k, v] of Object.entries(r.externalIds)) if (v !== undefined) keys.push(`${k}:${v}`);
  return keys;
}

/**
 * Records of one page that are the same film (same key at the source, or a shared external id)
 * become one: fields of the later record win where both state them.
 */
export function dedupePage(source: ContentSourceName, records: readonly CatalogRecord[]): { records: CatalogRecord[]; merged: number } {
  const byKey = new Map<string, number>();
  const out: CatalogRecord[] = [];
  let merged = 0;
  for (const r of records) {
    const keys = externalKeys(source, r);
    const hit = keys.map((k) => byKey.get(k)).find((i) => i !== undefined);
    if (hit === undefined) {
      for (const k of keys) byKey.set(k, out.length);
      out.push(r);
      continue;
    }
    merged++;
    const prev = out[hit]!;
    const defined = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== null));
    out[hit] = { ...prev, ...defined, externalIds: { ...prev.externalIds, ...r.externalIds }, sourceKey: prev.sourceKey } as CatalogRecord;
    for (const k of externalKeys(source, out[hit]!)) byKey.set(k, hit);
  }
  return { records: out, merged };
}

export function matchKeys(source: ContentSourceName, records: readonly CatalogRecord[]): MatchKeys {
  return {
    externalIds: [...new Set(records.flatMap((r) => externalKeys(source, r)))],
    ids: [...new Set(records.flatMap((r) => (r.proposedId ? [r.proposedId] : [])))],
    titleKeys: [...new Set(records.map((r) => titleKey(r.title)))],
  };
}

type Match = { title: ExistingTitle } | { ambiguous: string[] } | null;

/**
 * The stored title a record is: one linked to any of its keys; else the title holding its
 * proposed id when that title has the same name and year (±1); else the only title of that
 * name and year (±1) not already linked to another record of this source. Two candidates by
 * name alone are ambiguous: quarantined rather than guessed.
 */
export function findMatch(source: ContentSourceName, r: CatalogRecord, existing: readonly ExistingTitle[]): Match {
  const keys = new Set(externalKeys(source, r));
  const linked = existing.find((t) => t.externalIds.some((k) => keys.has(k)));
  if (linked) return { title: linked };
  const key = titleKey(r.title);
  const near = (t: ExistingTitle) => t.titleKey === key && t.releaseYear !== null && Math.abs(t.releaseYear - r.releaseYear) <= 1;
  if (r.proposedId) {
    const byId = existing.find((t) => t.id === r.proposedId);
    if (byId && near(byId)) return { title: byId };
  }
  const prefix = `${source}:`;
  // A title another record of this source already claims is a different film of the same name.
  const candidates = existing.filter((t) => near(t) && !t.externalIds.some((k) => k.startsWith(prefix)));
  if (candidates.length === 1) return { title: candidates[0]! };
  const exact = candidates.filter((t) => t.releaseYear === r.releaseYear);
  if (exact.length === 1) return { title: exact[0]! };
  if (candidates.length > 1) return { ambiguous: candidates.map((t) => t.id) };
  return null;
}

/** An id for a new title: the proposed one when free, else its slug with "-2", "-3"… */
export function assignId(r: CatalogRecord, taken: ReadonlySet<string>): string {
  const base = r.proposedId ?? contentSlug(r.title, r.releaseYear);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base.slice(0, 96)}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export interface PlanInput {
  source: ContentSourceName;
  upstream: Upstream;
  records: readonly CatalogRecord[];
  existing: readonly ExistingTitle[];
  /** Ids already in the catalog among the ones new titles may take. */
  taken: ReadonlySet<string>;
  at: string;
}

export function planPage(input: PlanInput): UpsertPlan {
  const { source, upstream, at } = input;
  const plan: UpsertPlan = { inserts: [], updates: [], unchanged: [], quarantined: [] };
  const taken = new Set(input.taken);
  // Titles this page already touched: a second record for one of them merges into the first's result.
  const touched = new Map<string, PlannedTitle>();
  const existing = [...input.existing];
  for (const r of input.records) {
    const m = findMatch(source, r, existing);
    if (m && 'ambiguous' in m) {
      plan.quarantined.push({
        sourceKey: r.sourceKey,
        reason: 'ambiguous match',
        issues: [{ path: 'title', message: `"${r.title}" (${r.releaseYear}) could be any of ${m.ambiguous.join(', ')}` }],
        record: r,
      });
      continue;
    }
    const keys = externalKeys(source, r);
    const stored = m?.title;
    const prior = stored ? touched.get(stored.id) : undefined;
    const base = prior ? { values: prior.values, fieldSources: prior.fieldSources } : stored ? { values: stored.values, fieldSources: stored.fieldSources } : null;
    const merged = mergeRecord(base, r, upstream, at);
    const id = stored?.id ?? assignId(r, taken);
    const newKeys = keys.filter((k) => !stored?.externalIds.includes(k) && !prior?.externalIds.includes(k));
    const planned: PlannedTitle = {
      id,
      titleKey: titleKey(merged.values.title),
      releaseYear: stored?.releaseYear ?? r.releaseYear,
      type: r.type,
      values: merged.values,
      fieldSources: merged.fieldSources,
      changed: [...new Set([...(prior?.changed ?? []), ...merged.changed])],
      externalIds: [...(prior?.externalIds ?? []), ...newKeys],
      recordHash: valuesHash(merged.values),
    };
    touched.set(id, planned);
    if (!stored) {
      taken.add(id);
      // Later records of this page can match the title just planned.
      existing.push({ id, titleKey: planned.titleKey, releaseYear: planned.releaseYear, values: planned.values, fieldSources: planned.fieldSources, externalIds: keys });
    }
  }
  for (const p of touched.values()) {
    const isNew = !input.existing.some((t) => t.id === p.id);
    if (isNew) plan.inserts.push(p);
    else if (p.changed.length || p.externalIds.length) plan.updates.push(p);
    else plan.unchanged.push(p.id);
  }
  return plan;
}
