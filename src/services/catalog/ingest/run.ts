/**
 * The ingestion pipeline over its ports: a sync is a run that walks its source page by page
 * (one queue message a page); each page is validated, de-duplicated, matched, merged and
 * applied in one transaction that also records the page as done, so a redelivered page changes
 * nothing and an interrupted run resumes from the page after the last one applied.
 */
import { AppError } from '../../../lib/errors';
import type { ContentSourceName, IngestRun, SyncMode } from '../../../schemas/catalog';
import type { ContentSource, IngestHooks, IngestPageMessage, IngestRepository, PageOutcome } from '../ports';
import { dedupePage, matchKeys, planPage } from './plan';
import { contentSlug } from './slug';
import { validateRecords } from './validate';

export interface IngestDeps {
  repo: IngestRepository;
  sources: Partial<Record<ContentSourceName, ContentSource>>;
  /** Where the next page goes (the catalog queue; a local loop in scripts). */
  send(message: IngestPageMessage): Promise<void>;
  hooks?: IngestHooks;
  now?: () => Date;
  /** Records per page (default 500). */
  pageSize?: number;
  warn?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Fields whose change alters a title's text (its embedding and full-text document). */
const TEXT_FIELDS = new Set(['title', 'synopsis', 'genres', 'themes', 'cast', 'directors', 'creativeType', 'source']);

function sourceOf(deps: IngestDeps, name: ContentSourceName): ContentSource {
  const s = deps.sources[name];
  if (!s) throw new AppError('BAD_REQUEST', `The content source "${name}" is not configured here (see the README's configuration table)`);
  return s;
}

export interface SyncStarted {
  runId: number;
  source: ContentSourceName;
  mode: SyncMode;
  /** True when a run of this source was already going: that run is returned, none is started. */
  alreadyRunning: boolean;
}

/** Starts a sync of one source (one at a time per source): the run, and its first page on the queue. */
export async function startSync(deps: IngestDeps, req: { source: ContentSourceName; mode: SyncMode; trigger: string }): Promise<SyncStarted> {
  sourceOf(deps, req.source);
  const active = await deps.repo.activeRun(req.source);
  if (active !== null) return { runId: active, source: req.source, mode: req.mode, alreadyRunning: true };
  const since = req.mode === 'incremental' ? await deps.repo.lastHighWater(req.source) : null;
  const runId = await deps.repo.createRun({ source: req.source, mode: req.mode, trigger: req.trigger, since, batchesTotal: null });
  await deps.send({ kind: 'catalog-page', runId, seq: 0, cursor: null });
  return { runId, source: req.source, mode: req.mode, alreadyRunning: false };
}

/** Ids a page's new titles may take, and the "-2".."-9" fallbacks, to ask the catalog about at once. */
function candidateIds(records: { proposedId?: string; title: string; releaseYear: number }[]): string[] {
  const ids = new Set<string>();
  for (const r of records) {
    const base = r.proposedId ?? contentSlug(r.title, r.releaseYear);
    ids.add(base);
    for (let n = 2; n <= 9; n++) ids.add(`${base.slice(0, 96)}-${n}`);
  }
  return [...ids];
}

export type PageResult = PageOutcome & { runId: number; seq: number; last: boolean; skipped?: 'run not running' | 'page already applied' };

/** One page of a run: fetch, validate, plan, apply; then the next page or the run's end. */
export async function ingestPage(deps: IngestDeps, msg: IngestPageMessage): Promise<PageResult> {
  const none = { added: [], updated: [], unchanged: 0, quarantined: 0, applied: false, runId: msg.runId, seq: msg.seq };
  const run = await deps.repo.runCursor(msg.runId);
  if (run?.status !== 'running') return { ...none, last: true, skipped: 'run not running' };
  if (msg.seq < run.nextSeq) return { ...none, last: false, skipped: 'page already applied' };
  const source = sourceOf(deps, run.source);
  const page = await source.page({ mode: run.mode, cursor: msg.cursor, since: run.since, limit: deps.pageSize ?? 500 });

  const validated = validateRecords(page.records);
  const { records } = dedupePage(source.name, validated.records);
  const [existing, taken] = await Promise.all([
    deps.repo.findExisting(matchKeys(source.name, records)),
    deps.repo.takenIds(candidateIds(records)),
  ]);
  const at = (deps.now?.() ?? new Date()).toISOString();
  const plan = planPage({ source: source.name, upstream: source.upstream, records, existing, taken: new Set(taken), at });
  plan.quarantined.unshift(...validated.quarantined);
  const highWater = records.reduce<Date | null>((max, r) => {
    if (!r.modifiedAt) return max;
    const d = new Date(r.modifiedAt);
    return !max || d > max ? d : max;
  }, null);

  const outcome = await deps.repo.applyPage(
    { runId: msg.runId, seq: msg.seq, source: source.name, records: page.records.length },
    plan,
    { cursor: page.nextCursor, highWater },
  );
  const last = page.nextCursor === null;
  if (outcome.applied) await afterPage(deps, plan, outcome);
  if (last) await deps.repo.finishRun(msg.runId, 'completed');
  else await deps.send({ kind: 'catalog-page', runId: msg.runId, seq: msg.seq + 1, cursor: page.nextCursor });
  return { ...outcome, runId: msg.runId, seq: msg.seq, last };
}

/** Embeddings, availability and caches for what the page changed; a failure here leaves the page applied. */
async function afterPage(deps: IngestDeps, plan: ReturnType<typeof planPage>, outcome: PageOutcome): Promise<void> {
  const hooks = deps.hooks;
  if (!hooks) return;
  const textChanged = [...plan.inserts, ...plan.updates].filter((p) => p.changed.some((f) => TEXT_FIELDS.has(f))).map((p) => p.id);
  const jobs: [string, Promise<void> | undefined][] = [
    ['re-embed', textChanged.length ? hooks.reembed?.(textChanged) : undefined],
    ['availability of new titles', outcome.added.length ? hooks.newTitles?.(outcome.added) : undefined],
    ['cache invalidation', outcome.added.length || outcome.updated.length ? hooks.invalidate?.() : undefined],
  ];
  const results = await Promise.allSettled(jobs.map(([, p]) => p ?? Promise.resolve()));
  results.forEach((r, i) => {
    if (r.status === 'rejected') deps.warn?.(`catalog page: ${jobs[i]![0]} failed`, { error: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  });
}

/** Runs that stopped making progress (a lost message, a crash) go on from their last applied page. */
export async function resumeStaleRuns(deps: IngestDeps, staleMs = 10 * 60_000): Promise<number[]> {
  const stale = await deps.repo.staleRuns(staleMs);
  for (const runId of stale) {
    const rc = await deps.repo.runCursor(runId);
    if (rc?.status === 'running') await deps.send({ kind: 'catalog-page', runId, seq: rc.nextSeq, cursor: rc.cursor });
  }
  return stale;
}

/** A run whose page failed for good (dead-lettered): it ends as failed, with why. */
export function failRun(deps: IngestDeps, runId: number, reason: string): Promise<void> {
  return deps.repo.finishRun(runId, 'failed', reason.slice(0, 500));
}

export function listRuns(deps: Pick<IngestDeps, 'repo'>, limit = 20): Promise<IngestRun[]> {
  return deps.repo.listRuns(limit);
}

export async function getRun(deps: Pick<IngestDeps, 'repo'>, id: number): Promise<IngestRun> {
  const run = await deps.repo.getRun(id);
  if (!run) throw new AppError('NOT_FOUND', `No ingestion run ${id}`);
  return run;
}

/**
 * A whole sync in this process, page after page, without a queue: scripts (the first load of
 * `npm run dev`, `npm run catalog:sync`) and tests use the same steps the queue consumer runs.
 */
export async function syncInline(
  deps: Omit<IngestDeps, 'send'>,
  req: { source: ContentSourceName; mode: SyncMode; trigger: string; resume?: boolean },
  onPage?: (r: PageResult) => void | Promise<void>,
): Promise<IngestRun> {
  const queue: IngestPageMessage[] = [];
  const full: IngestDeps = { ...deps, send: async (m) => void queue.push(m) };
  let runId: number;
  const active = await deps.repo.activeRun(req.source);
  if (active !== null && req.resume !== false) {
    const rc = await deps.repo.runCursor(active);
    runId = active;
    queue.push({ kind: 'catalog-page', runId, seq: rc!.nextSeq, cursor: rc!.cursor });
  } else {
    runId = (await startSync(full, req)).runId;
  }
  for (let m = queue.shift(); m; m = queue.shift()) {
    const result = await ingestPage(full, m);
    await onPage?.(result);
  }
  return getRun(deps, runId);
}

/** Cron expressions that start catalog syncs: the 15-minute tick asks for changes, the daily one for everything. */
export const CATALOG_CRONS: Record<string, SyncMode> = { '*/15 * * * *': 'incremental', '0 2 * * *': 'full' };

/**
 * A scheduled tick: runs that stalled resume, then each configured source starts a sync of
 * this mode (a source whose previous run is still going is left to it).
 */
export async function scheduledSync(deps: IngestDeps, mode: SyncMode): Promise<{ resumed: number[]; started: SyncStarted[] }> {
  const resumed = await resumeStaleRuns(deps);
  const started: SyncStarted[] = [];
  for (const source of Object.keys(deps.sources) as ContentSourceName[]) {
    started.push(await startSync(deps, { source, mode, trigger: 'cron' }));
  }
  return { resumed, started };
}
