/** What the per-service feeds need from the outside world. */
import type { FeedItem, FeedKind } from '../../schemas/feeds';

/** Where a page of a feed starts: after the row with this sort key and id. */
export interface FeedPosition {
  /** Epoch ms of the row's time (arrival, price change or leaving date). */
  at: number;
  /** The row's id (a change id, or an offer id for leaving). */
  id: number;
}

export interface FeedQueryInput {
  kind: FeedKind;
  region: string;
  platforms: string[] | null;
  days: number;
  /** MPAA ratings allowed (null: no limit). */
  ratings: string[] | null;
  limit: number;
  after: FeedPosition | null;
  now: Date;
}

export interface FeedRow extends FeedItem {
  position: FeedPosition;
}

export interface FeedsRepository {
  /** One page of a feed, in the feed's order: newest first (new, price drops), soonest first (leaving). */
  feed(q: FeedQueryInput): Promise<FeedRow[]>;
}
