/**
 * The bundled catalog (data/catalog: Wikipedia's American films merged with the box-office
 * data) as a content source, read from a feed that serves it: the dev stack's content feed
 * locally, or any host of the same two endpoints in a deployment (CONTENT_FEED_URL).
 *   GET /v1/titles?cursor=&limit=            the full listing, page by page
 *   GET /v1/changes?since=&cursor=&limit=    records changed after `since`
 * Both answer { records, nextCursor, total? }. Records are validated by the pipeline, not here.
 */
import { z } from 'zod';
import type { ContentSource } from '../../../services/catalog/ports';
import { getJson } from '../http';

const PageSchema = z.object({
  records: z.array(z.unknown()),
  nextCursor: z.string().nullable(),
  total: z.number().int().nonnegative().optional(),
});

export function createBundledFeedSource(opts: { url: string; token?: string; timeoutMs?: number; fetch?: typeof fetch }): ContentSource {
  const base = opts.url.replace(/\/+$/, '');
  const headers: Record<string, string> = opts.token ? { Authorization: `Bearer ${opts.token}` } : {};
  return {
    name: 'bundled',
    upstream: 'wikipedia',
    async page({ mode, cursor, since, limit }) {
      const q = new URLSearchParams({ limit: String(limit) });
      if (cursor) q.set('cursor', cursor);
      const changedSince = mode === 'incremental' ? since : null;
      if (changedSince) q.set('since', changedSince.toISOString());
      const path = changedSince ? '/v1/changes' : '/v1/titles';
      const body = await getJson(opts.fetch ?? fetch, `${base}${path}?${q}`, { headers, timeoutMs: opts.timeoutMs ?? 10_000, what: 'The content feed' });
      const page = PageSchema.safeParse(body);
      if (!page.success) throw new Error('The content feed answered a page that is not { records, nextCursor }');
      return page.data;
    },
  };
}
