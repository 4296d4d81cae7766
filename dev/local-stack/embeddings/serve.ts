/**
 * The local embedding service as a process of its own (see process.ts): started with
 * `node --import tsx`, it tells its parent where it listens over the IPC channel and ends when
 * the parent does.
 */
import { startEmbeddingService } from './service.ts';

const rttMs = Number(process.env.EMBEDDINGS_RTT_MS ?? 0);
const port = Number(process.env.EMBEDDINGS_PORT ?? 0);
const service = await startEmbeddingService({
  port,
  rttMs,
  log: (m) => console.error(`[embeddings] ${m}`),
});
process.send?.({ url: service.url, model: service.embedder.model });
// The model loads now (titles come from the precomputed file), so the first description query
// does not wait for it past its deadline.
void service.embedder
  .embed(['warm-up: a query the precomputed file does not hold'])
  .catch(() => {});
const stop = () => void service.close().finally(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
