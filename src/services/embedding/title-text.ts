/**
 * The text a title is embedded from, shared by the ingestion pipeline (through the Embedder
 * port) and the script that precomputes the bundled edition's vectors: the same text gives the
 * same vector, so a precomputed vector is found by the hash of this text.
 *
 * Title plus the plot-bearing sentences of the synopsis, capped: a Wikipedia lead opens with
 * "X is a 1975 American thriller film directed by ..." (metadata the lexical legs already
 * match) and the plot follows. The cap keeps a local embedding near 70 ms on two cores.
 */
export type TitleTextInput = { title: string; synopsis?: string | null };

export const TITLE_TEXT_MAX_CHARS = 260;

const METADATA =
  /\b(is an?|was an?)\b[^.]*\b(film|movie|serial|short|documentary|cartoon|musical)\b/i;

export function titleEmbeddingText(t: TitleTextInput): string {
  const title = t.title.trim();
  const synopsis = (t.synopsis ?? '').replace(/\s+/g, ' ').trim();
  if (!synopsis) return title;
  const sentences = synopsis.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/g) ?? [synopsis];
  // Drop the opening "X is a YEAR American ... film" sentence when something follows it.
  const body =
    sentences.length > 1 && METADATA.test(sentences[0]!) ? sentences.slice(1) : sentences;
  let text = '';
  for (const s of body) {
    const next = (text ? `${text} ` : '') + s.trim();
    if (next.length > TITLE_TEXT_MAX_CHARS) {
      if (!text) text = next.slice(0, TITLE_TEXT_MAX_CHARS).replace(/\s+\S*$/, '');
      break;
    }
    text = next;
  }
  return `${title}. ${text}`;
}
