/**
 * The embedded default embedder: signed feature hashing of stemmed words and word pairs
 * into a fixed-size unit vector. No model download, deterministic, microseconds per text.
 * It captures shared vocabulary (genres, moods expanded to genres, people, eras), not deep
 * semantics; OPENAI_API_KEY swaps in real embeddings of the same dimension.
 */
import { stemmer } from 'stemmer';

export const LOCAL_EMBEDDING_MODEL = 'local-hash-v1';

const STOP = new Set(
  'a an and the of in on at to for with from by is are was were be it its this that these those as or not no movie movies film films something some me i want watch like about'.split(
    ' ',
  ),
);

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9+]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => stemmer(w));
}

/** FNV-1a 32-bit. */
function hash(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function embedText(
  text: string,
  dimensions: number,
  weighted: [string, number][] = [],
): number[] {
  const v = new Float64Array(dimensions);
  const add = (feature: string, weight: number) => {
    const h = hash(feature);
    const sign = hash(feature, 0x9747b28c) & 1 ? 1 : -1;
    v[h % dimensions]! += sign * weight;
  };
  const words = tokenize(text);
  for (const w of words) add(`w:${w}`, 1);
  for (let i = 1; i < words.length; i++) add(`b:${words[i - 1]} ${words[i]}`, 0.5);
  for (const [feature, weight] of weighted) add(feature, weight);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Array.from(v, (x) => x / norm);
}
