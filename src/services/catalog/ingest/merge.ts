/**
 * Field-by-field merge of a source's record into a stored title. Each field has its own order
 * of trust among upstreams (a Wikipedia lead is the better synopsis, box-office figures come
 * from the box-office data, TMDB knows runtimes and posters best). A value replaces the stored
 * one when its upstream ranks at least as high as the one that gave the stored value; a field
 * the record does not state (absent or null) keeps what is stored. Pure.
 */
import type { CatalogRecord, MergedField, Upstream } from '../../../schemas/catalog';
import { personId } from './slug';

export interface Poster {
  url: string;
  width: number | null;
  height: number | null;
}

export interface MergedValues {
  title: string;
  releaseDate: string | null;
  runtimeMinutes: number | null;
  mpaaRating: string | null;
  genres: string[];
  themes: string[];
  synopsis: string | null;
  cast: string[];
  directors: string[];
  poster: Poster | null;
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
}

export type FieldSources = Partial<Record<MergedField, { source: Upstream; at: string }>>;

/** Highest first. An upstream not listed for a field ranks below every listed one. */
const TRUST: Record<MergedField, readonly Upstream[]> = {
  title: ['tmdb', 'wikipedia', 'vega-datasets', 'watchmode'],
  releaseDate: ['tmdb', 'vega-datasets', 'watchmode', 'wikipedia'],
  runtimeMinutes: ['tmdb', 'vega-datasets', 'watchmode'],
  mpaaRating: ['tmdb', 'vega-datasets', 'watchmode'],
  genres: ['wikipedia', 'tmdb', 'vega-datasets', 'watchmode'],
  themes: ['wikipedia', 'tmdb', 'watchmode'],
  synopsis: ['wikipedia', 'tmdb', 'watchmode'],
  cast: ['tmdb', 'wikipedia', 'watchmode'],
  directors: ['tmdb', 'vega-datasets', 'wikipedia', 'watchmode'],
  poster: ['tmdb', 'wikipedia', 'watchmode'],
  creativeType: ['vega-datasets', 'wikipedia', 'tmdb'],
  source: ['vega-datasets', 'tmdb'],
  distributor: ['vega-datasets', 'tmdb', 'watchmode'],
  productionBudget: ['vega-datasets', 'tmdb'],
  usGross: ['vega-datasets', 'tmdb'],
  worldwideGross: ['vega-datasets', 'tmdb'],
  imdbRating: ['vega-datasets', 'watchmode', 'tmdb'],
  imdbVotes: ['vega-datasets', 'watchmode', 'tmdb'],
  rottenTomatoesRating: ['vega-datasets', 'watchmode'],
  popularity: ['vega-datasets', 'tmdb', 'watchmode', 'wikipedia'],
};

export function trustRank(field: MergedField, upstream: Upstream): number {
  const i = TRUST[field].indexOf(upstream);
  return i < 0 ? -1 : TRUST[field].length - i;
}

export const EMPTY_VALUES: Omit<MergedValues, 'title'> = {
  releaseDate: null,
  runtimeMinutes: null,
  mpaaRating: null,
  genres: [],
  themes: [],
  synopsis: null,
  cast: [],
  directors: [],
  poster: null,
  creativeType: null,
  source: null,
  distributor: null,
  productionBudget: null,
  usGross: null,
  worldwideGross: null,
  imdbRating: null,
  imdbVotes: null,
  rottenTomatoesRating: null,
  popularity: 0,
};

const FIELDS = Object.keys(TRUST) as MergedField[];

/** What the record states for a field; undefined when it says nothing about it. */
function stated(record: CatalogRecord, field: MergedField): unknown {
  const v = (record as Record<string, unknown>)[field];
  if (v === undefined || v === null) return undefined;
  if (field === 'cast' || field === 'directors') {
    // One credit per person: names that make the same person id ("Jose Ferrer", "José Ferrer") are one.
    const seen = new Set<string>();
    return (v as string[]).filter((name) => {
      const id = personId(name);
      if (id === 'p-' || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
  if (Array.isArray(v)) {
    const list = [...new Set(v as string[])];
    // Genres and themes are sets: a stable order makes equal sets compare equal.
    return field === 'genres' || field === 'themes' ? list.sort() : list;
  }
  return v;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface Merged {
  values: MergedValues;
  fieldSources: FieldSources;
  changed: MergedField[];
}

/**
 * Merges `record` (from `sourceUpstream`, or per field from `record.provenance`) into
 * `existing` (null for a new title). `at` stamps the fields this merge takes.
 */
export function mergeRecord(
  existing: { values: MergedValues; fieldSources: FieldSources } | null,
  record: CatalogRecord,
  sourceUpstream: Upstream,
  at: string,
): Merged {
  const values: MergedValues = existing
    ? { ...existing.values }
    : { ...EMPTY_VALUES, title: record.title };
  const fieldSources: FieldSources = existing ? { ...existing.fieldSources } : {};
  const changed: MergedField[] = [];
  for (const field of FIELDS) {
    const incoming = stated(record, field);
    if (incoming === undefined) continue;
    const upstream = record.provenance?.[field] ?? sourceUpstream;
    const held = fieldSources[field];
    const current = (values as unknown as Record<string, unknown>)[field];
    const currentEmpty = current === null || (Array.isArray(current) && current.length === 0);
    if (held && !currentEmpty && trustRank(field, upstream) < trustRank(field, held.source))
      continue;
    if (!existing || !sameValue(current, incoming)) {
      (values as unknown as Record<string, unknown>)[field] = incoming;
      changed.push(field);
      fieldSources[field] = { source: upstream, at };
    } else if (!held || held.source !== upstream) {
      // Same value, now vouched for by a more trusted upstream: credit it, without counting a change.
      if (!held || trustRank(field, upstream) > trustRank(field, held.source))
        fieldSources[field] = { source: upstream, at: held?.at ?? at };
    }
  }
  return { values, fieldSources, changed };
}

/** A short, stable fingerprint of merged values (cyrb53): equal values, equal hash. */
export function valuesHash(values: MergedValues): string {
  const s = JSON.stringify(values);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
