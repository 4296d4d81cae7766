/**
 * Search behind two caches: the per-data-centre edge cache in front, the global KV behind
 * it. Keys hold the catalog version, so a catalog or availability change (which bumps the
 * version) makes every stale answer unreachable at once. Personalised searches skip both.
 *
 * An answer goes to KV on its second sighting: a miss writes the edge cache only, and the first
 * edge hit (the query asked again in this data centre) copies it to KV for the others. Most
 * uncached queries are asked once (a typo, a page size, a long description): writing each to KV
 * too cost a billed write ($5 per million) and, in the Worker, about 3.5 ms of an uncached
 * search's CPU (bench:search --rtt 25) for an answer nobody reads again. The price: a query
 * popular across data centres reaches KV only once one of them has seen it twice.
 *
 * In front of both, the isolate's own memory (`answers`): an answer this isolate gave or read in
 * the last minute is given again without any I/O (a person going back after removing a chip, a
 * query many people ask in this data centre). Asked again there, it is copied to KV as an edge
 * hit would be.
 */
import type { Warn } from '../../lib/logger';
import type { AnswerMemo } from './answer-memo';
import { fingerprint } from './cursor';
import { normalizeQuery } from './parse-query';
import type { TextCache } from './ports';
import { searchCatalog, type SearchDeps, type SearchInput, type SearchOutput } from './search';

export interface CacheDeps {
  edge?: TextCache;
  kv?: TextCache;
  catalogVersion: () => Promise<number>;
  /**
   * The catalog version as read at most a second ago in this isolate: for answers that only
   * title and people changes alter (suggestions), which may follow a change a second late.
   */
  recentCatalogVersion?: () => Promise<number>;
  /** The isolate's memory of small popular answers (suggestions). */
  memo?: AnswerMemo;
  /** The isolate's memory of recent search answers, read before the edge cache. */
  answers?: AnswerMemo;
  /** Reports each layer's lookup (metrics). */
  observe?: (layer: 'memo' | 'edge' | 'kv', result: 'hit' | 'miss') => void;
  /** Reports a cache that cannot be read (the lookup then counts as a miss). */
  warn?: Warn;
}

export type CacheOutcome = 'hit' | 'miss' | 'bypass';
export interface CachedSearchOutput extends SearchOutput {
  cache: { status: CacheOutcome; layer?: 'memo' | 'edge' | 'kv'; key?: string };
}

export const EDGE_TTL_SECONDS = 60;
/** How long a KV read behind an edge miss runs alone before the search starts beside it. */
export const KV_HEAD_START_MS = 5;
export const KV_TTL_SECONDS = 600;

/** The read's answer, or undefined if it has not come within `ms`. */
async function within<T>(read: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      read,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Keys this isolate knows are in KV (read there or copied there), oldest first; bounded. */
const inKv = new Set<string>();
const IN_KV_MAX = 5_000;
function knownInKv(key: string): boolean {
  if (!inKv.has(key)) return false;
  inKv.delete(key);
  inKv.add(key);
  return true;
}
function rememberInKv(key: string): void {
  inKv.delete(key);
  if (inKv.size >= IN_KV_MAX) inKv.delete(inKv.keys().next().value!);
  inKv.add(key);
}

export function searchCacheKey(version: number, input: SearchInput): string {
  const identity = JSON.stringify([
    normalizeQuery(input.query),
    input.filters ?? null,
    input.limit,
    input.cursor ?? null,
  ]);
  // Two independent 32-bit hashes make collisions negligible for a cache key.
  return `search:v${version}:${input.region}:${fingerprint(identity)}${fingerprint(`salt:${identity}`)}`;
}

export async function cachedSearch(
  deps: SearchDeps,
  caches: CacheDeps,
  input: SearchInput,
  background: (p: Promise<unknown>) => void,
): Promise<CachedSearchOutput> {
  // Personal answers (and a parental limit's) are not shared.
  if (input.user || input.maxRating)
    return { ...(await searchCatalog(deps, input)), cache: { status: 'bypass' } };
  const started = Date.now();
  const version = await caches.catalogVersion();
  const key = searchCacheKey(version, input);
  const read = (layer: 'edge' | 'kv', cache: TextCache) =>
    cache
      .get(key)
      .catch((err: unknown) => {
        caches.warn?.('search cache not read; treated as a miss', { layer, error: err });
        return null;
      })
      .then((hit) => {
        caches.observe?.(layer, hit ? 'hit' : 'miss');
        return hit;
      });
  const answer = (hit: string, layer: 'memo' | 'edge' | 'kv'): CachedSearchOutput => {
    const out = JSON.parse(hit) as SearchOutput;
    out.meta.took_ms = Date.now() - started;
    if (layer !== 'memo') caches.answers?.set(key, hit);
    if (layer === 'kv') {
      rememberInKv(key);
      if (caches.edge) background(caches.edge.put(key, hit, EDGE_TTL_SECONDS));
    } else if (caches.kv && !knownInKv(key)) {
      // Asked again: worth sharing with the other data centres.
      rememberInKv(key);
      background(caches.kv.put(key, hit, KV_TTL_SECONDS));
    }
    return { ...out, cache: { status: 'hit', layer, key } };
  };
  const store = (out: SearchOutput): CachedSearchOutput => {
    // Degraded answers (a fallback happened) are not cached: the next request may do better.
    if (out.meta.fallbacks.length === 0) {
      const body = JSON.stringify(out);
      caches.answers?.set(key, body);
      if (caches.edge) background(caches.edge.put(key, body, EDGE_TTL_SECONDS));
      // Without an edge cache KV is the only one: written at once.
      else if (caches.kv) {
        rememberInKv(key);
        background(caches.kv.put(key, body, KV_TTL_SECONDS));
      }
    }
    return { ...out, cache: { status: 'miss', key } };
  };
  if (caches.answers) {
    const hit = caches.answers.get(key);
    caches.observe?.('memo', hit ? 'hit' : 'miss');
    if (hit) return answer(hit, 'memo');
  }
  if (caches.edge) {
    const hit = await read('edge', caches.edge);
    if (hit) return answer(hit, 'edge');
  }
  if (caches.kv) {
    const kvRead = read('kv', caches.kv);
    // Behind the edge cache, KV holds only answers some data centre was asked twice, so most
    // of these reads miss, and a key KV's data-centre cache does not hold (every new query's)
    // is read from its central store. The search starts when the read has had its head start,
    // so a miss delays the answer by that much at most; a KV hit that comes before the search's
    // answer still answers, and the search is dropped (it only reads). Without an edge cache KV
    // is the only cache: read first.
    const first = caches.edge ? await within(kvRead, KV_HEAD_START_MS) : await kvRead;
    if (first) return answer(first, 'kv');
    if (first === undefined) {
      // Whichever comes first: a KV hit, or the search's answer (a KV miss slower than the
      // search no longer holds it back).
      const searching = searchCatalog(deps, input);
      const won = await Promise.race([
        kvRead.then((hit) => (hit ? { hit } : new Promise<never>(() => {}))),
        searching.then((out) => ({ out })),
      ]);
      if ('hit' in won) {
        searching.catch(() => {});
        return answer(won.hit, 'kv');
      }
      return store(won.out);
    }
  }
  return store(await searchCatalog(deps, input));
}
