import { EMBEDDING_DIMENSIONS } from '../../db/vector-schema';
import { embedText, LOCAL_EMBEDDING_MODEL } from '../../services/embedding/local-embedder';
import type { Embedder } from '../../services/search/ports';

/** The hashing embedder (no language model): the stand-in when no embedding service is configured. */
export const localEmbedder: Embedder = {
  model: LOCAL_EMBEDDING_MODEL,
  dimensions: EMBEDDING_DIMENSIONS,
  embed: async (text) => embedText(text, EMBEDDING_DIMENSIONS),
};
