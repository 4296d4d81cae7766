/**
 * Ports: what the services need from the outside world. Adapters (src/adapters, src/db)
 * implement them; services import nothing else.
 */
import type { ContentDetail, Genre, Platform } from '../schemas/content';
import type { PersonDetail } from '../schemas/people';

export interface PlatformLimits {
  id: string;
  name: string;
  ratePerSecond: number;
  ratePerHour: number;
  burst: number;
}

export interface CatalogRepository {
  getContent(id: string, region?: string): Promise<ContentDetail | null>;
  /** Several titles in one round trip, keyed by id; unknown ids are absent. */
  getContents(ids: readonly string[], region?: string): Promise<Map<string, ContentDetail>>;
  listPlatforms(): Promise<Platform[]>;
  platformLimits(): Promise<PlatformLimits[]>;
  listGenres(): Promise<Genre[]>;
  /**
   * A person with their credit counts and one page of their films, newest first (undated last),
   * starting after `after`; null when there is no such person.
   */
  getPerson(id: string, page: { limit: number; after?: PersonFilmKey }): Promise<Omit<PersonDetail, 'nextCursor'> | null>;
}

/** Where a page of a person's films ends: the keyset (year desc nulls last, id). */
export interface PersonFilmKey {
  year: number | null;
  id: string;
}

export type DependencyStatus = 'ok' | 'down' | 'unavailable';

export interface ProbeResult {
  status: DependencyStatus;
  latencyMs: number;
  /** Which implementation answered ("pglite via neon driver", "upstash", "pgvector"...). */
  backend: string;
  message?: string;
}

/** A dependency that /ready checks. A required one that is down makes the service not ready; "unavailable" (not installed here) only degrades it. */
export interface HealthProbe {
  name: string;
  required: boolean;
  check(): Promise<Omit<ProbeResult, 'latencyMs'>>;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

export interface VectorFilter {
  yearMin?: number;
  yearMax?: number;
  genres?: string[];
}

/** Dimensions of every content and query embedding (the pgvector column, Pinecone's index, the embedders). */
export const EMBEDDING_DIMENSIONS = 256;

/** Nearest-neighbour search over content embeddings: pgvector by default, Pinecone when configured. */
export interface VectorIndex {
  readonly backend: string;
  status(): Promise<Omit<ProbeResult, 'latencyMs'>>;
  query(vector: number[], topK: number, filter?: VectorFilter): Promise<VectorMatch[]>;
  upsert(items: { id: string; vector: number[]; metadata: { year: number | null; genres: string[] } }[], model: string): Promise<void>;
  /** The stored vectors of these titles (missing ids are left out). */
  vectorsOf(ids: string[]): Promise<Map<string, number[]>>;
  /**
   * Nearest titles to the weighted sum of these titles' vectors (a person's taste, or one
   * title's neighbours), the seeds themselves included. Empty when no seed has a vector.
   */
  queryNear(seeds: { id: string; weight: number }[], topK: number): Promise<VectorMatch[]>;
}

/** Sliding-window request limits (Redis in production; the middleware and sign-in use it). */
export interface RateDecision {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the window resets. */
  reset: number;
  /** The limiter gave up waiting for Redis and let the request through. */
  timedOut: boolean;
  pending: Promise<unknown>;
}

export interface RateLimiter {
  /** Spends `rate` requests (1 unless several are counted at once). */
  limit(bucket: string, identifier: string, max: number, windowSec: number, rate?: number): Promise<RateDecision>;
  /** Gives one spent request back (current window), e.g. a sign-in attempt that succeeded. */
  refund(bucket: string, identifier: string, max: number, windowSec: number): Promise<void>;
}
