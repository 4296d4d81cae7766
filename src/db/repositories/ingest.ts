/**
 * Storage of catalog ingestion: matching a page's records to stored titles, applying a page's
 * plan in one transaction (titles, people, credits, external ids, quarantine, the run's
 * counters, and the page's "done" row that makes a redelivery a no-op), and the runs' log.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ContentSourceName, IngestRun, SyncMode } from '../../schemas/catalog';
import type { FieldSources, MergedValues } from '../../services/catalog/ingest/merge';
import { personId } from '../../services/catalog/ingest/slug';
import type { EmbeddableTitle } from '../../services/catalog/embed-titles';
import type { ExistingTitle, IngestRepository, PageOutcome, PlannedTitle } from '../../services/catalog/ports';
import { dbCall, type Db } from '../client';
import { num, textArray } from '../sql-values';

type Row = Record<string, unknown>;
const ROWS_PER_INSERT = 200;

function splitKey(k: string): [string, string] {
  const i = k.indexOf(':');
  return [k.slice(0, i), k.slice(i + 1)];
}

function chunks<T>(xs: readonly T[], n = ROWS_PER_INSERT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** JSON for a jsonb column: PostgreSQL refuses the NUL character that a refused record may carry. */
const storableJson = (v: unknown) => JSON.stringify(v ?? null).replace(/\\u0000/g, '\\ufffd');

function toExisting(r: Row): ExistingTitle {
  const values: MergedValues = {
    title: String(r.title),
    releaseDate: (r.release_date as string | null) ?? null,
    runtimeMinutes: num(r.runtime_minutes),
    mpaaRating: (r.mpaa_rating as string | null) ?? null,
    genres: [...((r.genres as string[] | null) ?? [])].sort(),
    themes: [...((r.themes as string[] | null) ?? [])].sort(),
    synopsis: (r.synopsis as string | null) ?? null,
    cast: (r.cast as string[] | null) ?? [],
    directors: (r.directors as string[] | null) ?? [],
    poster: r.poster_url ? { url: String(r.poster_url), width: num(r.poster_width), height: num(r.poster_height) } : null,
    creativeType: (r.creative_type as string | null) ?? null,
    source: (r.source as string | null) ?? null,
    distributor: (r.distributor as string | null) ?? null,
    productionBudget: num(r.production_budget),
    usGross: num(r.us_gross),
    worldwideGross: num(r.worldwide_gross),
    imdbRating: num(r.imdb_rating),
    imdbVotes: num(r.imdb_votes),
    rottenTomatoesRating: num(r.rotten_tomatoes_rating),
    popularity: Number(r.popularity ?? 0),
  };
  return {
    id: String(r.id),
    titleKey: (r.title_key as string | null) ?? null,
    releaseYear: num(r.release_year),
    values,
    fieldSources: (r.field_sources as FieldSources | null) ?? {},
    externalIds: (r.external_ids as string[] | null) ?? [],
  };
}

/** The full-text document: title (A), people and tags (B), synopsis (C). */
function textDoc(v: MergedValues): SQL {
  const people = [...v.cast, ...v.directors].join(' ');
  const tags = [...v.genres, ...v.themes, v.creativeType ?? '', v.source ?? ''].join(' ');
  return sql`setweight(to_tsvector('english', ${v.title}), 'A')
    || setweight(to_tsvector('english', ${people} || ' ' || ${tags}), 'B')
    || setweight(to_tsvector('english', ${v.synopsis ?? ''}), 'C')`;
}

function titleRow(p: PlannedTitle, dataSource: string): SQL {
  const v = p.values;
  return sql`(${p.id}, ${p.type}::content_type, ${v.title}, ${v.title}, ${v.releaseDate}, ${p.releaseYear}, ${v.runtimeMinutes}, ${v.mpaaRating},
    ${textArray(v.genres)}, ${v.creativeType}, ${v.source}, ${v.distributor}, ${v.productionBudget}, ${v.usGross}, ${v.worldwideGross},
    ${v.imdbRating}, ${v.imdbVotes}, ${v.rottenTomatoesRating}, ${v.popularity}, ${dataSource}, ${v.synopsis}, ${textArray(v.themes)},
    ${v.poster?.url ?? null}, ${v.poster?.width ?? null}, ${v.poster?.height ?? null}, ${p.titleKey}, ${JSON.stringify(p.fieldSources)}::jsonb,
    ${p.recordHash}, ${textDoc(v)})`;
}

function runFromRow(r: Row, reasons: Record<string, number>): IngestRun {
  const started = new Date(String(r.started_at));
  const finished = r.finished_at ? new Date(String(r.finished_at)) : null;
  return {
    id: Number(r.id),
    source: r.source as ContentSourceName,
    mode: r.mode as SyncMode,
    status: r.status as IngestRun['status'],
    trigger: String(r.trigger),
    batchesTotal: num(r.batches_total),
    batchesDone: Number(r.batches_done),
    counts: { added: Number(r.added), updated: Number(r.updated), unchanged: Number(r.unchanged), quarantined: Number(r.quarantined) },
    quarantineByReason: reasons,
    startedAt: started.toISOString(),
    finishedAt: finished?.toISOString() ?? null,
    durationMs: finished ? finished.getTime() - started.getTime() : null,
    error: (r.error as string | null) ?? null,
  };
}

/**
 * Titles as the embedder reads them: these ids, or (ids null) every title without a vector of
 * `model` (a fresh index, or a model switch).
 */
export async function embeddableTitles(db: Db, ids: string[] | null, model: string): Promise<EmbeddableTitle[]> {
  const found = (
    await dbCall(() =>
      db.execute(sql`
        select c.id, c.title, c.genres, c.creative_type, c.source, c.release_year, c.mpaa_rating,
               (select p.name from content_credits cc join people p on p.id = cc.person_id
                 where cc.content_id = c.id and cc.role = 'director' order by cc.ordinal limit 1) as director
          from content c
         where ${ids === null
           ? sql`not exists (select 1 from content_embeddings e where e.content_id = c.id and e.model = ${model})`
           : sql`c.id = any(${textArray(ids)})`}`),
    )
  ).rows as Row[];
  return found.map((r) => ({
    id: String(r.id),
    title: String(r.title),
    genres: (r.genres as string[] | null) ?? [],
    creativeType: (r.creative_type as string | null) ?? null,
    source: (r.source as string | null) ?? null,
    director: (r.director as string | null) ?? null,
    releaseYear: num(r.release_year),
    mpaaRating: (r.mpaa_rating as string | null) ?? null,
  }));
}

export function createIngestRepository(db: Db): IngestRepository {
  const rows = async (q: SQL) => (await dbCall(() => db.execute(q))).rows as Row[];

  const reasonsOf = async (ids: number[]): Promise<Map<number, Record<string, number>>> => {
    const out = new Map<number, Record<string, number>>();
    if (!ids.length) return out;
    for (const r of await rows(sql`select run_id, reason, count(*)::int as n from ingest_quarantine
        where run_id = any(${sql.param(ids)}::int[]) group by run_id, reason`)) {
      const m = out.get(Number(r.run_id)) ?? {};
      m[String(r.reason)] = Number(r.n);
      out.set(Number(r.run_id), m);
    }
    return out;
  };

  return {
    async findExisting(keys) {
      if (!keys.externalIds.length && !keys.ids.length && !keys.titleKeys.length) return [];
      const pairs = keys.externalIds.map(splitKey);
      const found = await rows(sql`
        with hits as (
          select e.content_id as id from content_external_ids e
            join unnest(${textArray(pairs.map((p) => p[0]))}, ${textArray(pairs.map((p) => p[1]))}) as k(source, external_id)
              on e.source = k.source and e.external_id = k.external_id
          union select id from content where id = any(${textArray(keys.ids)})
          union select id from content where title_key = any(${textArray(keys.titleKeys)})
        )
        select c.id, c.title_key, c.release_year, c.title, c.release_date, c.runtime_minutes, c.mpaa_rating, c.genres, c.themes,
               c.synopsis, c.poster_url, c.poster_width, c.poster_height, c.creative_type, c.source, c.distributor,
               c.production_budget, c.us_gross, c.worldwide_gross, c.imdb_rating, c.imdb_votes, c.rotten_tomatoes_rating,
               c.popularity, c.field_sources,
               coalesce((select array_agg(coalesce(cc.credited_as, p.name) order by cc.ordinal) from content_credits cc join people p on p.id = cc.person_id
                          where cc.content_id = c.id and cc.role = 'actor'), '{}') as cast,
               coalesce((select array_agg(coalesce(cc.credited_as, p.name) order by cc.ordinal) from content_credits cc join people p on p.id = cc.person_id
                          where cc.content_id = c.id and cc.role = 'director'), '{}') as directors,
               coalesce((select array_agg(e.source || ':' || e.external_id) from content_external_ids e where e.content_id = c.id), '{}') as external_ids
          from content c where c.id in (select id from hits)`);
      return found.map(toExisting);
    },

    async takenIds(ids) {
      if (!ids.length) return [];
      return (await rows(sql`select id from content where id = any(${textArray(ids)})`)).map((r) => String(r.id));
    },

    async applyPage(run, plan, next): Promise<PageOutcome> {
      const titles = [...plan.inserts, ...plan.updates];
      return dbCall(() =>
        db.transaction(async (tx) => {
          const exec = (q: SQL) => tx.execute(q);
          const claimed = await exec(sql`
            insert into ingest_batches (run_id, seq, records, added, updated, unchanged, quarantined)
            values (${run.runId}, ${run.seq}, ${run.records}, ${plan.inserts.length}, ${plan.updates.length}, ${plan.unchanged.length}, ${plan.quarantined.length})
            on conflict do nothing returning run_id`);
          if (!claimed.rows.length) return { added: [], updated: [], unchanged: 0, quarantined: 0, applied: false };

          const withPeople = titles.filter((p) => !plan.updates.includes(p) || p.changed.includes('cast') || p.changed.includes('directors'));
          const people = new Map<string, string>();
          for (const p of withPeople) for (const name of [...p.values.cast, ...p.values.directors]) people.set(personId(name), name);
          for (const part of chunks([...people].filter(([id]) => id !== 'p-'))) {
            await exec(sql`insert into people (id, name) values ${sql.join(part.map(([id, name]) => sql`(${id}, ${name})`), sql`, `)}
              on conflict (id) do nothing`);
          }

          for (const part of chunks(titles)) {
            await exec(sql`
              insert into content (id, type, title, source_title, release_date, release_year, runtime_minutes, mpaa_rating, genres,
                creative_type, source, distributor, production_budget, us_gross, worldwide_gross, imdb_rating, imdb_votes,
                rotten_tomatoes_rating, popularity, data_source, synopsis, themes, poster_url, poster_width, poster_height, title_key,
                field_sources, record_hash, text_doc)
              values ${sql.join(part.map((p) => titleRow(p, run.source)), sql`, `)}
              on conflict (id) do update set
                title = excluded.title, release_date = excluded.release_date, runtime_minutes = excluded.runtime_minutes,
                mpaa_rating = excluded.mpaa_rating, genres = excluded.genres, creative_type = excluded.creative_type,
                source = excluded.source, distributor = excluded.distributor, production_budget = excluded.production_budget,
                us_gross = excluded.us_gross, worldwide_gross = excluded.worldwide_gross, imdb_rating = excluded.imdb_rating,
                imdb_votes = excluded.imdb_votes, rotten_tomatoes_rating = excluded.rotten_tomatoes_rating,
                popularity = excluded.popularity, synopsis = excluded.synopsis, themes = excluded.themes,
                poster_url = excluded.poster_url, poster_width = excluded.poster_width, poster_height = excluded.poster_height,
                title_key = excluded.title_key, field_sources = excluded.field_sources, record_hash = excluded.record_hash,
                text_doc = excluded.text_doc, updated_at = now()`);
          }

          const recredited = withPeople.map((p) => p.id);
          if (recredited.length) {
            await exec(sql`delete from content_credits where content_id = any(${textArray(recredited)}) and role in ('actor', 'director')`);
            const credits = new Map<string, SQL>();
            for (const p of withPeople) {
              const add = (name: string, role: string, ordinal: number) => {
                const pid = personId(name);
                if (pid !== 'p-' && !credits.has(`${p.id}|${pid}|${role}`)) credits.set(`${p.id}|${pid}|${role}`, sql`(${p.id}, ${pid}, ${role}, ${ordinal}, ${name})`);
              };
              for (const [i, n] of p.values.directors.entries()) add(n, 'director', i);
              for (const [i, n] of p.values.cast.entries()) add(n, 'actor', i);
            }
            for (const part of chunks([...credits.values()], 500)) {
              await exec(sql`insert into content_credits (content_id, person_id, role, ordinal, credited_as) values ${sql.join(part, sql`, `)} on conflict do nothing`);
            }
          }

          const links = titles.flatMap((p) => p.externalIds.map((k) => [...splitKey(k), p.id] as const));
          for (const part of chunks(links, 500)) {
            await exec(sql`insert into content_external_ids (source, external_id, content_id)
              values ${sql.join(part.map(([s, e, id]) => sql`(${s}, ${e}, ${id})`), sql`, `)} on conflict do nothing`);
          }

          for (const part of chunks(plan.quarantined)) {
            await exec(sql`insert into ingest_quarantine (source, source_key, reason, issues, record, run_id)
              values ${sql.join(part.map((q) => sql`(${run.source}, ${q.sourceKey}, ${q.reason}, ${storableJson(q.issues)}::jsonb, ${storableJson(q.record)}::jsonb, ${run.runId})`), sql`, `)}
              on conflict (source, source_key, reason) do update set issues = excluded.issues, record = excluded.record,
                run_id = excluded.run_id, last_seen_at = now()`);
          }

          await exec(sql`update ingest_runs set
              added = added + ${plan.inserts.length}, updated = updated + ${plan.updates.length},
              unchanged = unchanged + ${plan.unchanged.length}, quarantined = quarantined + ${plan.quarantined.length},
              batches_done = batches_done + 1, next_seq = ${run.seq + 1}, cursor = ${next.cursor},
              high_water = greatest(high_water, ${next.highWater?.toISOString() ?? null}::timestamptz), heartbeat_at = now()
            where id = ${run.runId}`);
          return {
            added: plan.inserts.map((p) => p.id),
            updated: plan.updates.map((p) => p.id),
            unchanged: plan.unchanged.length,
            quarantined: plan.quarantined.length,
            applied: true,
          };
        }),
      );
    },

    async createRun(r) {
      const [row] = await rows(sql`insert into ingest_runs (source, mode, trigger, since, batches_total)
        values (${r.source}, ${r.mode}, ${r.trigger}, ${r.since?.toISOString() ?? null}::timestamptz, ${r.batchesTotal}) returning id`);
      return Number(row!.id);
    },

    async getRun(id) {
      const [row] = await rows(sql`select * from ingest_runs where id = ${id}`);
      if (!row) return null;
      return runFromRow(row, (await reasonsOf([id])).get(id) ?? {});
    },

    async runCursor(id) {
      const [r] = await rows(sql`select status, cursor, next_seq, source, mode, since from ingest_runs where id = ${id}`);
      if (!r) return null;
      return {
        status: String(r.status),
        cursor: (r.cursor as string | null) ?? null,
        nextSeq: Number(r.next_seq),
        source: r.source as ContentSourceName,
        mode: r.mode as SyncMode,
        since: r.since ? new Date(String(r.since)) : null,
      };
    },

    async finishRun(id, status, error) {
      await rows(sql`update ingest_runs set status = ${status}, error = ${error ?? null}, finished_at = now(), heartbeat_at = now()
        where id = ${id} and status = 'running'`);
    },

    async listRuns(limit) {
      const list = await rows(sql`select * from ingest_runs order by id desc limit ${limit}`);
      const reasons = await reasonsOf(list.map((r) => Number(r.id)));
      return list.map((r) => runFromRow(r, reasons.get(Number(r.id)) ?? {}));
    },

    async lastHighWater(source) {
      const [r] = await rows(sql`select max(high_water) as hw from ingest_runs where source = ${source} and status = 'completed'`);
      return r?.hw ? new Date(String(r.hw)) : null;
    },

    async staleRuns(staleMs) {
      return (
        await rows(sql`select id from ingest_runs where status = 'running'
          and heartbeat_at < now() - make_interval(secs => ${staleMs / 1000}) order by id`)
      ).map((r) => Number(r.id));
    },

    async activeRun(source) {
      const [r] = await rows(sql`select id from ingest_runs where source = ${source} and status = 'running' order by id desc limit 1`);
      return r ? Number(r.id) : null;
    },
  };
}
