/**
 * Ports of catalog ingestion. A content source lists records page by page (a full listing, or
 * what changed since an instant); the repository matches, stores and counts them. Pure
 * interfaces: adapters live in src/adapters/content-sources and src/db/repositories.
 */
import type {
  ContentSourceName,
  IngestPageMessage,
  IngestRun,
  SyncMode,
  Upstream,
} from '../../schemas/catalog';

export type { IngestPageMessage };
import type { MergedValues, FieldSources } from './ingest/merge';

export interface SourcePage {
  /** Raw records: the pipeline validates each one (a source is never trusted). */
  records: unknown[];
  /** The next page's cursor; null when this was the last page. */
  nextCursor: string | null;
  /** Records in the whole listing, when the source knows it (progress, batches expected). */
  total?: number;
}

export interface ContentSource {
  name: ContentSourceName;
  /** The upstream its fields are credited to when a record names none. */
  upstream: Upstream;
  /**
   * One page. `cursor` null is the first page; `since` (incremental mode) asks only for records
   * changed after it. Throws on a failed request (the queue retries the page).
   */
  page(req: {
    mode: SyncMode;
    cursor: string | null;
    since: Date | null;
    limit: number;
  }): Promise<SourcePage>;
}

/** A title as stored, in the shape the merge compares against. */
export interface ExistingTitle {
  id: string;
  titleKey: string | null;
  releaseYear: number | null;
  values: MergedValues;
  fieldSources: FieldSources;
  /** "source:externalId" pairs already linked to this title. */
  externalIds: string[];
}

export interface MatchKeys {
  /** "source:externalId" pairs (the record's own key included, as "<source>:<sourceKey>"). */
  externalIds: string[];
  /** Ids proposed by the records. */
  ids: string[];
  /** Normalised titles. */
  titleKeys: string[];
}

export interface QuarantinedRecord {
  sourceKey: string;
  reason: string;
  issues: { path: string; message: string }[];
  record: unknown;
}

/** What one page does to the catalog, decided by the pure planner and applied in one transaction. */
export interface UpsertPlan {
  inserts: PlannedTitle[];
  updates: PlannedTitle[];
  unchanged: string[];
  quarantined: QuarantinedRecord[];
}

export interface PlannedTitle {
  id: string;
  titleKey: string;
  releaseYear: number;
  type: 'movie' | 'series';
  values: MergedValues;
  fieldSources: FieldSources;
  /** Fields whose value changed (all of them for an insert). */
  changed: string[];
  /** "source:externalId" pairs to link (new ones only). */
  externalIds: string[];
  recordHash: string;
}

export interface PageOutcome {
  added: string[];
  updated: string[];
  unchanged: number;
  quarantined: number;
  /** False when this page had been applied before (a redelivered message): nothing was written. */
  applied: boolean;
}

export interface IngestRepository {
  /** Titles any of the keys point at (external ids, ids, title keys). */
  findExisting(keys: MatchKeys): Promise<ExistingTitle[]>;
  /** Of these ids, the ones already taken by a title. */
  takenIds(ids: string[]): Promise<string[]>;
  /**
   * Applies a page's plan, its quarantine rows and the run's counters in one transaction, unless
   * the run already applied page `seq` (then nothing is written and `applied` is false).
   */
  applyPage(
    run: { runId: number; seq: number; source: ContentSourceName; records: number },
    plan: UpsertPlan,
    next: { cursor: string | null; highWater: Date | null },
  ): Promise<PageOutcome>;
  createRun(run: {
    source: ContentSourceName;
    mode: SyncMode;
    trigger: string;
    since: Date | null;
    batchesTotal: number | null;
  }): Promise<number>;
  getRun(id: number): Promise<IngestRun | null>;
  /** The run's resume point: where the next page starts, and which page number it is. */
  runCursor(id: number): Promise<{
    status: string;
    cursor: string | null;
    nextSeq: number;
    source: ContentSourceName;
    mode: SyncMode;
    since: Date | null;
  } | null>;
  finishRun(id: number, status: 'completed' | 'failed', error?: string): Promise<void>;
  listRuns(limit: number): Promise<IngestRun[]>;
  /** The instant the last completed run of this source had seen up to (the next incremental's `since`). */
  lastHighWater(source: ContentSourceName): Promise<Date | null>;
  /** Running runs that made no progress for `staleMs`: interrupted, to be resumed. */
  staleRuns(staleMs: number): Promise<number[]>;
  /** A running run of this source, if any (one sync at a time per source). */
  activeRun(source: ContentSourceName): Promise<number | null>;
}

/** After a page lands: work on the titles it changed (embeddings, caches, availability). */
export interface IngestHooks {
  /** Re-embeds these titles (their text changed); failures are logged, the page stays applied. */
  reembed?(ids: string[]): Promise<void>;
  /** New titles: look up where they stream. */
  newTitles?(ids: string[]): Promise<void>;
  /** Something changed: cached answers that may hold it must go. */
  invalidate?(): Promise<void>;
}
