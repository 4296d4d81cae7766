/**
 * The Embedder port over a Workers AI binding (`[ai] binding = "AI"` in wrangler.toml), e.g.
 * `@cf/baai/bge-base-en-v1.5` (768 dimensions): the index must have that many dimensions,
 * since vectors of different models never mix.
 */
import { normalizeQuery } from '../../services/search/parse-query';
import type { Embedder } from '../../services/search/ports';

/** The slice of the `Ai` binding this adapter uses. */
export interface AiBinding {
  run(model: string, input: { text: string[] }): Promise<unknown>;
}

export const WORKERS_AI_EMBEDDING_MODELS: Record<string, number> = {
  '@cf/baai/bge-small-en-v1.5': 384,
  '@cf/baai/bge-base-en-v1.5': 768,
  '@cf/baai/bge-large-en-v1.5': 1024,
};

export function createWorkersAiEmbedder(
  ai: AiBinding,
  model = '@cf/baai/bge-base-en-v1.5',
): Embedder {
  const dimensions = WORKERS_AI_EMBEDDING_MODELS[model];
  if (!dimensions) throw new Error(`unknown Workers AI embedding model ${model}`);
  const many = async (texts: string[]): Promise<number[][]> => {
    const r = (await ai.run(model, { text: texts })) as { data?: number[][] };
    if (!r.data || r.data.length !== texts.length)
      throw new Error(`${model} returned no embeddings`);
    return r.data;
  };
  return {
    model,
    dimensions,
    embed: async (text) => (await many([normalizeQuery(text)]))[0]!,
    embedMany: many,
  };
}
