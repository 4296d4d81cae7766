/**
 * A local Upstash-REST endpoint, so @upstash/redis talks to it exactly as it talks to
 * Upstash: JSON command arrays on `/`, `/pipeline` and `/multi-exec`, a bearer token, and
 * `Upstash-Encoding: base64` honoured the way the client decodes it. Behind it: a real Redis
 * (REDIS_URL) or an in-process engine (ioredis-mock).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Redis as RedisType } from 'ioredis';
import { stripLuaShebang } from './lua-shebang.ts';

export interface RedisBridgeOptions {
  port?: number;
  host?: string;
  token: string;
  /** A real Redis; otherwise the embedded engine. */
  redisUrl?: string;
  log?: (msg: string) => void;
}

export interface RedisBridge {
  url: string;
  token: string;
  backend: 'redis' | 'embedded';
  close(): Promise<void>;
}

type Arg = string | number | boolean | null;
type Reply = string | number | Buffer | null | Reply[] | { [field: string]: Reply };

/** Runs one command on the backend and returns its raw reply. */
interface Backend {
  run(cmd: string[]): Promise<Reply>;
  transaction(cmds: string[][]): Promise<({ result: Reply } | { error: string })[]>;
  close(): Promise<void>;
}

// Resolved the Node way: the Workers test plugin's loader would not give the CommonJS class.
const nodeRequire = createRequire(import.meta.url);

function realBackend(url: string): Backend {
  const { Redis } = nodeRequire('ioredis') as { Redis: typeof RedisType };
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true });
  return {
    run: ([name, ...args]) => redis.callBuffer(name!, ...args) as Promise<Reply>,
    async transaction(cmds) {
      const multi = redis.multi();
      for (const [name, ...args] of cmds) multi.callBuffer(name!, ...args);
      const replies = (await multi.exec()) ?? [];
      return replies.map(([err, result]) => (err ? { error: err.message } : { result: result as Reply }));
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

function embeddedBackend(): Backend {
  const RedisMock = nodeRequire('ioredis-mock') as new () => Record<string, unknown>;
  const mock = new RedisMock();
  // ioredis-mock has no generic `call`: dispatch by method name.
  const method = (name: string) => {
    const fn = mock[name.toLowerCase()];
    if (typeof fn !== 'function') throw new Error(`ERR unknown command '${name}'`);
    return fn as (...a: string[]) => Promise<Reply>;
  };
  // The mock matches option words case-sensitively ("EX", "WITHSCORES"); the client sends lowercase.
  const OPTIONS = new Set(['EX', 'PX', 'EXAT', 'PXAT', 'NX', 'XX', 'KEEPTTL', 'GET', 'WITHSCORES', 'LIMIT', 'REV', 'BYSCORE', 'BYLEX', 'MATCH', 'COUNT', 'GT', 'LT', 'CH', 'INCR']);
  const optionsFrom: Record<string, number> = { set: 2, zadd: 1, zrange: 3, zrangebyscore: 3, zrevrange: 3, zrevrangebyscore: 3, scan: 1, expire: 2 };
  const normalise = (name: string, args: string[]) => {
    const from = optionsFrom[name.toLowerCase()];
    return from === undefined ? args : args.map((a, i) => (i >= from && OPTIONS.has(a.toUpperCase()) ? a.toUpperCase() : a));
  };
  return {
    run: ([name, ...args]) => method(name!).apply(mock, normalise(name!, args)),
    async transaction(cmds) {
      // Single-threaded engine: running the commands back to back is atomic here.
      const out: ({ result: Reply } | { error: string })[] = [];
      for (const c of cmds) {
        try {
          out.push({ result: await method(c[0]!).apply(mock, normalise(c[0]!, c.slice(1))) });
        } catch (err) {
          out.push({ error: err instanceof Error ? err.message : String(err) });
        }
      }
      return out;
    },
    close: async () => {
      (mock.disconnect as () => void)?.call(mock);
    },
  };
}

/** As Upstash does: every string base64, except the status reply "OK" (the client keeps it as is). */
function encodeReply(v: Reply, base64: boolean): unknown {
  if (v === null || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x) => encodeReply(x, base64));
  // ioredis (and its mock) turn HGETALL's flat array into an object: flatten it back.
  if (typeof v === 'object' && !Buffer.isBuffer(v)) return Object.entries(v).flatMap(([k, x]) => [encodeReply(k, base64), encodeReply(x, base64)]);
  const buf = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
  if (!base64) return buf.toString('utf8');
  const s = buf.toString('utf8');
  return s === 'OK' ? 'OK' : buf.toString('base64');
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

async function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('ERR request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isCommand(x: unknown): x is Arg[] {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === 'string' && x.every((a) => a === null || ['string', 'number', 'boolean'].includes(typeof a));
}

export async function startRedisBridge(opts: RedisBridgeOptions): Promise<RedisBridge> {
  const backend = opts.redisUrl ? realBackend(opts.redisUrl) : embeddedBackend();
  const log = opts.log ?? (() => {});
  /** sha1(original script) → script without the Upstash-only shebang line. */
  const scripts = new Map<string, string>();

  /** Rewrites what Redis would refuse: `#!lua flags=…` scripts and EVALSHA of their original sha. */
  const rewrite = (raw: Arg[]): string[] => {
    const cmd = raw.map((a) => (a === null ? '' : String(a)));
    const name = cmd[0]!.toUpperCase();
    if ((name === 'EVAL' || name === 'EVAL_RO') && cmd[1] !== undefined) {
      const stripped = stripLuaShebang(cmd[1]);
      if (stripped !== cmd[1]) scripts.set(sha1(cmd[1]), stripped);
      return ['EVAL', stripped, ...cmd.slice(2)];
    }
    if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && cmd[1] !== undefined) {
      const stripped = scripts.get(cmd[1].toLowerCase());
      return stripped ? ['EVAL', stripped, ...cmd.slice(2)] : ['EVALSHA', ...cmd.slice(1)];
    }
    return cmd;
  };

  const run = async (raw: Arg[]): Promise<Reply> => {
    const name = String(raw[0]).toUpperCase();
    if (name === 'SCRIPT' && String(raw[1]).toUpperCase() === 'LOAD' && raw[2] !== undefined) {
      const original = String(raw[2]);
      const stripped = stripLuaShebang(original);
      await backend.run(['SCRIPT', 'LOAD', stripped]);
      if (stripped !== original) scripts.set(sha1(original), stripped);
      return sha1(original);
    }
    return backend.run(rewrite(raw));
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.headers.authorization !== `Bearer ${opts.token}`) return send(401, { error: 'Unauthorized' });
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
      const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
      if (req.method === 'GET' && path === '/') return send(200, { result: encodeReply('PONG', base64) });
      if (req.method !== 'POST') return send(405, { error: 'ERR method not allowed' });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return send(400, { error: 'ERR failed to parse command' });
      }
      if (path === '/') {
        if (!isCommand(body)) return send(400, { error: 'ERR failed to parse command' });
        try {
          return send(200, { result: encodeReply(await run(body), base64) });
        } catch (err) {
          return send(400, { error: err instanceof Error ? err.message : String(err) });
        }
      }
      if (path === '/pipeline' || path === '/multi-exec') {
        if (!Array.isArray(body) || !body.every(isCommand)) return send(400, { error: 'ERR failed to parse pipeline request' });
        const cmds = body as Arg[][];
        if (path === '/multi-exec') {
          const replies = await backend.transaction(cmds.map(rewrite));
          return send(200, replies.map((r) => ('error' in r ? r : { result: encodeReply(r.result, base64) })));
        }
        const out: unknown[] = [];
        for (const c of cmds) {
          try {
            out.push({ result: encodeReply(await run(c), base64) });
          } catch (err) {
            out.push({ error: err instanceof Error ? err.message : String(err) });
          }
        }
        return send(200, out);
      }
      return send(404, { error: `ERR unknown endpoint ${path}` });
    } catch (err) {
      log(`redis-bridge: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(500, { error: 'ERR bridge failure' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    token: opts.token,
    backend: opts.redisUrl ? 'redis' : 'embedded',
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
