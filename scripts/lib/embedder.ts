/** The embedder Node-side scripts use for a stack's vars: the same choice the Worker makes. */
import { localEmbedder } from '../../src/adapters/local/embedder.ts';
import { createOpenAiEmbedder } from '../../src/adapters/openai/embedder.ts';
import { EMBEDDING_DIMENSIONS } from '../../src/db/vector-schema.ts';
import type { Embedder } from '../../src/services/search/ports.ts';
import type { LocalEmbedder } from '../../dev/local-stack/embeddings/service.ts';

export function embedderForVars(vars: Record<string, string | undefined>): Embedder {
  if (vars.EMBEDDINGS_URL && vars.EMBEDDINGS_MODEL) {
    // Batches of titles the precomputed file lacks are embedded by the model: minutes, not seconds.
    return createOpenAiEmbedder({
      apiKey: 'local',
      baseURL: vars.EMBEDDINGS_URL,
      model: vars.EMBEDDINGS_MODEL,
      dimensions: EMBEDDING_DIMENSIONS,
      timeoutMs: 600_000,
    });
  }
  if (vars.OPENAI_API_KEY) {
    return createOpenAiEmbedder({
      apiKey: vars.OPENAI_API_KEY,
      model: vars.OPENAI_EMBEDDING_MODEL ?? 'text-embedding-3-small',
      dimensions: EMBEDDING_DIMENSIONS,
      timeoutMs: 60_000,
    });
  }
  return localEmbedder;
}

/** The local model as the Embedder port, called in this process. */
export function embedderOf(e: LocalEmbedder): Embedder {
  return {
    model: e.model,
    dimensions: e.dimensions,
    embed: async (t) => (await e.embed([t]))[0]!,
    embedMany: (ts) => e.embed(ts),
  };
}

/** The local model in this process (no service): scripts that run without the dev stack. */
export async function inProcessLocalEmbedder(): Promise<Embedder> {
  const { createLocalEmbedder } = await import('../../dev/local-stack/embeddings/service.ts');
  return embedderOf(createLocalEmbedder());
}
