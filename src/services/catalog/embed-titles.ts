/**
 * Embeddings of titles for the vector leg: what a title is (its text) becomes a vector in the
 * index under the model's name. Used by the ingestion pipeline for the titles a page changed,
 * and by scripts for every title that lacks one.
 */
import { embedContent, LOCAL_EMBEDDING_MODEL, type EmbeddableContent } from '../embedding/local-embedder';
import type { VectorIndex } from '../ports';

export type EmbeddableTitle = EmbeddableContent & { id: string };

const BATCH = 500;

export async function embedTitles(
  deps: { titles: EmbeddableTitle[]; vector: Pick<VectorIndex, 'upsert'>; dimensions: number },
): Promise<number> {
  for (let i = 0; i < deps.titles.length; i += BATCH) {
    const batch = deps.titles.slice(i, i + BATCH).map((t) => ({
      id: t.id,
      vector: embedContent(t, deps.dimensions),
      metadata: { year: t.releaseYear, genres: t.genres },
    }));
    await deps.vector.upsert(batch, LOCAL_EMBEDDING_MODEL);
  }
  return deps.titles.length;
}
