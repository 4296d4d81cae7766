/**
 * The text a title is embedded from, shared by the ingestion pipeline (through the Embedder
 * port) and the script that precomputes the bundled edition's vectors: the same text gives the
 * same vector, so a precomputed vector is found by the hash of this text.
 *
 * Title plus the plot-bearing sentences of the synopsis, capped: a Wikipedia lead opens with
 * "X is a 1975 American thriller film directed by ..." (metadata the lexical legs already
 * match), then mixes who made it and how it was received with what happens: the sentences
 * about the making are left out where others remain. The cap keeps a local embedding near 70 ms on two cores.
 */
export type TitleTextInput = { title: string; synopsis?: string | null };

export const TITLE_TEXT_MAX_CHARS = 260;

const METADATA =
  /\b(is an?|was an?)\b[^.]*\b(film|movie|serial|short|documentary|cartoon|musical)\b/i;

/**
 * Sentences about the making and the reception of a film, not its story. Chosen on a subset of
 * the catalog (every known-item target of scripts/bench/discovery-set.ts and 1,173 other films):
 * the local model's MRR for the 84 descriptions 0.345 → 0.532 (top 10: 41 → 57).
 */
const PRODUCTION =
  /\b(directed|produced|written|starr(?:ing|ed|s)|stars|screenplay|box office|grossed|gross|premiered|released|distributed|nominat|academy award|oscar|golden globe|critic|reviews?|budget|filming|filmed|sequel|remake|adaptation|based on|cast|music|score|cinematograph|rated|acclaim|soundtrack|debut|production|studio|pictures)\b/i;

export function titleEmbeddingText(t: TitleTextInput): string {
  const title = t.title.trim();
  const synopsis = (t.synopsis ?? '').replace(/\s+/g, ' ').trim();
  if (!synopsis) return title;
  const sentences = synopsis.match(/[^.!?]+(?:[.!?]+(?=\s|$)|$)/g) ?? [synopsis];
  // Drop the opening "X is a YEAR American ... film" sentence when something follows it.
  const body =
    sentences.length > 1 && METADATA.test(sentences[0]!) ? sentences.slice(1) : sentences;
  // The plot, where the lead has one: "The film centers on Carl Fredricksen, an elderly widower"
  // rather than "The film was directed by Pete Docter" (which filled the cap before).
  const plot = body.filter((s) => !PRODUCTION.test(s));
  let text = '';
  for (const s of plot.length ? plot : body) {
    const next = (text ? `${text} ` : '') + s.trim();
    if (next.length > TITLE_TEXT_MAX_CHARS) {
      if (!text) text = next.slice(0, TITLE_TEXT_MAX_CHARS).replace(/\s+\S*$/, '');
      break;
    }
    text = next;
  }
  return `${title}. ${text}`;
}
