/**
 * OpenAI behind the Embedder and QueryUnderstanding ports: embeddings of the same dimension
 * as the local embedder, and a structured-output parse validated by the same zod schema the
 * local parser fills. Results are cached in KV by normalised query.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { EMBEDDING_DIMENSIONS } from '../../db/vector-schema';
import type { Warn } from '../../lib/logger';
import { PRICE_TIERS } from '../../schemas/enums';
import { EntitiesSchema, INTENTS, MPAA, NegationsSchema, SORTS } from '../../schemas/search';
import { normalizeQuery } from '../../services/search/parse-query';
import type { Embedder, QueryUnderstanding, TextCache } from '../../services/search/ports';

const LlmParseSchema = z.object({
  intent: z.enum(INTENTS),
  text: z.string(),
  entities: EntitiesSchema,
  negations: NegationsSchema,
  correction: z.object({ from: z.string(), to: z.string() }).optional(),
});

const list = (values: readonly string[], sep = ', ') => values.join(sep);

const SYSTEM = `You turn a person's request for something to watch into JSON with keys intent (${list(INTENTS, '|')}),
text (leftover words that should match titles), entities {genres (lowercase: comedy, drama, action, adventure, horror, thriller,
western, musical, documentary, romance, black comedy, concert, and themes such as noir, spy, slasher, found footage), genresAll (the genres and
themes that must all hold when the words name one kind of film: "found footage horror" → ["found footage","horror"]; empty for "comedies or dramas"), moods, people (full names of actors and directors), years {min,max},
runtime {min,max} in minutes, rating {min,max} on IMDb's 0-10 scale, mpaa (${list(MPAA)}), platforms (ids such as netflix,
prime-video, disney-plus, hulu, max, apple-tv-plus, peacock, paramount-plus), myPlatforms (true for "something I already pay for"),
priceTiers (${list(PRICE_TIERS)}), sources (e.g. "Based on Book/Short Story", "Based on Real Life Events"),
creativeTypes (e.g. "Science Fiction", "Super Hero", "Fantasy", "Historical Fiction", "Kids Fiction"), sort (${list(SORTS)}), similarTo (a title the person compares to),
leavingWithinDays (for "leaving soon": 14, or the window asked), addedWithinDays (for "new on hulu", "just added": 30, or the window asked)},
negations {genres, mpaa, people, creativeTypes, sources, platforms, years {min,max} excluded, soft (genres to rank lower for "not too ..."),
softRuntimeMax (minutes, for "nothing too long")}, and correction {from, to} when you fixed a misspelt title or name. Answer with JSON only.`;

export interface OpenAiConfig {
  apiKey: string;
  chatModel: string;
  embeddingModel: string;
  timeoutMs: number;
}

export function createOpenAiAdapters(
  cfg: OpenAiConfig,
  cache?: TextCache,
  /** The network boundary: tests pass a fake here. */
  fetchImpl?: typeof fetch,
  /** Reports a cache that cannot be read or written (the model is asked instead). */
  warn?: Warn,
): { embedder: Embedder; understanding: QueryUnderstanding } {
  const client = new OpenAI({
    apiKey: cfg.apiKey,
    timeout: cfg.timeoutMs,
    maxRetries: 0,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const cached = async <T>(key: string, produce: () => Promise<T>): Promise<T> => {
    const hit = await cache?.get(key).catch((err: unknown) => {
      warn?.('model answer cache not read; asking the model', { error: err });
      return null;
    });
    if (hit) return JSON.parse(hit) as T;
    const value = await produce();
    await cache?.put(key, JSON.stringify(value), 7 * 24 * 3600).catch((err: unknown) => {
      warn?.('model answer not cached', { error: err });
    });
    return value;
  };
  return {
    embedder: {
      model: cfg.embeddingModel,
      dimensions: EMBEDDING_DIMENSIONS,
      embed: (text) =>
        cached(`emb:${cfg.embeddingModel}:${normalizeQuery(text)}`, async () => {
          const r = await client.embeddings.create({
            model: cfg.embeddingModel,
            input: text,
            dimensions: EMBEDDING_DIMENSIONS,
          });
          const v = r.data[0]?.embedding;
          if (!v) throw new Error('OpenAI returned no embedding');
          return v;
        }),
    },
    understanding: {
      parse: (query) =>
        cached(`nlq:${cfg.chatModel}:${normalizeQuery(query)}`, async () => {
          const r = await client.chat.completions.create({
            model: cfg.chatModel,
            temperature: 0,
            response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: SYSTEM },
              { role: 'user', content: query },
            ],
          });
          const content = r.choices[0]?.message.content ?? '';
          return LlmParseSchema.parse(JSON.parse(content));
        }),
    },
  };
}
