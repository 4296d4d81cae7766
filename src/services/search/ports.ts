/** What the search pipeline needs from storage, caches and AI; adapters implement these. */
import type { ParsedQuery } from '../../schemas/search';
import type { Gazetteer } from './parse-query';
import type { PriceTier } from '../../schemas/enums';

export interface RetrievalPlan {
  region: string;
  /** Leftover words, for full-text and trigram scoring (never a hard filter here). */
  text: string;
  yearMin?: number;
  yearMax?: number;
  runtimeMin?: number;
  runtimeMax?: number;
  ratingMin?: number;
  ratingMax?: number;
  mpaaIn: string[];
  mpaaNotIn: string[];
  /** A parental limit: only these ratings, unrated titles left out (absent: no limit). */
  mpaaAllowed?: string[];
  genresAny: string[];
  /** Each must match (genres or themes): "found footage horror". */
  genresAll?: string[];
  genresNone: string[];
  creativeAny: string[];
  creativeNone: string[];
  sourcesAny: string[];
  sourcesNone: string[];
  peopleAny: string[];
  peopleNone: string[];
  /** Offers in the region on these platforms (any), and/or in these tiers. */
  platforms: string[];
  /** No offer in the region on any of these ("not on netflix"). */
  platformsNone?: string[];
  priceTiers: string[];
  availableOnly: boolean;
  /** Restrict to these ids (hydrating the vector leg). */
  ids?: string[];
  excludeIds: string[];
  /** Release years excluded ("nothing from the 80s"). */
  yearsNone?: { min?: number; max?: number };
  /** Only titles with an offer (on `platforms`, if any) leaving within this many days. */
  leavingWithinDays?: number;
  /** Only titles with an offer (on `platforms`, if any) added within this many days. */
  addedWithinDays?: number;
  order:
    | 'relevance'
    | 'best'
    | 'newest'
    | 'oldest'
    | 'biggest'
    | 'popular'
    | 'underrated'
    | 'longest'
    | 'shortest'
    | 'leaving_soon'
    | 'recently_added';
  limit: number;
}

export interface Candidate {
  id: string;
  title: string;
  releaseYear: number | null;
  type: 'movie' | 'series';
  genres: string[];
  creativeType: string | null;
  source: string | null;
  director: string | null;
  runtimeMinutes: number | null;
  mpaaRating: string | null;
  imdbRating: number | null;
  imdbVotes: number | null;
  rottenTomatoes: number | null;
  popularity: number;
  worldwideGross: number | null;
  /** Full-text rank of the leftover words (0 when none). */
  textRank: number;
  /** Trigram word similarity of the leftover words to the title (0..1). */
  titleSimilarity: number;
  /** Platform ids with an offer in the region. */
  regionPlatforms: string[];
  /** The region's offers, cheapest tier first, when the repository read them with the row. */
  offers?: OfferSummary[];
  /** keywordRetrieve: the keyword leg's score over the best match's (0..1; absent: not matched). */
  keywordScore?: number;
  /** vectorRetrieve: cosine similarity to the query. */
  vectorScore?: number;
}

export interface TitleMatch {
  id: string;
  title: string;
  releaseYear: number | null;
  similarity: number;
}

export interface OfferSummary {
  platformId: string;
  platformName: string;
  priceTier: PriceTier;
  amount: number | null;
  currency: string | null;
}

export interface Suggestion {
  kind: 'title' | 'person' | 'genre';
  text: string;
  /** A title's id (/api/v1/content/:id) or a person's (/api/v1/people/:id). */
  id?: string;
  year?: number | null;
  /** People: what they are mostly credited as. */
  role?: 'actor' | 'director';
  /** People: how many credits they have. */
  credits?: number;
}

/** A title or person the repository found for a partial text, with what ranking needs. */
export interface SuggestionCandidate extends Suggestion {
  kind: 'title' | 'person';
  id: string;
  /** 1 when the text starts with the partial, else its pg_trgm word similarity (0..1). */
  match: number;
  /** Titles: popularity (0..1); people: their credit count. */
  weight: number;
}

export interface SearchRecord {
  userId?: string;
  query: string;
  normalizedQuery: string;
  region: string;
  intent: string;
  resultCount: number;
  tookMs: number;
  /** When it was searched (ISO 8601); now if absent. Records may be stored minutes later. */
  at?: string;
}

export interface SearchRepository {
  gazetteer(): Promise<Gazetteer>;
  /**
   * Titles similar to `text` (pg_trgm similarity), best first. `minSimilarity` is the weakest
   * match the caller can act on: the probe stops at the strongest tier that finds one.
   */
  titleMatches(text: string, limit: number, minSimilarity?: number): Promise<TitleMatch[]>;
  /**
   * The plan's titles, with their rows. With `titleProbe` the same statement also answers what
   * titleMatches(text, limit, minSimilarity) would (`titleMatches`; a repository may leave it out,
   * and the caller then asks titleMatches).
   */
  retrieve(
    plan: RetrievalPlan,
    titleProbe?: { text: string; limit: number; minSimilarity: number },
  ): Promise<{ rows: Candidate[]; total: number; titleMatches?: TitleMatch[] }>;
  /**
   * The keyword leg: titles whose text document (title, cast, directors, genres, themes,
   * synopsis) contains the query's words, best first, each word weighted by its rarity.
   */
  keywordMatches(
    text: string,
    limit: number,
    opts?: { titleWeight?: number },
  ): Promise<{ id: string; score: number; hits: number }[]>;
  offers(ids: string[], region: string): Promise<Map<string, OfferSummary[]>>;
  /**
   * The keyword leg and its rows in one statement: the plan's titles among those the words match
   * (each with its keywordScore) and, with `titleProbe`, those the title probe would find (as
   * titleMatches with a similarity of 0.3 or more). It needs no earlier answer, so it runs beside
   * the probe, or instead of it: with `titleProbe` it also answers what
   * titleMatches(text, limit, minSimilarity) would (`titleMatches`). With `facets`, what
   * retrieve(facets) would answer comes with it (`facets`), read in the same request where the
   * database takes several statements in one (a repository may leave it out, and the caller then
   * asks retrieve). Undefined when the repository cannot (the caller runs the steps in turn).
   */
  keywordRetrieve?(
    plan: RetrievalPlan,
    kw: {
      text: string;
      limit: number;
      titleWeight: number;
      titleProbe?: { text: string; limit: number; minSimilarity: number };
      facets?: RetrievalPlan;
    },
  ): Promise<
    | {
        rows: Candidate[];
        total: number;
        titleMatches?: TitleMatch[];
        facets?: { rows: Candidate[]; total: number };
      }
    | undefined
  >;
  /**
   * The nearest neighbours of `embedding` and their rows that pass the plan, in one round trip
   * (each with its vectorScore); the vector index must live in the same database (pgvector).
   * Undefined when it cannot.
   */
  vectorRetrieve?(
    embedding: number[],
    topK: number,
    filter: { model?: string; yearMin?: number; yearMax?: number; genres?: string[] },
    plan: RetrievalPlan,
  ): Promise<{ rows: Candidate[]; total: number } | undefined>;
  /** Titles and people (with credits) matching a lowercased partial, by prefix or typo-tolerant word similarity. */
  suggestions(partial: string, limit: number): Promise<SuggestionCandidate[]>;
  recordSearch(rec: SearchRecord): Promise<void>;
  /**
   * Stores many records in one statement; those of erased accounts are dropped (a record can
   * wait in the search log while its account is erased). Returns how many were stored.
   */
  recordSearches(recs: SearchRecord[]): Promise<number>;
}

/** Records per drained batch of the search log. */
export const SEARCH_LOG_BATCH = 500;

/** Searches on their way to search_history (a Redis list); see services/search/search-log.ts. */
export interface SearchLog {
  /**
   * Appends a record and counts its query as popular today. Returns the list's length after
   * this call's last append and how many records its appends added (with the records that
   * arrived meanwhile); null when another call's append carries the record, or when the
   * records went straight to Postgres.
   */
  record(rec: SearchRecord): Promise<{ length: number; added: number } | null>;
  /**
   * Moves pending records to `store`, a batch at a time, until the list is empty or
   * `maxBatches` were moved. Returns how many records were moved.
   */
  drain(
    store: (recs: SearchRecord[]) => Promise<number>,
    opts?: {
      batch?: number;
      maxBatches?: number;
      warn?: (msg: string, fields?: Record<string, unknown>) => void;
    },
  ): Promise<number>;
}

/**
 * Turns text into a vector. The model is part of the vector index's identity: vectors of
 * different models never mix (the index stores each title's model; queries ask for theirs).
 * Adapters: OpenAI (and the local service speaking its wire format), Workers AI, the hashing one.
 */
export interface Embedder {
  readonly model: string;
  readonly dimensions: number;
  embed(text: string): Promise<number[]>;
  /** Many texts in one call where the service allows (the ingestion pipeline's batches). */
  embedMany?(texts: string[]): Promise<number[][]>;
}

/** An LLM that understands queries; its output is validated and falls back to the local parser. */
export interface QueryUnderstanding {
  parse(query: string): Promise<Omit<ParsedQuery, 'raw' | 'normalized' | 'parser'>>;
}

/** A string cache with TTL (KV in the Worker). */
export interface TextCache {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/**
 * Times the pipeline's stages: each stage gets its own span under the request's span and one
 * log line with its duration (src/lib/trace.ts implements it over the request's logger).
 */
export interface StageTracer {
  stage<T>(name: SearchStage, run: () => Promise<T>): Promise<T>;
}
export type SearchStage = 'parse' | 'embed' | 'retrieve' | 'rank' | 'availability';

export const NO_TRACER: StageTracer = { stage: (_name, run) => run() };
