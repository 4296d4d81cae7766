/**
 * Embeddings of titles for the vector leg: a title's text (titleEmbeddingText: title and the
 * plot of its synopsis) becomes a vector in the index under the embedder's model. Used by the
 * ingestion pipeline for the titles a page changed (IngestHooks.reembed), and by scripts for
 * every title without a vector of the configured model (a model switch re-embeds everything).
 */
import { titleEmbeddingText } from '../embedding/title-text';
import type { VectorIndex } from '../ports';
import type { Embedder } from '../search/ports';

export type EmbeddableTitle = {
  id: string;
  title: string;
  synopsis: string | null;
  releaseYear: number | null;
  genres: string[];
};

const BATCH = 64;

export async function embedTitles(deps: {
  titles: EmbeddableTitle[];
  vector: Pick<VectorIndex, 'upsert'>;
  embedder: Embedder;
  onProgress?: (done: number, total: number) => void;
}): Promise<number> {
  const { embedder } = deps;
  for (let i = 0; i < deps.titles.length; i += BATCH) {
    const titles = deps.titles.slice(i, i + BATCH);
    const texts = titles.map(titleEmbeddingText);
    const vectors = embedder.embedMany
      ? await embedder.embedMany(texts)
      : await Promise.all(texts.map((t) => embedder.embed(t)));
    await deps.vector.upsert(
      titles.map((t, j) => ({
        id: t.id,
        vector: vectors[j]!,
        metadata: { year: t.releaseYear, genres: t.genres },
      })),
      embedder.model,
    );
    deps.onProgress?.(Math.min(deps.titles.length, i + BATCH), deps.titles.length);
  }
  return deps.titles.length;
}
