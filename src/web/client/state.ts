/**
 * The page's module state, in one place: what the views share (the last search, the open live
 * stream, where a person page's back link goes, platform names) and what the combobox and the
 * dialogs keep between events. Each view reads and writes it here, so nothing hides in a module.
 */
import type { ParsedQuery, SearchResult } from '../../schemas/search';
import { byId } from './dom';
import type { Tier } from './constants';

export interface SearchResponse {
  query: ParsedQuery;
  results: SearchResult[];
  meta: { total: number; totalCapped?: boolean; nextCursor: string | null; notes?: string[] };
}
export interface Suggestion {
  kind: string;
  text: string;
  id?: string;
  year?: number | null;
  role?: string;
}

export const state = {
  /** Platform id → name, from GET /api/v1/platforms. */
  platformNames: new Map<string, string>(),
  /** The search on screen (its results so far, for "More results" and the back link). */
  last: null as {
    q: string;
    region: string;
    tier: Tier | '';
    response: SearchResponse;
    results: SearchResult[];
  } | null,
  /** Counts searches so a slow answer to an older one is dropped. */
  searchSeq: 0,
  /** The title page's live availability stream, closed when leaving it. */
  liveSource: null as EventSource | null,
  /** The page a person page's back link returns to (the title its cast link was on). */
  cameFrom: '/',
  suggest: {
    timer: undefined as number | undefined,
    abort: null as AbortController | null,
    items: [] as Suggestion[],
    active: -1,
    /** Text kept before a suggestion for the last word only ("feel-good 90s " + "comedy"). */
    prefix: '',
  },
  /** Where focus returns when the sign-in dialog closes. */
  authReturnFocus: null as HTMLElement | null,
};

/** The region and price selectors live in the search form but every view reads them. */
export const regionSelect = byId<HTMLSelectElement>('region');
export const tierSelect = byId<HTMLSelectElement>('tier');
export const region = () => regionSelect.value || 'US';
export const tier = () => tierSelect.value as Tier | '';
