/**
 * The understood query as removable chips, and the query text without a chip.
 *
 * The search API re-parses the query text on every call, and explicit `filters` (POST) can only
 * narrow what the text says, not take a facet away (nor express moods, people, sort or "like").
 * So removing a chip rebuilds the query text from the remaining understood facets, in words the
 * parser maps back to the same facets (the phrases come from the parser's own vocabulary).
 */
import type { ParsedQuery } from '../../schemas/search';
import {
  CREATIVE_WORDS,
  GENRE_WORDS,
  MOOD_WORDS,
  PLATFORM_WORDS,
  PRICE_WORDS,
  SORT_WORDS,
  SOURCE_WORDS,
} from '../../services/search/vocabulary';

export interface Chip {
  /** Stable key: `<facet>:<value>`. */
  key: string;
  label: string;
  negated: boolean;
}

/** The surface word for a canonical value: the value itself when the parser knows it, else the first synonym. */
function phrase(map: Record<string, unknown>, value: string): string {
  const lower = value.toLowerCase();
  if (map[lower] === value) return lower;
  for (const [k, v] of Object.entries(map)) if (v === value) return k;
  return lower;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

function pricePhrase(tiers: readonly string[]): string {
  for (const [k, v] of Object.entries(PRICE_WORDS)) if (sameSet(v, tiers)) return k;
  return tiers
    .map((t) => (t === 'subscription' ? 'with my subscription' : phrase(PRICE_WORDS, t)))
    .join(' or ');
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

export function chipsFor(
  q: ParsedQuery,
  platformNames: ReadonlyMap<string, string> = new Map(),
): Chip[] {
  const e = q.entities;
  const n = q.negations;
  const chips: Chip[] = [];
  const add = (key: string, label: string, negated = false) => chips.push({ key, label, negated });
  for (const g of e.genres) add(`genre:${g}`, `Genre: ${g}`);
  for (const c of e.creativeTypes) add(`creative:${c}`, `Kind: ${c}`);
  for (const s of e.sources) add(`source:${s}`, `Source: ${s}`);
  for (const m of e.moods) add(`mood:${m}`, `Mood: ${m}`);
  for (const p of e.people) add(`person:${p}`, `Person: ${p}`);
  if (e.years && (e.years.min !== undefined || e.years.max !== undefined)) {
    const { min, max } = e.years;
    add(
      'years:',
      min !== undefined && max !== undefined
        ? min === max
          ? `Year: ${min}`
          : `Years: ${min}–${max}`
        : min !== undefined
          ? `Since ${min}`
          : `Up to ${max}`,
    );
  }
  if (e.runtime && (e.runtime.min !== undefined || e.runtime.max !== undefined)) {
    const { min, max } = e.runtime;
    add(
      'runtime:',
      min !== undefined && max !== undefined
        ? `${min}–${max} min`
        : max !== undefined
          ? `Up to ${max} min`
          : `At least ${min} min`,
    );
  }
  if (e.rating && (e.rating.min !== undefined || e.rating.max !== undefined)) {
    const { min, max } = e.rating;
    add(
      'rating:',
      min !== undefined ? `Rated ${fmt(min)}+` : `Rated under ${fmt((max ?? 0) + 0.01)}`,
    );
  }
  for (const m of e.mpaa) add(`mpaa:${m}`, `Rated ${m}`);
  for (const p of e.platforms) add(`platform:${p}`, `On ${platformNames.get(p) ?? p}`);
  if (e.myPlatforms) add('mine:', 'On my services');
  if (e.priceTiers.length) add('price:', `Price: ${e.priceTiers.join(', ')}`);
  if (e.sort !== 'relevance') add(`sort:${e.sort}`, `Sort: ${e.sort}`);
  if (e.similarTo) add('like:', `Like: ${e.similarTo}`);
  for (const g of n.genres) add(`-genre:${g}`, `Not ${g}`, true);
  for (const c of n.creativeTypes) add(`-creative:${c}`, `Not ${c}`, true);
  for (const s of n.sources) add(`-source:${s}`, `Not ${s}`, true);
  for (const p of n.people) add(`-person:${p}`, `Without ${p}`, true);
  for (const m of n.mpaa) add(`-mpaa:${m}`, `Not rated ${m}`, true);
  if (q.text.trim()) add('text:', `Words: ${q.text.trim()}`);
  return chips;
}

/** Query text that the parser reads back as `q` without the facet `removeKey`; '' if nothing is left. */
export function queryWithout(q: ParsedQuery, removeKey: string): string {
  const e = q.entities;
  const n = q.negations;
  const keep = (key: string) => key !== removeKey;
  const words: string[] = [];
  if (e.sort !== 'relevance' && keep(`sort:${e.sort}`)) words.push(phrase(SORT_WORDS, e.sort));
  for (const m of e.moods) if (keep(`mood:${m}`)) words.push(phrase(MOOD_WORDS, m));
  for (const g of e.genres) if (keep(`genre:${g}`)) words.push(phrase(GENRE_WORDS, g));
  for (const c of e.creativeTypes) if (keep(`creative:${c}`)) words.push(phrase(CREATIVE_WORDS, c));
  if (q.text.trim() && keep('text:')) words.push(q.text.trim());
  for (const s of e.sources) if (keep(`source:${s}`)) words.push(phrase(SOURCE_WORDS, s));
  for (const p of e.people) if (keep(`person:${p}`)) words.push(`with ${p}`);
  if (e.years && keep('years:')) {
    const { min, max } = e.years;
    if (min !== undefined && max !== undefined)
      words.push(min === max ? `from ${min}` : `from ${min} to ${max}`);
    else if (min !== undefined) words.push(`since ${min}`);
    else if (max !== undefined) words.push(`before ${max + 1}`);
  }
  if (e.runtime && keep('runtime:')) {
    if (e.runtime.min !== undefined) words.push(`over ${e.runtime.min} minutes`);
    if (e.runtime.max !== undefined) words.push(`under ${e.runtime.max} minutes`);
  }
  if (e.rating && keep('rating:')) {
    if (e.rating.min !== undefined) words.push(`rated at least ${fmt(e.rating.min)}`);
    else if (e.rating.max !== undefined) words.push(`rated below ${fmt(e.rating.max + 0.01)}`);
  }
  for (const m of e.mpaa) if (keep(`mpaa:${m}`)) words.push(`rated ${m}`);
  for (const p of e.platforms)
    if (keep(`platform:${p}`)) words.push(`on ${phrase(PLATFORM_WORDS, p)}`);
  if (e.myPlatforms && keep('mine:')) words.push('on something i already pay for');
  if (e.priceTiers.length && keep('price:')) words.push(pricePhrase(e.priceTiers));
  for (const g of n.genres) if (keep(`-genre:${g}`)) words.push(`not ${phrase(GENRE_WORDS, g)}`);
  for (const c of n.creativeTypes)
    if (keep(`-creative:${c}`)) words.push(`not ${phrase(CREATIVE_WORDS, c)}`);
  for (const s of n.sources) if (keep(`-source:${s}`)) words.push(`not ${phrase(SOURCE_WORDS, s)}`);
  for (const p of n.people) if (keep(`-person:${p}`)) words.push(`without ${p}`);
  for (const m of n.mpaa) if (keep(`-mpaa:${m}`)) words.push(`not rated ${m}`);
  // "like X" reads to the end of the query, so it goes last.
  if (e.similarTo && keep('like:')) words.push(`like ${e.similarTo}`);
  return words.join(' ').replace(/\s+/g, ' ').trim();
}
