import { EMBEDDING_DIMENSIONS } from '../../db/vector-schema';
import { embedText, LOCAL_EMBEDDING_MODEL } from '../../services/embedding/local-embedder';
import type { Embedder } from '../../services/search/ports';

export const localEmbedder: Embedder = {
  model: LOCAL_EMBEDDING_MODEL,
  embed: async (text) => embedText(text, EMBEDDING_DIMENSIONS),
};
