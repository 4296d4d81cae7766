/**
 * The Embedder port over OpenAI's embeddings API, or anything speaking its wire format (the
 * dev stack's local service: `baseURL` http://127.0.0.1:…/v1). `dimensions` is the index's:
 * text-embedding-3-* shortens its vectors to it; the local service refuses a mismatch.
 * Query vectors are remembered by model and normalised text: in the isolate (LRU) and, when a
 * cache is given, in KV.
 */
import OpenAI from 'openai';
import { normalizeQuery } from '../../services/search/parse-query';
import type { Embedder, TextCache } from '../../services/search/ports';

export interface OpenAiEmbedderConfig {
  apiKey: string;
  model: string;
  dimensions: number;
  /** Omit for api.openai.com. */
  baseURL?: string;
  timeoutMs: number;
  /** Send `dimensions` (text-embedding-3-*); the local service checks it too. */
  sendDimensions?: boolean;
}

const MEMO_SIZE = 500;

export function createOpenAiEmbedder(
  cfg: OpenAiEmbedderConfig,
  cache?: TextCache,
  fetchImpl?: typeof fetch,
): Embedder {
  const client = new OpenAI({
    apiKey: cfg.apiKey,
    baseURL: cfg.baseURL,
    timeout: cfg.timeoutMs,
    maxRetries: 0,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  // Settled vectors only: in a Worker, awaiting another request's in-flight fetch is refused.
  const memo = new Map<string, number[]>();
  const create = async (input: string[]): Promise<number[][]> => {
    const r = await client.embeddings.create({
      model: cfg.model,
      input,
      ...(cfg.sendDimensions === false ? {} : { dimensions: cfg.dimensions }),
    });
    const out = [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    if (out.length !== input.length || out.some((v) => v.length !== cfg.dimensions)) {
      throw new Error(
        `${cfg.model} returned ${out.length} vectors of ${out[0]?.length ?? 0} dimensions, expected ${input.length} of ${cfg.dimensions}`,
      );
    }
    return out;
  };
  const fromCacheOrService = async (key: string, text: string): Promise<number[]> => {
    const hit = await cache?.get(key).catch(() => null);
    if (hit) return JSON.parse(hit) as number[];
    const [v] = await create([text]);
    await cache?.put(key, JSON.stringify(v), 7 * 24 * 3600).catch(() => {});
    return v!;
  };
  return {
    model: cfg.model,
    dimensions: cfg.dimensions,
    async embed(text) {
      const key = `emb:${cfg.model}:${cfg.dimensions}:${normalizeQuery(text)}`;
      const known = memo.get(key);
      if (known) {
        memo.delete(key);
        memo.set(key, known);
        return known;
      }
      const v = await fromCacheOrService(key, normalizeQuery(text));
      memo.set(key, v);
      if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
      return v;
    },
    embedMany: (texts) => create(texts),
  };
}
