/**
 * TMDB as a content source (TMDB_API_KEY, a v4 read access token). A full sync walks
 * `/3/discover/movie` by popularity; an incremental one `/3/movie/changes` since the last run.
 * Each listed id is read with `/3/movie/{id}?append_to_response=credits,external_ids` (21
 * requests a page of 20, within a Worker's subrequest budget). TMDB's ids are kept with the
 * title, so a later sync or availability check finds it without a title search.
 */
import { z } from 'zod';
import type { CatalogRecordInput } from '../../../schemas/catalog';
import type { ContentSource } from '../../../services/catalog/ports';
import { getJson } from '../http';

const ListSchema = z.object({
  page: z.number(),
  total_pages: z.number(),
  results: z.array(z.object({ id: z.number(), adult: z.boolean().optional() })),
});

const DetailSchema = z.object({
  id: z.number(),
  title: z.string(),
  release_date: z.string().optional().nullable(),
  runtime: z.number().nullable().optional(),
  overview: z.string().nullable().optional(),
  genres: z.array(z.object({ name: z.string() })).optional(),
  poster_path: z.string().nullable().optional(),
  popularity: z.number().optional(),
  imdb_id: z.string().nullable().optional(),
  adult: z.boolean().optional(),
  credits: z
    .object({
      cast: z.array(z.object({ name: z.string(), order: z.number().optional() })).optional(),
      crew: z.array(z.object({ name: z.string(), job: z.string() })).optional(),
    })
    .optional(),
});

/** TMDB's genre names → the catalog's coarse genres (unlisted ones, like "TV Movie", are dropped). */
const GENRES: Record<string, string> = {
  Action: 'action',
  Adventure: 'adventure',
  Animation: 'animation',
  Comedy: 'comedy',
  Crime: 'crime',
  Documentary: 'documentary',
  Drama: 'drama',
  Family: 'family',
  Fantasy: 'fantasy',
  Horror: 'horror',
  Mystery: 'mystery',
  Romance: 'romance',
  'Science Fiction': 'science fiction',
  Thriller: 'thriller',
  War: 'war',
  Western: 'western',
};

/** TMDB's detail → a catalog record; the pipeline validates it (a film without a date is quarantined). */
export function tmdbRecord(d: z.infer<typeof DetailSchema>): CatalogRecordInput {
  const year = d.release_date ? Number(d.release_date.slice(0, 4)) : Number.NaN;
  const cast = [...(d.credits?.cast ?? [])]
    .sort((a, b) => (a.order ?? 99) - (b.order ?? 99))
    .slice(0, 8)
    .map((c) => c.name);
  return {
    sourceKey: String(d.id),
    title: d.title,
    releaseYear: year,
    releaseDate:
      d.release_date && /^\d{4}-\d{2}-\d{2}$/.test(d.release_date) ? d.release_date : null,
    runtimeMinutes: d.runtime ? d.runtime : null,
    synopsis: d.overview?.trim() ? d.overview.trim().slice(0, 5000) : null,
    genres: (d.genres ?? []).flatMap((g) => (GENRES[g.name] ? [GENRES[g.name]!] : [])),
    cast,
    directors: (d.credits?.crew ?? [])
      .filter((c) => c.job === 'Director')
      .map((c) => c.name)
      .slice(0, 5),
    poster: d.poster_path
      ? { url: `https://image.tmdb.org/t/p/w342${d.poster_path}`, width: 342, height: 513 }
      : null,
    // TMDB's popularity is open-ended (a few hundred for the week's biggest film): log-scaled into 0..1.
    popularity:
      d.popularity !== undefined ? Math.min(1, Math.log10(1 + d.popularity) / 3) : undefined,
    externalIds: {
      tmdb: d.id,
      ...(d.imdb_id && /^tt\d{5,10}$/.test(d.imdb_id) ? { imdb: d.imdb_id } : {}),
    },
  };
}

export function createTmdbContentSource(opts: {
  token: string;
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}): ContentSource {
  const base = opts.baseUrl ?? 'https://api.themoviedb.org';
  const get = (path: string) =>
    getJson(opts.fetch ?? fetch, `${base}${path}`, {
      headers: { Authorization: `Bearer ${opts.token}` },
      timeoutMs: opts.timeoutMs ?? 8000,
      what: 'TMDB',
    });
  return {
    name: 'tmdb',
    upstream: 'tmdb',
    async page({ mode, cursor, since }) {
      const page = cursor ? Number(cursor) : 1;
      const list = ListSchema.parse(
        await get(
          mode === 'incremental' && since
            ? `/3/movie/changes?page=${page}&start_date=${since.toISOString().slice(0, 10)}`
            : `/3/discover/movie?page=${page}&sort_by=popularity.desc&include_adult=false`,
        ),
      );
      const ids = list.results.filter((r) => !r.adult).map((r) => r.id);
      // A title TMDB lists but no longer serves (404) is skipped; any other failure retries the page.
      const details = await Promise.all(
        ids.map(async (id) => {
          try {
            return await get(`/3/movie/${id}?append_to_response=credits,external_ids`);
          } catch (err) {
            if (err instanceof Error && err.message.endsWith('404')) return null;
            throw err;
          }
        }),
      );
      const records = details.flatMap((d) => {
        if (d === null) return [];
        const parsed = DetailSchema.safeParse(d);
        // An answer not shaped as documented goes to the pipeline as is: it is quarantined with why.
        return [parsed.success ? tmdbRecord(parsed.data) : d];
      });
      // TMDB serves at most 500 pages of a listing.
      const last = Math.min(list.total_pages, 500);
      return {
        records,
        nextCursor: page < last ? String(page + 1) : null,
        total: list.total_pages * 20,
      };
    },
  };
}
