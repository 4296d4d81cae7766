/**
 * Simulated content feed for dev, tests and benchmarks: serves the bundled catalog
 * (data/catalog/films.jsonl.gz) the way a partner's catalog API would, so the Worker's
 * ingestion runs its real HTTP path (src/adapters/content-sources/bundled). Never bundled.
 *
 *   GET  /v1/titles?cursor=<offset>&limit=<1..1000, 500>    → { records, nextCursor, total }
 *        every title not held back, in file order (release year, then source key)
 *   GET  /v1/changes?since=<ISO>&cursor=<opaque>&limit=     → { records, nextCursor }
 *        records changed after `since`, ordered by (modifiedAt, sourceKey)
 *   POST /v1/admin/release { count } | { keys }             → { released: [sourceKey] }
 *   POST /v1/admin/touch   { count, field?: 'synopsis' | 'runtime' | 'title' } → { touched: [sourceKey] }
 *   POST /v1/admin/inject  { records: [any JSON] }          → { injected: [sourceKey] }
 *   GET  /v1/admin/state                                     → { total, held, changed }
 *
 * Held-back titles (option `holdBack`: the N most recent in file order, or a list of source
 * keys) are invisible until released; released, touched and injected records get
 * modifiedAt = now from a clock that never repeats a millisecond, so `since` never skips one.
 * With `token`, every request needs `Authorization: Bearer <token>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { keepIdleSocketsOpen } from './keep-alive.ts';
import type { AddressInfo } from 'node:net';
import { sharedBundledRecords } from '../../scripts/catalog/bundled.ts';

export interface ContentFeedOptions {
  port?: number;
  /** Titles invisible until released: the N most recent (the file's last N), or these source keys. Default 0. */
  holdBack?: number | readonly string[];
  /** Bearer token every request must carry (CONTENT_FEED_TOKEN); none when absent. */
  token?: string;
  /** The records to serve (default: the bundled edition, read on the first request). */
  records?: () => readonly unknown[];
  /** Clock for modifiedAt of changes (default Date.now). */
  now?: () => number;
  log?: (m: string) => void;
}

export interface ContentFeed {
  url: string;
  close(): Promise<void>;
}

interface Entry {
  key: string;
  /** The record as served (replaced, never mutated, on a change). */
  record: unknown;
  /** When it last changed (ms); 0 for an untouched bundled record, which carries its edition time. */
  changedAt: number;
  /** modifiedAt as the changes feed orders it (ISO, so string order is time order). */
  at: string;
  held: boolean;
  /** Synopsis revisions appended by /touch. */
  revision: number;
}

export const DEFAULT_PAGE = 500;
export const MAX_PAGE = 1000;
const MAX_BODY = 16 * 1024 * 1024;
const EDIT_NOTE = / Edited by the content feed \(revision \d+\)\.$/;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const keyOf = (r: unknown): string | null =>
  isObject(r) && typeof r.sourceKey === 'string' && r.sourceKey ? r.sourceKey : null;
/** A bundled record's own modifiedAt (the edition's instant), normalised; the epoch when it has none. */
function editionTime(r: unknown): string {
  const m = isObject(r) && typeof r.modifiedAt === 'string' ? Date.parse(r.modifiedAt) : NaN;
  return new Date(Number.isNaN(m) ? 0 : m).toISOString();
}

class BadRequest extends Error {}

/** The cursor of /v1/changes: the last (modifiedAt, sourceKey) served, opaque to callers. */
const encodeCursor = (at: string, key: string) =>
  Buffer.from(JSON.stringify([at, key])).toString('base64url');
function decodeCursor(s: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    /* falls through */
  }
  throw new BadRequest('cursor is not one this feed gave out');
}

function limitOf(url: URL): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return DEFAULT_PAGE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new BadRequest(`limit must be an integer from 1 to ${MAX_PAGE}`);
  return n;
}

export async function startContentFeed(opts: ContentFeedOptions = {}): Promise<ContentFeed> {
  const now = opts.now ?? Date.now;
  let last = 0;
  /** Strictly increasing instants: two changes never share a modifiedAt. */
  const tick = () => (last = Math.max(now(), last + 1));

  let entries: Entry[] | undefined;
  const byKey = new Map<string, Entry>();
  let injectedSeq = 0;
  // Read on first use: the stack starts in milliseconds, and suites that never sync pay nothing.
  const load = (): Entry[] => {
    if (entries) return entries;
    const t0 = performance.now();
    const records = opts.records ? opts.records() : sharedBundledRecords();
    entries = [];
    for (const record of records) {
      const key = keyOf(record) ?? `feed:${entries.length}`;
      const e: Entry = {
        key,
        record,
        changedAt: 0,
        at: editionTime(record),
        held: false,
        revision: 0,
      };
      entries.push(e);
      byKey.set(key, e);
    }
    const hb = opts.holdBack ?? 0;
    if (typeof hb === 'number')
      for (const e of entries.slice(Math.max(0, entries.length - hb))) e.held = true;
    else for (const k of hb) if (byKey.has(k)) byKey.get(k)!.held = true;
    opts.log?.(
      `content feed: ${entries.length} records loaded in ${Math.round(performance.now() - t0)} ms, ${entries.filter((e) => e.held).length} held back`,
    );
    return entries;
  };

  const stamp = (record: unknown, at: number): unknown =>
    isObject(record) ? { ...record, modifiedAt: new Date(at).toISOString() } : record;
  /** Records a change at a fresh instant. */
  const changed = (e: Entry, record: unknown, at: number = tick()) => {
    e.changedAt = at;
    e.at = new Date(at).toISOString();
    e.record = record;
  };

  const titles = (url: URL) => {
    const limit = limitOf(url);
    const raw = url.searchParams.get('cursor');
    const offset = raw === null || raw === '' ? 0 : Number(raw);
    if (!Number.isInteger(offset) || offset < 0)
      throw new BadRequest('cursor must be an offset this feed gave out');
    const visible = load().filter((e) => !e.held);
    const page = visible.slice(offset, offset + limit);
    const next = offset + page.length;
    return {
      records: page.map((e) => e.record),
      nextCursor: next < visible.length ? String(next) : null,
      total: visible.length,
    };
  };

  const changes = (url: URL) => {
    const limit = limitOf(url);
    const sinceRaw = url.searchParams.get('since');
    const since = sinceRaw ? Date.parse(sinceRaw) : NaN;
    if (Number.isNaN(since)) throw new BadRequest('since must be an ISO 8601 instant');
    const sinceIso = new Date(since).toISOString();
    const rawCursor = url.searchParams.get('cursor');
    const after = rawCursor ? decodeCursor(rawCursor) : null;
    const rows = load()
      .filter(
        (e) =>
          !e.held &&
          e.at > sinceIso &&
          (!after || e.at > after[0] || (e.at === after[0] && e.key > after[1])),
      )
      .sort((a, b) =>
        a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
    const page = rows.slice(0, limit);
    const lastRow = page[page.length - 1];
    return {
      records: page.map((e) => e.record),
      nextCursor: rows.length > limit && lastRow ? encodeCursor(lastRow.at, lastRow.key) : null,
    };
  };

  const release = (b: Record<string, unknown>) => {
    const held = load().filter((e) => e.held);
    let chosen: Entry[];
    if (Array.isArray(b.keys))
      chosen = b.keys
        .filter((k): k is string => typeof k === 'string')
        .map((k) => byKey.get(k))
        .filter((e): e is Entry => !!e?.held);
    else if (Number.isInteger(b.count) && (b.count as number) >= 0)
      chosen = held.slice(0, b.count as number);
    else throw new BadRequest('body must be { "count": n } or { "keys": [...] }');
    for (const e of chosen) {
      const at = tick();
      e.held = false;
      changed(e, stamp(e.record, at), at);
    }
    return { released: chosen.map((e) => e.key) };
  };

  /** Deterministic edits: `count` titles spread evenly over the visible listing. */
  const touch = (b: Record<string, unknown>) => {
    const field = b.field ?? 'synopsis';
    if (!Number.isInteger(b.count) || (b.count as number) < 0)
      throw new BadRequest(
        'body must be { "count": n, "field"?: "synopsis" | "runtime" | "title" }',
      );
    if (field !== 'synopsis' && field !== 'runtime' && field !== 'title')
      throw new BadRequest('field must be "synopsis", "runtime" or "title"');
    const candidates = load().filter((e) => !e.held && isObject(e.record));
    const n = Math.min(b.count as number, candidates.length);
    const chosen = Array.from(
      { length: n },
      (_, i) => candidates[Math.floor((i * candidates.length) / n)]!,
    );
    for (const e of chosen) {
      const r = e.record as Record<string, unknown>;
      const at = tick();
      if (field === 'synopsis') {
        e.revision++;
        const base =
          typeof r.synopsis === 'string'
            ? r.synopsis.replace(EDIT_NOTE, '')
            : `${String(r.title ?? 'This title')}.`;
        changed(
          e,
          stamp(
            { ...r, synopsis: `${base} Edited by the content feed (revision ${e.revision}).` },
            at,
          ),
          at,
        );
      } else if (field === 'title') {
        // A retitled edition ("Jaws (Feed Edition 2)"): what a search must find once the change lands.
        e.revision++;
        const base = String(r.title ?? 'Untitled').replace(/ \(Feed Edition \d+\)$/, '');
        changed(e, stamp({ ...r, title: `${base} (Feed Edition ${e.revision})` }, at), at);
      } else {
        const runtime = typeof r.runtimeMinutes === 'number' ? r.runtimeMinutes : 90;
        changed(e, stamp({ ...r, runtimeMinutes: runtime >= 999 ? 90 : runtime + 1 }, at), at);
      }
    }
    return { touched: chosen.map((e) => e.key) };
  };

  /** Raw records, verbatim (malformed ones too). A known sourceKey replaces that record; an object without modifiedAt gets now. */
  const inject = (b: Record<string, unknown>) => {
    if (!Array.isArray(b.records)) throw new BadRequest('body must be { "records": [...] }');
    const all = load();
    const keys: string[] = [];
    for (const record of b.records) {
      const at = tick();
      const served = isObject(record) && !('modifiedAt' in record) ? stamp(record, at) : record;
      const key = keyOf(record);
      const existing = key ? byKey.get(key) : undefined;
      if (existing) {
        existing.held = false;
        changed(existing, served, at);
        keys.push(existing.key);
        continue;
      }
      const e: Entry = {
        key: key ?? `feed:injected:${++injectedSeq}`,
        record: served,
        changedAt: at,
        at: new Date(at).toISOString(),
        held: false,
        revision: 0,
      };
      all.push(e);
      byKey.set(e.key, e);
      keys.push(e.key);
    }
    return { injected: keys };
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) throw new BadRequest('body too large');
      chunks.push(c as Buffer);
    }
    let v: unknown;
    try {
      v = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      throw new BadRequest('body is not JSON');
    }
    if (!isObject(v)) throw new BadRequest('body must be a JSON object');
    return v;
  };

  const server = createServer(async (req, res) => {
    try {
      if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`)
        return json(res, 401, { error: 'missing or wrong bearer token' });
      const url = new URL(req.url ?? '/', 'http://feed');
      const route = `${req.method} ${url.pathname}`;
      if (route === 'GET /v1/titles') return json(res, 200, titles(url));
      if (route === 'GET /v1/changes') return json(res, 200, changes(url));
      if (route === 'POST /v1/admin/release') return json(res, 200, release(await readJson(req)));
      if (route === 'POST /v1/admin/touch') return json(res, 200, touch(await readJson(req)));
      if (route === 'POST /v1/admin/inject') return json(res, 200, inject(await readJson(req)));
      if (route === 'GET /v1/admin/state') {
        const all = load();
        return json(res, 200, {
          total: all.filter((e) => !e.held).length,
          held: all.filter((e) => e.held).length,
          changed: all.filter((e) => e.changedAt).length,
        });
      }
      return json(res, 404, { error: 'not found' });
    } catch (err) {
      if (err instanceof BadRequest) return json(res, 400, { error: err.message });
      opts.log?.(`content feed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) json(res, 500, { error: 'feed failure' });
    }
  });
  keepIdleSocketsOpen(server);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
