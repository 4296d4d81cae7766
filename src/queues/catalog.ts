/**
 * The catalog queue consumer: thin. Each message is one page of one ingestion run; it is
 * applied (or found already applied) and acked, and the next page is enqueued by the pipeline.
 * A failing page (the source down) retries with backoff; after max_retries it reaches the
 * dead-letter queue, whose consumer ends its run as failed with the reason.
 */
import { CATALOG_QUEUE_NAME, isolateServices, requestServices } from '../container';
import { createLogger } from '../lib/logger';
import { M } from '../lib/metrics/families';
import { startRequestTrace } from '../lib/trace';
import { IngestPageMessageSchema } from '../schemas/catalog';
import { failRun, ingestPage } from '../services/catalog/ingest/run';
import { backoffSeconds } from './availability';

export async function consumeCatalog(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx: ExecutionContext,
): Promise<void> {
  const iso = isolateServices(env);
  const trace = startRequestTrace(undefined);
  const log = createLogger(
    { queue: batch.queue, traceId: trace.traceId, spanId: trace.spanId },
    iso.config.logLevel,
  );
  const services = requestServices(iso, log);
  const metrics = iso.metrics.recorder;
  const consumed = (outcome: 'acked' | 'dropped' | 'dead_lettered') =>
    metrics.inc(M.queueConsumed, { queue: CATALOG_QUEUE_NAME, outcome });
  const deadLetters = batch.queue.endsWith('-dlq');
  try {
    const deps = services.ingestion();
    for (const msg of batch.messages) {
      const parsed = IngestPageMessageSchema.safeParse(msg.body);
      if (!parsed.success) {
        log.error('malformed catalog message dropped', {
          messageId: msg.id,
          issues: parsed.error.issues.slice(0, 3),
        });
        msg.ack();
        consumed('dropped');
        continue;
      }
      if (deadLetters) {
        log.error('catalog page dead-lettered: its run ends as failed', {
          runId: parsed.data.runId,
          seq: parsed.data.seq,
          attempts: msg.attempts,
        });
        await failRun(
          deps,
          parsed.data.runId,
          `page ${parsed.data.seq} failed ${msg.attempts} times`,
        );
        msg.ack();
        consumed('dead_lettered');
        continue;
      }
      try {
        const r = await ingestPage(deps, parsed.data);
        log.info('catalog page ingested', {
          runId: r.runId,
          seq: r.seq,
          added: r.added.length,
          updated: r.updated.length,
          unchanged: r.unchanged,
          quarantined: r.quarantined,
          skipped: r.skipped,
          last: r.last,
        });
        msg.ack();
        consumed('acked');
      } catch (err) {
        log.warn('catalog page failed; retrying', {
          messageId: msg.id,
          attempts: msg.attempts,
          reason: err instanceof Error ? err.message : String(err),
        });
        msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
        metrics.inc(M.queueRetried, { queue: CATALOG_QUEUE_NAME });
      }
    }
  } finally {
    ctx.waitUntil(
      Promise.all([services.dispose(), iso.metrics.flusher.flush(iso.metrics.store, log.warn)]),
    );
  }
}
