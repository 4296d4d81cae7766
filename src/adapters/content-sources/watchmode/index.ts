/**
 * Watchmode as a content source (WATCHMODE_API_KEY). A full sync walks `/v1/list-titles`
 * (250 titles a page: title, year and the IMDb/TMDB ids, enough to link every title Watchmode
 * knows); an incremental one reads `/v1/changes/titles_details` since the last run and each
 * changed title's `/v1/title/{id}/details`, 20 a message to stay within a Worker's subrequests.
 * The cursor is "page" for listings and "page:offset" for changes.
 */
import { z } from 'zod';
import type { CatalogRecordInput } from '../../../schemas/catalog';
import type { ContentSource } from '../../../services/catalog/ports';
import { getJson } from '../http';

const ListSchema = z.object({
  page: z.number(),
  total_pages: z.number(),
  total_results: z.number().optional(),
  titles: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      year: z.number().nullable().optional(),
      imdb_id: z.string().nullable().optional(),
      tmdb_id: z.number().nullable().optional(),
    }),
  ),
});
const ChangesSchema = z.object({
  page: z.number(),
  total_pages: z.number(),
  titles: z.array(z.number()),
});
const DetailSchema = z.object({
  id: z.number(),
  title: z.string(),
  year: z.number().nullable().optional(),
  plot_overview: z.string().nullable().optional(),
  runtime_minutes: z.number().nullable().optional(),
  genre_names: z.array(z.string()).optional(),
  us_rating: z.string().nullable().optional(),
  poster: z.string().nullable().optional(),
  imdb_id: z.string().nullable().optional(),
  tmdb_id: z.number().nullable().optional(),
  release_date: z.string().nullable().optional(),
});

const DETAILS_PER_MESSAGE = 20;
const MPAA = new Set(['G', 'PG', 'PG-13', 'R', 'NC-17']);

function ids(imdb?: string | null, tmdb?: number | null, watchmode?: number) {
  return {
    ...(watchmode ? { watchmode } : {}),
    ...(imdb && /^tt\d{5,10}$/.test(imdb) ? { imdb } : {}),
    ...(tmdb ? { tmdb } : {}),
  };
}

export function watchmodeRecord(d: z.infer<typeof DetailSchema>): CatalogRecordInput {
  return {
    sourceKey: String(d.id),
    title: d.title,
    releaseYear: d.year ?? Number.NaN,
    releaseDate:
      d.release_date && /^\d{4}-\d{2}-\d{2}$/.test(d.release_date) ? d.release_date : null,
    runtimeMinutes: d.runtime_minutes || null,
    synopsis: d.plot_overview?.trim() ? d.plot_overview.trim().slice(0, 5000) : null,
    genres: (d.genre_names ?? [])
      .map((g) => g.toLowerCase())
      .filter((g) => /^[a-z ]{3,30}$/.test(g)),
    mpaaRating: d.us_rating && MPAA.has(d.us_rating) ? (d.us_rating as 'G') : null,
    poster: d.poster?.startsWith('https://') ? { url: d.poster, width: null, height: null } : null,
    externalIds: ids(d.imdb_id, d.tmdb_id, d.id),
  };
}

export function createWatchmodeContentSource(opts: {
  apiKey: string;
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}): ContentSource {
  const base = opts.baseUrl ?? 'https://api.watchmode.com';
  const get = (path: string) =>
    getJson(
      opts.fetch ?? fetch,
      `${base}${path}${path.includes('?') ? '&' : '?'}apiKey=${encodeURIComponent(opts.apiKey)}`,
      { timeoutMs: opts.timeoutMs ?? 8000, what: 'Watchmode' },
    );
  const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
  return {
    name: 'watchmode',
    upstream: 'watchmode',
    async page({ mode, cursor, since }) {
      if (mode === 'incremental' && since) {
        const [p, o] = (cursor ?? '1:0').split(':').map(Number) as [number, number];
        const changes = ChangesSchema.parse(
          await get(
            `/v1/changes/titles_details/?types=movie&start_date=${ymd(since)}&end_date=${ymd(new Date())}&page=${p}`,
          ),
        );
        const slice = changes.titles.slice(o, o + DETAILS_PER_MESSAGE);
        const records = await Promise.all(
          slice.map(async (id) => {
            const d = await get(`/v1/title/${id}/details/`);
            const parsed = DetailSchema.safeParse(d);
            return parsed.success ? watchmodeRecord(parsed.data) : d;
          }),
        );
        const more = o + DETAILS_PER_MESSAGE < changes.titles.length;
        const nextCursor = more
          ? `${p}:${o + DETAILS_PER_MESSAGE}`
          : p < changes.total_pages
            ? `${p + 1}:0`
            : null;
        return { records, nextCursor };
      }
      const page = cursor ? Number(cursor) : 1;
      const list = ListSchema.parse(
        await get(`/v1/list-titles/?types=movie&limit=250&page=${page}`),
      );
      const records: CatalogRecordInput[] = list.titles.map((t) => ({
        sourceKey: String(t.id),
        title: t.title,
        releaseYear: t.year ?? Number.NaN,
        externalIds: ids(t.imdb_id, t.tmdb_id, t.id),
      }));
      return {
        records,
        nextCursor: page < list.total_pages ? String(page + 1) : null,
        total: list.total_results,
      };
    },
  };
}
