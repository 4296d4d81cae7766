/**
 * A local Upstash-REST endpoint, so @upstash/redis talks to it exactly as it talks to Upstash:
 * JSON command arrays on `/`, `/pipeline` and `/multi-exec` (the client auto-pipelines by default,
 * so most traffic arrives on `/pipeline`), a bearer token, and `Upstash-Encoding: base64` (which
 * the client sends by default) encoded from the raw reply bytes. Behind it: a real Redis
 * (REDIS_URL) or an in-process engine (ioredis-mock).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { keepIdleSocketsOpen } from './keep-alive.ts';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Redis as RedisType } from 'ioredis';
import { after } from './distance.ts';
import { ScriptTable, type ScriptPlan } from './lua-shebang.ts';

export interface RedisBridgeOptions {
  /** 0 = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  token: string;
  /** A real Redis, reached with ioredis; otherwise the embedded engine (ioredis-mock). */
  redisUrl?: string;
  log?: (msg: string) => void;
  /** Emulated round trip (ms) added to every HTTP request (see distance.ts). */
  rttMs?: number;
}

export interface RedisBridge {
  url: string;
  token: string;
  backend: 'redis' | 'embedded';
  close(): Promise<void>;
}

type Reply =
  | string
  | number
  | boolean
  | Buffer
  | Error
  | null
  | undefined
  | Reply[]
  | { [field: string]: Reply };
type Outcome = { result: Reply } | { error: string };

interface Backend {
  /** One command; rejects with the Redis error. */
  run(cmd: string[]): Promise<Reply>;
  /** MULTI … EXEC; rejects when the transaction is discarded as a whole (EXECABORT). */
  transaction(cmds: string[][]): Promise<Outcome[]>;
  close(): Promise<void>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** They would change the state of the one shared connection (or, for MONITOR/SUBSCRIBE, take it over). */
const REFUSED = new Set([
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'SSUBSCRIBE',
  'UNSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SUNSUBSCRIBE',
  'MONITOR',
  'SELECT',
  'QUIT',
  'RESET',
  'HELLO',
  'AUTH',
  'CLIENT',
]);
/** They may wait, and would hold up every other request queued on the shared connection. */
const BLOCKING = new Set([
  'BLPOP',
  'BRPOP',
  'BLMOVE',
  'BRPOPLPUSH',
  'BLMPOP',
  'BZPOPMIN',
  'BZPOPMAX',
  'BZMPOP',
  'WAIT',
  'WAITAOF',
]);

// Resolved the Node way: the Workers test plugin's loader would not give the CommonJS classes.
const nodeRequire = createRequire(import.meta.url);

async function realBackend(url: string, log: (msg: string) => void): Promise<Backend> {
  const { Redis } = nodeRequire('ioredis') as { Redis: typeof RedisType };
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let lastError = '';
  redis.on('error', (err: Error) => {
    if (err.message !== lastError) log(`redis-bridge: ${url}: ${(lastError = err.message)}`);
  });
  redis.on('ready', () => (lastError = ''));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`redis-bridge: cannot reach ${url}: ${message(err)}`);
  }
  // callBuffer: replies as raw bytes, so binary values and UTF-8 reach the encoder untouched.
  return {
    async run([name, ...args]) {
      if (!BLOCKING.has(name!.toUpperCase()))
        return (await redis.callBuffer(name!, ...args)) as Reply;
      const own = redis.duplicate();
      own.on('error', () => {}); // reported by the call itself
      try {
        return (await own.callBuffer(name!, ...args)) as Reply;
      } finally {
        own.disconnect();
      }
    },
    async transaction(cmds) {
      const multi = redis.multi();
      for (const [name, ...args] of cmds) multi.callBuffer(name!, ...args);
      const replies = await multi.exec().catch((err: Error & { previousErrors?: Error[] }) => {
        // ioredis keeps the queue-time errors apart; Upstash's message names them.
        throw new Error(
          [err.message, ...(err.previousErrors ?? []).map((e) => e.message)].join(' '),
        );
      });
      if (!replies) throw new Error('EXECABORT Transaction discarded');
      return replies.map(([err, result]) =>
        err ? { error: err.message } : { result: result as Reply },
      );
    },
    close: async () => redis.disconnect(), // QUIT could wait on a Redis that has gone away
  };
}

/** Option words ioredis-mock only recognises in upper case (the client sends "ex", "withscores"…), and how many values follow each. */
const MOCK_OPTIONS: Record<string, number> = {
  EX: 1,
  PX: 1,
  EXAT: 1,
  PXAT: 1,
  NX: 0,
  XX: 0,
  GT: 0,
  LT: 0,
  CH: 0,
  INCR: 0,
  KEEPTTL: 0,
  GET: 0,
  WITHSCORES: 0,
  REV: 0,
  BYSCORE: 0,
  BYLEX: 0,
  LIMIT: 2,
  MATCH: 1,
  COUNT: 1,
  TYPE: 1,
};
/** Where each command's options start (index into the arguments after the name); zadd's end at the first score. */
const MOCK_OPTIONS_FROM: Record<string, number> = {
  set: 2,
  zadd: 1,
  zrange: 3,
  zrangebyscore: 3,
  zrevrangebyscore: 3,
  zrevrange: 3,
  zrangestore: 4,
  scan: 1,
  sscan: 2,
  hscan: 2,
  zscan: 2,
  expire: 2,
  pexpire: 2,
  expireat: 2,
  pexpireat: 2,
  getex: 1,
};

function mockArgs(name: string, args: string[]): string[] {
  const from = MOCK_OPTIONS_FROM[name];
  if (from === undefined) return args;
  const out = [...args];
  for (let i = from; i < out.length; i++) {
    const word = out[i]!.toUpperCase();
    const values = MOCK_OPTIONS[word];
    if (values === undefined) {
      if (name === 'zadd') break;
      continue;
    }
    out[i] = word;
    i += values;
  }
  return out;
}

/** INCR and friends: the mock would store "NaN" over a non-number where Redis refuses. */
const MOCK_COUNTERS: Record<string, RegExp> = {
  incr: /^-?\d+$/,
  decr: /^-?\d+$/,
  incrby: /^-?\d+$/,
  decrby: /^-?\d+$/,
  incrbyfloat: /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i,
};

function embeddedBackend(): Backend {
  const RedisMock = nodeRequire('ioredis-mock') as new () => Record<string, unknown>;
  // [name, arity, …] per Redis command: only these reach the mock (not its own disconnect,
  // duplicate…), and with the argument count Redis checks (the mock does not).
  const info = nodeRequire('ioredis-mock/data/command-info.json') as [string, number][];
  const arity = new Map(info.map(([n, a]) => [n.toLowerCase(), a]));
  const mock = new RedisMock();
  const fn = (name: string) => {
    const lower = name.toLowerCase();
    const f = arity.has(lower) ? (mock[`${lower}Buffer`] ?? mock[lower]) : undefined;
    return typeof f === 'function' ? (f as (...a: string[]) => Promise<Reply>) : undefined;
  };
  const unknown = (name: string) =>
    new Error(
      `ERR unknown command '${name}' (not in the embedded engine; set REDIS_URL to use a real Redis)`,
    );
  /** What Redis refuses before running a command (in a transaction: EXECABORT). */
  const refusal = ([name, ...args]: string[]): Error | undefined => {
    if (!fn(name!)) return unknown(name!);
    const n = arity.get(name!.toLowerCase())!;
    if (n > 0 ? args.length + 1 !== n : args.length + 1 < -n)
      return new Error(`ERR wrong number of arguments for '${name!.toLowerCase()}' command`);
  };
  const read = (method: string, key: string) =>
    (mock[method] as (k: string) => Promise<string | null>).call(mock, key);
  const call = async (cmd: string[]): Promise<Reply> => {
    const refused = refusal(cmd);
    if (refused) throw refused;
    const [name, ...args] = cmd;
    const lower = name!.toLowerCase();
    const counter = MOCK_COUNTERS[lower];
    if (counter) {
      const type = await read('type', args[0]!);
      if (type !== 'none' && type !== 'string')
        throw new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
      const current = await read('get', args[0]!);
      if (current !== null && !counter.test(current))
        throw new Error(
          `ERR value is not ${lower === 'incrbyfloat' ? 'a valid float' : 'an integer or out of range'}`,
        );
    }
    let reply: Reply;
    try {
      reply = await fn(name!)!.apply(mock, mockArgs(lower, args));
    } catch (err) {
      // The mock throws a TypeError for commands it lists but does not implement.
      throw err instanceof TypeError && /Unsupported command/.test(err.message)
        ? unknown(name!)
        : err;
    }
    if (typeof reply === 'number' && Number.isNaN(reply))
      throw new Error('ERR value is not an integer or out of range');
    return reply;
  };
  // The mock's commands are async and would interleave across requests: one at a time, so a
  // transaction (and a Lua script) is atomic as on Redis.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const p = queue.then(task);
    queue = p.catch(() => {});
    return p;
  };
  return {
    run: (cmd) => serial(() => call(cmd)),
    transaction: (cmds) =>
      serial(async () => {
        // As Redis: an unknown or malformed command discards the whole transaction; a failing one does not.
        const refused = cmds.map(refusal).find(Boolean);
        if (refused)
          throw new Error(
            `EXECABORT Transaction discarded because of previous errors. ${refused.message}`,
          );
        const out: Outcome[] = [];
        for (const c of cmds)
          out.push(
            await call(c).then(
              (result) => ({ result }),
              (err: unknown) => ({ error: message(err) }),
            ),
          );
        return out;
      }),
    close: async () => {
      (mock.disconnect as (() => void) | undefined)?.call(mock);
    },
  };
}

/**
 * As Upstash: with base64, every string (bulk or status, nested or not) is base64 of its bytes,
 * except a top-level "OK" — the client decodes every string but a top-level "OK" (inside an
 * array, "OK" must be encoded, or it decodes to "8"). Without base64, UTF-8 text (invalid bytes
 * become U+FFFD, as Upstash documents). Integers stay numbers, nil is null.
 */
function encode(v: Reply, base64: boolean, top = true): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : null; // Lua true → 1, false → nil, as Redis converts them
  if (Array.isArray(v)) return v.map((x) => encode(x, base64, false));
  if (v instanceof Error) return encode(v.message, base64, false); // an error nested in a script's reply
  // ioredis-mock turns HGETALL's flat array into an object: flatten it back.
  if (!Buffer.isBuffer(v) && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [
      encode(k, base64, false),
      encode(x, base64, false),
    ]);
  const bytes = Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');
  if (!base64) return bytes.toString('utf8');
  return top && bytes.length === 2 && bytes.toString('latin1') === 'OK'
    ? 'OK'
    : bytes.toString('base64');
}

/** Rejects the request as a whole with this status. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    msg: string,
  ) {
    super(msg);
  }
}

async function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if ((size += chunk.length) > limit) throw new HttpError(400, 'ERR max request size exceeded');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A command as the client sends it: a name, then strings, numbers or booleans (it JSON-encodes anything else). */
function toCommand(x: unknown): string[] | undefined {
  if (!Array.isArray(x) || typeof x[0] !== 'string' || x[0] === '') return undefined;
  if (!x.every((a) => ['string', 'number', 'boolean'].includes(typeof a))) return undefined;
  return x.map(String);
}

export async function startRedisBridge(opts: RedisBridgeOptions): Promise<RedisBridge> {
  const log = opts.log ?? (() => {});
  const backend = opts.redisUrl ? await realBackend(opts.redisUrl, log) : embeddedBackend();
  const scripts = new ScriptTable<Reply>(!opts.redisUrl);

  const plan = (cmd: string[]): ScriptPlan<Reply> => {
    const name = cmd[0]!.toUpperCase();
    if (REFUSED.has(name))
      return { error: `ERR ${name} is not supported by the local Upstash bridge` };
    return scripts.plan(cmd);
  };
  const settle = async (p: ScriptPlan<Reply>): Promise<Reply> => {
    if ('error' in p) throw new Error(p.error);
    if ('reply' in p) return p.reply;
    const reply = await backend.run(p.send);
    return p.fix ? p.fix(reply) : reply;
  };
  const transaction = async (cmds: string[][]): Promise<Outcome[]> => {
    const plans = cmds.map(plan);
    const refused = plans.find((p) => 'error' in p);
    if (refused)
      throw new HttpError(
        400,
        `EXECABORT Transaction discarded because of previous errors: ${(refused as { error: string }).error}`,
      );
    const sent = plans.filter((p) => 'send' in p);
    let replies: Outcome[];
    try {
      replies = sent.length ? await backend.transaction(sent.map((p) => p.send)) : [];
    } catch (err) {
      throw new HttpError(400, message(err));
    }
    let i = 0;
    return plans.map((p): Outcome => {
      if ('reply' in p) return { result: p.reply };
      const r = replies[i++]!;
      return 'result' in r && 'send' in p && p.fix ? { result: p.fix(r.result) } : r;
    });
  };

  /** Upstash's REST form: `/set/foo/bar?EX=100`, a POST body being the last argument. For curl. */
  const pathCommand = (path: string, query: URLSearchParams, body: string): string[] => {
    const cmd = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (body !== '') cmd.push(body);
    for (const [k, v] of query) if (k !== '_token') cmd.push(k, ...(v === '' ? [] : [v]));
    return cmd;
  };

  const handle = async (req: IncomingMessage): Promise<[number, unknown]> => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const auth =
      req.headers.authorization ??
      (url.searchParams.has('_token') ? `Bearer ${url.searchParams.get('_token')}` : '');
    if (auth !== `Bearer ${opts.token}`) return [401, { error: 'Unauthorized' }];
    if (!['GET', 'HEAD', 'POST', 'PUT'].includes(req.method ?? ''))
      return [405, { error: 'ERR method not allowed' }];
    // The client never sends it; RESP2 replies are not implemented here, so say so rather than answer in JSON.
    const format = String(req.headers['upstash-response-format'] ?? 'json').toLowerCase();
    if (format !== 'json')
      return [
        400,
        { error: `ERR Upstash-Response-Format ${format} is not supported by the local bridge` },
      ];
    // `upstash-sync-token` (read-your-writes across replicas) needs nothing here: one node.
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const text = await readBody(req);
    let body: unknown;
    if (text !== '' && (path === '/' || path === '/pipeline' || path === '/multi-exec')) {
      try {
        body = JSON.parse(text);
      } catch {
        return [400, { error: 'ERR failed to parse command' }];
      }
    }
    if (path === '/pipeline' || path === '/multi-exec') {
      const cmds = Array.isArray(body) && body.length ? body.map(toCommand) : [undefined];
      if (cmds.some((c) => !c))
        return [400, { error: `ERR failed to parse ${path.slice(1)} request` }];
      const outcomes =
        path === '/multi-exec'
          ? await transaction(cmds as string[][])
          : // Not atomic, as on Upstash; sent together, in order, on the one connection.
            await Promise.all(
              (cmds as string[][]).map((c) =>
                settle(plan(c)).then(
                  (result): Outcome => ({ result }),
                  (err: unknown): Outcome => ({ error: message(err) }),
                ),
              ),
            );
      return [200, outcomes.map((o) => ('error' in o ? o : { result: encode(o.result, base64) }))];
    }
    if (path === '/monitor' || path.startsWith('/subscribe') || path.startsWith('/psubscribe')) {
      return [
        400,
        { error: 'ERR streaming endpoints are not supported by the local Upstash bridge' },
      ];
    }
    // A bare GET / is a health probe.
    const cmd =
      path === '/'
        ? body === undefined && req.method !== 'POST'
          ? ['PING']
          : toCommand(body)
        : pathCommand(path, url.searchParams, text);
    if (!cmd?.length) return [400, { error: 'ERR failed to parse command' }];
    try {
      return [200, { result: encode(await settle(plan(cmd)), base64) }];
    } catch (err) {
      return [400, { error: message(err) }];
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    // Emulated distance: the answer leaves one round trip after the request came in.
    Promise.all([handle(req), after(opts.rttMs ?? 0)]).then(
      ([[status, body]]) => send(status, body),
      (err: unknown) => {
        if (err instanceof HttpError) return send(err.status, { error: err.message });
        log(`redis-bridge: ${req.method} ${req.url}: ${message(err)}`);
        if (!res.headersSent) send(500, { error: `ERR local bridge: ${message(err)}` });
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      keepIdleSocketsOpen(server);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await backend.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: opts.token,
    backend: opts.redisUrl ? 'redis' : 'embedded',
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
