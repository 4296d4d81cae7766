/** Picks the Embedder the configuration names (container.ts wires it; nothing else chooses). */
import type { EmbeddingsConfig } from '../env';
import { EMBEDDING_DIMENSIONS } from '../db/vector-schema';
import type { Embedder, TextCache } from '../services/search/ports';
import { localEmbedder } from './local/embedder';
import { createOpenAiEmbedder } from './openai/embedder';
import { createWorkersAiEmbedder, type AiBinding } from './workers-ai/embedder';

export function createEmbedder(
  cfg: EmbeddingsConfig,
  opts: { cache?: TextCache; ai?: AiBinding } = {},
): Embedder {
  switch (cfg.kind) {
    case 'openai':
      // Titles are embedded in batches by the pipeline (minutes are fine there); the search
      // path bounds a query embedding by cfg.timeoutMs itself.
      return createOpenAiEmbedder(
        {
          apiKey: cfg.apiKey,
          model: cfg.model,
          baseURL: cfg.baseURL,
          dimensions: EMBEDDING_DIMENSIONS,
          timeoutMs: 120_000,
        },
        opts.cache,
      );
    case 'workers-ai':
      if (!opts.ai)
        throw new Error('EMBEDDINGS_PROVIDER=workers-ai needs an AI binding in wrangler.toml');
      return createWorkersAiEmbedder(opts.ai, cfg.model);
    case 'hashing':
      return localEmbedder;
  }
}
