/** What the recommendation services need from the outside world. */
import type { OfferSummary as SearchOfferSummary } from '../search/ports';

/** One thing a person did with a title, as a positive-taste weight in (0, 1]. */
export interface Signal {
  contentId: string;
  title: string;
  kind: 'rating' | 'view' | 'watchlist';
  /** The 0-10 score for a rating. */
  rating: number | null;
  weight: number;
  genres: string[];
  at: string;
}

/** An offer as recommendations show it: search's offer summary without the price. */
export type OfferSummary = Pick<SearchOfferSummary, 'platformId' | 'platformName' | 'priceTier'>;

/** A title as recommendations show it, with its offers in the asked region. */
export interface RecTitle {
  id: string;
  title: string;
  releaseYear: number | null;
  type: string;
  genres: string[];
  director: string | null;
  runtimeMinutes: number | null;
  mpaaRating: string | null;
  rating: number | null;
  /** 0..1 quality prior (Bayesian-weighted rating). */
  quality: number;
  popularity: number;
  availability: OfferSummary[];
}

export interface NeighborRow {
  contentId: string;
  neighborId: string;
  score: number;
}

export interface RecsRepository {
  /** One signal per title the person rated, watched or listed (the strongest), strongest first, then newest. */
  signals(userId: string, limit: number): Promise<Signal[]>;
  /** An active account's preferences (defaults where unset) and signals, read together; null for no such account. */
  person(
    userId: string,
    limit: number,
  ): Promise<{ preferences: { region: string; platforms: string[]; genres: string[] }; signals: Signal[]; /** Consent to personalisation. */ personalisation: boolean } | null>;
  /** Stored co-occurrence neighbours of these titles, best first per title. */
  neighbors(ids: string[], perItem: number): Promise<NeighborRow[]>;
  /** These titles (unknown ids left out) with their offers in the region. */
  describe(ids: string[], region: string): Promise<RecTitle[]>;
  /** Well-rated, popular titles, optionally in some genres and only with an offer in the region (on these platforms). */
  popular(opts: { region: string; genres: string[]; platforms: string[] | null; availableOnly: boolean; exclude: string[]; limit: number }): Promise<RecTitle[]>;
  /** Recompute neighbour lists: for titles with interactions since the last run (or all when full). */
  refreshNeighbors(opts: { full: boolean }): Promise<RefreshReport>;
  /** Interaction counts per title and region in a time window, for rebuilding trending. */
  interactionCounts(since: Date, limit: number): Promise<TrendingEvent[]>;
}

export interface RefreshReport {
  full: boolean;
  titles: number;
  pairs: number;
  watermark: string;
  tookMs: number;
}

export type TrendingWindow = 'day' | 'week';

export interface TrendingEvent {
  contentId: string;
  region: string;
  weight: number;
  /** Epoch ms. */
  at: number;
}

/** Time-bucketed trending counters (Redis sorted sets). */
export interface TrendingStore {
  record(events: TrendingEvent[]): Promise<void>;
  /** Decayed scores over the window, best first. */
  top(window: TrendingWindow, region: string, limit: number, now: number): Promise<{ contentId: string; score: number }[]>;
  /** Whether any bucket of the window holds data (for the rebuild check). */
  isEmpty(window: TrendingWindow, region: string, now: number): Promise<boolean>;
}

/**
 * A person's computed recommendation lists, kept a few minutes and forgotten whenever their
 * ratings, views, watchlist, preferences or account change. A generation, raised by every
 * forget, keeps a list computed before a change from being stored after it.
 */
export interface RecsCache {
  /** The cached list (null when none) and the person's cache generation, read together. */
  get(userId: string, variant: string): Promise<{ json: string | null; generation: string }>;
  /** Stores the list only while the generation is still `generation`; says whether it did. */
  put(userId: string, variant: string, json: string, ttlSeconds: number, generation: string): Promise<boolean>;
  /** Drops every list of the person and raises the generation. */
  forget(userId: string): Promise<void>;
}
