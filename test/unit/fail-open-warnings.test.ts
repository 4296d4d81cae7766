/** Fail-open paths keep serving and say so in a warning (issue 16: no silent `.catch(() => {})`). */
import { describe, expect, it } from 'vitest';
import { createOpenAiAdapters } from '../../src/adapters/openai';
import { applyPlatformSnapshot, type ApplyDeps } from '../../src/services/availability/apply-snapshot';
import type { ChangeEvent } from '../../src/services/availability/detect-changes';
import type { TextCache } from '../../src/services/search/ports';

const warnings = () => {
  const seen: { msg: string; fields?: Record<string, unknown> }[] = [];
  return { seen, warn: (msg: string, fields?: Record<string, unknown>) => void seen.push({ msg, fields }) };
};

describe('fail-open paths warn', () => {
  it('a live update that cannot be pushed leaves the snapshot applied and logs a warning', async () => {
    const event: ChangeEvent = { kind: 'added', priceTier: 'subscription', before: null, after: null };
    let bumped = 0;
    const w = warnings();
    const deps: ApplyDeps = {
      repo: { applySnapshot: async () => ({ events: [event], notifiedUserIds: [] }) } as unknown as ApplyDeps['repo'],
      bumpCatalogVersion: async () => void bumped++,
      live: { publish: async () => Promise.reject(new Error('hub unreachable')) } as unknown as ApplyDeps['live'],
      warn: w.warn,
    };
    const events = await applyPlatformSnapshot(deps, {
      kind: 'snapshot',
      platformId: 'netflix',
      eventId: 'e1',
      contentId: 'jaws-1975',
      region: 'US',
      offers: [],
      source: 'webhook:netflix',
    });
    expect(events).toEqual([event]);
    expect(bumped).toBe(1);
    expect(w.seen).toHaveLength(1);
    expect(w.seen[0]).toMatchObject({ msg: 'live update not pushed', fields: { contentId: 'jaws-1975', platformId: 'netflix' } });
  });

  it("an unreadable cache of the model's answers asks the model and logs a warning", async () => {
    const broken: TextCache = {
      get: async () => Promise.reject(new Error('KV down')),
      put: async () => Promise.reject(new Error('KV down')),
    };
    const fetchImpl = (async () =>
      new Response(JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: Array(256).fill(0.1) }], model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 } }), {
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
    const w = warnings();
    const cfg = { apiKey: 'sk-test', chatModel: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small', timeoutMs: 500 };
    const { embedder } = createOpenAiAdapters(cfg, broken, fetchImpl, w.warn);
    const v = await embedder.embed('space opera');
    expect(v).toHaveLength(256);
    expect(w.seen.map((s) => s.msg)).toEqual(['model answer cache not read; asking the model', 'model answer not cached']);
  });
});
