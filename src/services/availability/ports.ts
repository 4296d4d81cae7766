import type { ChangeEvent, OfferValue } from './detect-changes';

export interface SnapshotInput {
  contentId: string;
  platformId: string;
  region: string;
  offers: OfferValue[];
  source: string;
  now: Date;
}

export interface AvailabilityRepository {
  /** The platform's webhook secret; undefined when there is no such platform. */
  webhookSecret(platformId: string): Promise<string | null | undefined>;
  contentExists(contentId: string): Promise<boolean>;
  /** Diffs and stores one platform's offers for a title and region atomically; returns the changes. */
  applySnapshot(input: SnapshotInput): Promise<ChangeEvent[]>;
  /** Keeps a message that exhausted its retries, with the last failure reason. */
  recordDeadLetter(messageId: string, reason: string, body: unknown): Promise<void>;
}

/** Seen-before check for webhook event ids (Redis SET NX with a TTL). */
export interface ReplayGuard {
  firstSeen(key: string, ttlSeconds: number): Promise<boolean>;
}
