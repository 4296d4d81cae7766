import type { ChangeEvent, OfferValue } from './detect-changes';

export interface SnapshotInput {
  contentId: string;
  platformId: string;
  region: string;
  offers: OfferValue[];
  source: string;
  now: Date;
}

export interface StoredOffer extends OfferValue {
  platformId: string;
  platformName: string;
  lastVerifiedAt: string;
}

export interface SnapshotOutcome {
  events: ChangeEvent[];
  /** People whose watchlist notification was written with these changes (each once). */
  notifiedUserIds: string[];
}

export interface AvailabilityRepository {
  storedOffers(contentId: string, region: string): Promise<StoredOffer[]>;
  /** Active platforms operating in a region. */
  platformsIn(region: string): Promise<string[]>;
  /** The platform's webhook secret; undefined when there is no such platform. */
  webhookSecret(platformId: string): Promise<string | null | undefined>;
  contentExists(contentId: string): Promise<boolean>;
  /** Those of the ids that name a title. */
  existingContentIds(ids: string[]): Promise<string[]>;
  /** How many titles the catalog holds (a full sweep's size). */
  titleCount(): Promise<number>;
  /** Title and year, to find the title in an aggregator's catalogue. */
  /** Title, year and the ids other services know it by (TMDB, Watchmode), so a check needs no title search. */
  titleRef(contentId: string): Promise<{ title: string; year: number | null; tmdbId?: number; watchmodeId?: number } | null>;
  /**
   * Diffs and stores one platform's offers for a title and region atomically, with a notification
   * for everyone who has the title on their watchlist; returns the changes and who was notified.
   */
  applySnapshot(input: SnapshotInput): Promise<SnapshotOutcome>;
  /** Title ids by polling priority (watchlists, recent views and ratings, recency, popularity). */
  titlesByPriority(offset: number, limit: number): Promise<string[]>;
  /** Keeps a message that exhausted its retries, with the last failure reason. */
  recordDeadLetter(messageId: string, reason: string, body: unknown): Promise<void>;
}

/** A partner's offers API (simulated locally, TMDB/Watchmode for real). */
export interface PlatformClient {
  offers(contentId: string, region: string, signal: AbortSignal): Promise<OfferValue[]>;
}

export class PlatformRateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`platform rate-limited us; retry after ${retryAfterMs} ms`);
  }
}

/** The gate said not now (rate, hourly budget, open breaker, bulkhead). */
export class GateRefusedError extends Error {
  constructor(
    readonly reason: string,
    readonly retryAfterMs: number,
  ) {
    super(`gate refused (${reason}), retry in ${retryAfterMs} ms`);
  }
}

/** The PlatformGate Durable Objects, seen from a service. */
export interface Gates {
  acquire(platformId: string): Promise<{ granted: true; permitId: string } | { granted: false; reason: string; retryAfterMs: number }>;
  release(platformId: string, permitId: string, outcome: 'success' | 'failure', latencyMs: number): Promise<void>;
}

/** What a live subscriber receives for one platform's changes to one title in one region. */
export interface LiveEvent {
  contentId: string;
  region: string;
  platformId: string;
  changes: { kind: ChangeEvent['kind']; priceTier: ChangeEvent['priceTier'] }[];
  at: string;
}

/** Whose changes a subscriber follows: one title's, or one person's (their watchlist notifications). */
export type LiveTopic = { contentId: string } | { userId: string };

/**
 * Pushes changes to live subscribers (SSE through the LiveUpdateHub): the title's subscribers,
 * and each notified person's own hub.
 */
export interface LivePublisher {
  publish(contentId: string, region: string, platformId: string, events: ChangeEvent[], notifiedUserIds?: readonly string[]): Promise<void>;
}

/** Subscribes to a topic's live events; the subscription is open once the promise resolves. */
export interface LiveFeed {
  subscribe(topic: LiveTopic, opts?: { region?: string }): Promise<AsyncIterableIterator<LiveEvent>>;
}

/** Seen-before check for webhook event ids (services/availability/replay-guard.ts). */
export interface ReplayGuard {
  /** Claims the id: true the first time it is seen. */
  firstSeen(key: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim back (its event could not be queued), so the partner's retry is processed. */
  release?(key: string): Promise<void>;
}

/** Event ids in Redis: the replay guard's fast path. */
export interface ReplayCache {
  seen(key: string): Promise<boolean>;
  remember(key: string, ttlSeconds: number): Promise<void>;
  forget(key: string): Promise<void>;
}

/** Event ids in Postgres: the replay guard's truth. */
export interface ReplayRecord {
  /** Inserts the id; false when it was already there. */
  claim(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
}
