import { describe, expect, it } from 'vitest';
import { createOpenAiAdapters } from '../../src/adapters/openai';
import { understand, type SearchDeps } from '../../src/services/search/search';
import type { Gazetteer } from '../../src/services/search/parse-query';
import type { TextCache } from '../../src/services/search/ports';

const gaz: Gazetteer = { genres: ['comedy', 'horror'], creativeTypes: [], sources: [], people: [], platforms: [], latestYear: 2010 };
const cfg = { apiKey: 'sk-test', chatModel: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small', timeoutMs: 200 };

function memoryCache(): TextCache & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: async (k) => map.get(k) ?? null, put: async (k, v) => void map.set(k, v) };
}

/** A fake OpenAI at the network boundary: answers chat and embedding calls. */
function fakeOpenAi(reply: (url: string, body: any) => Response | Promise<Response>) {
  const calls: string[] = [];
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push(url);
    return reply(url, init?.body ? JSON.parse(String(init.body)) : undefined);
  }) as typeof fetch;
  return { fetch: f, calls };
}

const chatJson = (content: unknown) =>
  new Response(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(content) } }] }), {
    headers: { 'content-type': 'application/json' },
  });

const deps = (understanding: SearchDeps['understanding']): SearchDeps =>
  ({ gazetteer: async () => gaz, understanding, understandingTimeoutMs: 200 }) as unknown as SearchDeps;

describe('LLM query understanding', () => {
  it('uses a valid structured answer and caches it by normalised query', async () => {
    const fake = fakeOpenAi(() =>
      chatJson({ intent: 'browse', text: '', entities: { genres: ['horror'], years: { min: 1980, max: 1989 } }, negations: {} }),
    );
    const cache = memoryCache();
    const { understanding } = createOpenAiAdapters(cfg, cache, fake.fetch);
    const fallbacks: string[] = [];
    const q = await understand(deps(understanding), 'Scary films from the eighties', fallbacks);
    expect(q).toMatchObject({ parser: 'openai', intent: 'browse', entities: { genres: ['horror'], years: { min: 1980, max: 1989 } } });
    expect(fallbacks).toEqual([]);
    await understand(deps(understanding), '  scary FILMS from the eighties ', fallbacks);
    expect(fake.calls.filter((u) => u.includes('/chat/completions'))).toHaveLength(1);
  });

  it('falls back to the local parser on an answer that fails validation, and says so', async () => {
    const fake = fakeOpenAi(() => chatJson({ intent: 'dance', entities: 'nope' }));
    const { understanding } = createOpenAiAdapters(cfg, undefined, fake.fetch);
    const fallbacks: string[] = [];
    const q = await understand(deps(understanding), 'horror from the 80s', fallbacks);
    expect(q.parser).toBe('local');
    expect(q.entities.genres).toEqual(['horror']);
    expect(fallbacks[0]).toMatch(/local parser/);
  });

  it('falls back when OpenAI is slow or down', async () => {
    const slow = fakeOpenAi(() => new Promise<Response>((r) => setTimeout(() => r(chatJson({})), 2000)));
    const down = fakeOpenAi(() => new Response('{"error":{"message":"overloaded"}}', { status: 503 }));
    for (const fake of [slow, down]) {
      const { understanding } = createOpenAiAdapters(cfg, undefined, fake.fetch);
      const fallbacks: string[] = [];
      const q = await understand(deps(understanding), 'comedies', fallbacks);
      expect(q.parser).toBe('local');
      expect(fallbacks).toHaveLength(1);
    }
  });

  it('asks for 256-dimension embeddings and caches them', async () => {
    let asked: any;
    const fake = fakeOpenAi((_url, body) => {
      asked = body;
      return new Response(JSON.stringify({ object: 'list', model: 'm', data: [{ object: 'embedding', index: 0, embedding: Array(256).fill(0.1) }], usage: { prompt_tokens: 1, total_tokens: 1 } }), { headers: { 'content-type': 'application/json' } });
    });
    const cache = memoryCache();
    const { embedder } = createOpenAiAdapters(cfg, cache, fake.fetch);
    expect(await embedder.embed('space westerns')).toHaveLength(256);
    await embedder.embed('Space Westerns');
    expect(asked.dimensions).toBe(256);
    expect(fake.calls).toHaveLength(1);
  });
});
