/**
 * The Upstash bridge, driven by the real @upstash/redis and @upstash/ratelimit clients, over both
 * backends: the embedded engine and a real Redis (REDIS_URL, default 127.0.0.1:6379; skipped with
 * a message when unreachable). Three client set-ups, since they take different routes: the default
 * (auto-pipelining, so most commands arrive on /pipeline, base64 replies), one that posts each
 * command to `/`, and one without base64.
 */
import { createHash } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis, errors } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisBridge, type RedisBridge } from '../../dev/local-stack/redis-bridge.ts';

const REAL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const TOKEN = 'test-token';
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

async function realRedisUp(): Promise<boolean> {
  const c = new IORedis(REAL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.ping();
    return true;
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

const backends: [string, string | undefined][] = [
  ['embedded engine', undefined],
  ['real Redis', REAL],
];

describe.each(backends)('Upstash bridge over the %s', (name, redisUrl) => {
  let bridge: RedisBridge;
  let redis: Redis; // the default client: auto-pipelining, base64
  let direct: Redis; // one request per command, to `/`
  let plain: Redis; // no Upstash-Encoding header
  let io: IORedis | undefined; // the real Redis behind the bridge, for raw bytes and clean-up
  let skip = false;
  const prefix = `bridge-test:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:`;
  const k = (s: string) => `${prefix}${s}`;

  /** A request as any HTTP client would send it. */
  const raw = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${bridge.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as any };
  };

  beforeAll(async () => {
    if (redisUrl && !(await realRedisUp())) {
      skip = true;
      console.warn(
        `[redis-bridge.test] real Redis at ${redisUrl} is not reachable: skipping the "${name}" cases (set REDIS_URL or start redis-server)`,
      );
      return;
    }
    bridge = await startRedisBridge({ token: TOKEN, redisUrl });
    const common = {
      url: bridge.url,
      token: bridge.token,
      enableTelemetry: false,
      retry: false,
    } as const;
    redis = new Redis(common);
    direct = new Redis({ ...common, enableAutoPipelining: false });
    plain = new Redis({ ...common, enableAutoPipelining: false, responseEncoding: false });
    if (redisUrl) io = new IORedis(redisUrl);
  });
  afterAll(async () => {
    if (io) {
      let cursor = '0';
      do {
        const [next, keys] = await io.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length) await io.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      io.disconnect();
    }
    await bridge?.close();
  });

  it('reports its backend and answers a bare GET / as a health probe', async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    expect(bridge.backend).toBe(redisUrl ? 'redis' : 'embedded');
    expect(await raw('/')).toEqual({ status: 200, json: { result: 'PONG' } });
    expect(await redis.ping()).toBe('PONG');
    expect(await plain.ping()).toBe('PONG');
  });

  it('round-trips strings exactly, through every client set-up', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const values = [
      'plain',
      'héllo wörld — ça va? 🎬🍿 日本語 ﷽',
      'UE9ORw==', // looks like base64
      'YmFy',
      'bar', // is valid base64 too
      'OK',
      'T0s=',
      'OK?',
      '',
      ' spaced ',
      'a\nb\tc\r\n',
      '\u0000\u0001\u007f\u0080 nul and control bytes',
      '007', // not a number to the client (it keeps numbers whose text round-trips)
      '1e3',
      'x'.repeat(200_000),
    ];
    for (const [i, client] of [redis, direct, plain].entries()) {
      await Promise.all(values.map((v, j) => client.set(k(`s${i}:${j}`), v)));
      expect(await Promise.all(values.map((_, j) => client.get(k(`s${i}:${j}`))))).toEqual(values);
    }
    // As with Upstash, the client turns a numeric string back into a number.
    await redis.set(k('num'), '12345');
    expect(await redis.get(k('num'))).toBe(12345);
    expect(await redis.get(k('missing'))).toBeNull();
    // "OK" inside an array must be encoded too (the client decodes it there).
    await redis.rpush(k('list'), 'OK', 'é', 'UE9ORw==');
    expect(await redis.lrange(k('list'), 0, -1)).toEqual(['OK', 'é', 'UE9ORw==']);
    expect(await redis.mget(k('s0:5'), k('s0:1'), k('missing'))).toEqual(['OK', values[1], null]);
  });

  it('encodes raw bytes exactly as Upstash does', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const b64 = { 'Upstash-Encoding': 'base64' };
    expect(await raw('/', ['SET', k('u'), 'é🎬'], b64)).toEqual({
      status: 200,
      json: { result: 'OK' },
    });
    expect((await raw('/', ['GET', k('u')], b64)).json).toEqual({
      result: Buffer.from('é🎬').toString('base64'),
    });
    expect((await raw('/', ['GET', k('u')])).json).toEqual({ result: 'é🎬' });
    // Bytes that are not UTF-8 cannot be sent in JSON, and the embedded engine keeps values as
    // text (it has no BITOP; its Lua turns string.char(190) into U+FFFD): real Redis only.
    if (io) {
      // BITOP NOT of "A" (0x41) is 0xBE.
      await raw('/', ['SET', k('a'), 'A']);
      expect((await raw('/', ['BITOP', 'NOT', k('not'), k('a')], b64)).json).toEqual({ result: 1 });
      expect((await raw('/', ['GET', k('not')], b64)).json).toEqual({ result: 'vg==' });
      expect((await raw('/', ['GET', k('not')])).json).toEqual({ result: '\uFFFD' }); // as Upstash documents, without base64
      expect(await redis.get(k('not'))).toBe('\uFFFD'); // what the client's TextDecoder makes of it
      const bytes = Buffer.from([0xff, 0x00, 0x80, 0x41, 0xc3]);
      await io.set(k('bin'), bytes);
      expect(
        (
          await raw(
            '/pipeline',
            [
              ['GET', k('bin')],
              ['STRLEN', k('bin')],
            ],
            b64,
          )
        ).json,
      ).toEqual([{ result: bytes.toString('base64') }, { result: 5 }]);
    }
    // Status replies other than a top-level "OK" are encoded; integers and nil are not.
    expect((await raw('/', ['PING'], b64)).json).toEqual({ result: 'UE9ORw==' });
    expect(
      (
        await raw(
          '/pipeline',
          [
            ['SET', k('p'), 'v'],
            ['GET', k('nope')],
            ['INCR', k('i')],
          ],
          b64,
        )
      ).json,
    ).toEqual([{ result: 'OK' }, { result: null }, { result: 1 }]);
  });

  it('serialises objects and numbers like Upstash', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const obj = {
      title: 'Amélie',
      year: 2001,
      tags: ['drôle', '🎬'],
      nested: { ok: true, none: null },
    };
    await redis.set(k('obj'), obj);
    expect(await redis.get(k('obj'))).toEqual(obj);
    expect(await direct.get(k('obj'))).toEqual(obj);
    await redis.set(k('n42'), 42);
    expect(await redis.get(k('n42'))).toBe(42);
    expect(await redis.incr(k('n'))).toBe(1);
    expect(await redis.incrby(k('n'), 41)).toBe(42);
    expect(await redis.decr(k('n'))).toBe(41);
    expect(await redis.incrbyfloat(k('f'), 1.5)).toBe(1.5);
    // Fifty concurrent increments: batched by the client, none lost.
    await Promise.all(Array.from({ length: 50 }, () => redis.incr(k('many'))));
    expect(await redis.get(k('many'))).toBe(50);
  });

  it('hashes, sorted sets with scores, scans', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    await redis.hset(k('h'), { title: 'Léon', year: 1994, meta: { a: 1 } });
    expect(await redis.hgetall(k('h'))).toEqual({ title: 'Léon', year: 1994, meta: { a: 1 } });
    expect(await redis.hget(k('h'), 'title')).toBe('Léon');
    expect(await redis.hget(k('h'), 'nope')).toBeNull();
    expect(await redis.hgetall(k('no-hash'))).toBeNull();
    await redis.zadd(
      k('z'),
      { score: 2, member: 'b' },
      { score: 1.5, member: 'a' },
      { score: 3, member: 'ç' },
    );
    expect(await redis.zrange(k('z'), 0, -1, { withScores: true })).toEqual([
      'a',
      1.5,
      'b',
      2,
      'ç',
      3,
    ]);
    expect(await redis.zrange(k('z'), 0, 0, { rev: true })).toEqual(['ç']);
    expect(await redis.zrange(k('z'), 2, 3, { byScore: true, withScores: true })).toEqual([
      'b',
      2,
      'ç',
      3,
    ]);
    expect(await redis.zadd(k('z'), { ch: true }, { score: 9, member: 'a' })).toBe(1);
    expect(await redis.zadd(k('z'), { nx: true }, { score: 0, member: 'a' })).toBe(0);
    expect(await redis.zscore(k('z'), 'a')).toBe(9);
    expect(await redis.zincrby(k('z'), 0.5, 'b')).toBe(2.5);
    const found: string[] = [];
    let cursor: string | number = 0;
    do {
      const [next, keys]: [string | number, string[]] = await redis.scan(cursor, {
        match: `${prefix}h*`,
        count: 1000,
      });
      found.push(...keys);
      cursor = next;
    } while (String(cursor) !== '0');
    expect(found).toEqual([k('h')]);
  });

  it('expiry: set options, expire, ttl', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    await redis.set(k('ttl'), 'x', { ex: 100 });
    expect(await redis.ttl(k('ttl'))).toBeGreaterThan(90);
    expect(await redis.set(k('ttl'), 'y', { nx: true })).toBeNull();
    expect(await redis.get(k('ttl'))).toBe('x');
    expect(await redis.set(k('ttl2'), 'y', { px: 60_000, nx: true })).toBe('OK');
    expect(await redis.pttl(k('ttl2'))).toBeGreaterThan(50_000);
    expect(await redis.expire(k('ttl2'), 30)).toBe(1);
    expect(await redis.ttl(k('ttl2'))).toBeLessThanOrEqual(30);
    expect(await redis.persist(k('ttl2'))).toBe(1);
    expect(await redis.ttl(k('ttl2'))).toBe(-1);
    expect(await redis.ttl(k('never-set'))).toBe(-2);
  });

  it('pipeline: in order, with per-command errors', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const p = redis.pipeline();
    p.set(k('p1'), 'one');
    p.get(k('p1'));
    p.incr(k('p2'));
    p.hset(k('p3'), { f: 'é' });
    p.hgetall(k('p3'));
    expect(await p.exec()).toEqual(['OK', 'one', 1, 1, { f: 'é' }]);
    const bad = redis.pipeline();
    bad.set(k('p4'), 'abc');
    bad.incr(k('p4'));
    bad.get(k('p4'));
    await expect(bad.exec()).rejects.toThrow(
      /Command 2 \[ incr \] failed: ERR value is not an integer/,
    );
    const kept = redis.pipeline();
    kept.incr(k('p4'));
    kept.get(k('p4'));
    const [incr, get] = await kept.exec({ keepErrors: true });
    expect(incr!.error).toMatch(/not an integer/);
    expect(get).toEqual({ error: undefined, result: 'abc' });
  });

  it('multi-exec: atomic batches, errors as Redis reports them', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const m = redis.multi();
    m.set(k('m1'), 'é');
    m.get(k('m1'));
    m.incr(k('m2'));
    expect(await m.exec()).toEqual(['OK', 'é', 1]);
    // A command that fails when run does not stop the others (as in Redis).
    const m2 = redis.multi();
    m2.incr(k('m1'));
    m2.set(k('m3'), 'after');
    const [failed, ok] = await m2.exec({ keepErrors: true });
    expect(failed!.error).toMatch(/not an integer/);
    expect(ok!.result).toBe('OK');
    // An unknown command discards the whole transaction.
    const aborted = await raw('/multi-exec', [
      ['SET', k('m4'), 'x'],
      ['NOSUCHCOMMAND', 'y'],
    ]);
    expect(aborted.status).toBe(400);
    expect(aborted.json.error).toMatch(/EXECABORT/);
    expect(await redis.exists(k('m4'))).toBe(0);
  });

  it('refuses a wrong or missing token with 401', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const wrong = new Redis({
      url: bridge.url,
      token: 'nope',
      enableTelemetry: false,
      retry: false,
    });
    await expect(wrong.get(k('x'))).rejects.toThrow(errors.UpstashError);
    await expect(wrong.get(k('x'))).rejects.toThrow(/Unauthorized/);
    expect((await raw('/', ['PING'], { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await fetch(`${bridge.url}/`, { method: 'POST', body: '["PING"]' })).status).toBe(401);
    // Upstash also takes the token as ?_token=
    expect(
      await (
        await fetch(`${bridge.url}/?_token=${TOKEN}`, { method: 'POST', body: '["PING"]' })
      ).json(),
    ).toEqual({ result: 'PONG' });
  });

  it('reports unknown commands and bad requests as client errors, and keeps serving', async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const err = await direct.exec(['NOSUCHCOMMAND', 'x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.UpstashError);
    expect((err as Error).message).toMatch(/unknown command/i);
    expect(await raw('/', ['NOSUCHCOMMAND'])).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/unknown command/i) },
    });
    expect((await raw('/pipeline', [['PING'], ['NOSUCHCOMMAND']])).json).toEqual([
      { result: 'PONG' },
      { error: expect.stringMatching(/unknown command/i) },
    ]);
    expect(await raw('/', ['GET'])).toMatchObject({
      status: 400,
      json: { error: expect.stringMatching(/wrong number of arguments/) },
    });
    expect((await raw('/', { not: 'a command' })).status).toBe(400);
    expect((await raw('/', ['SUBSCRIBE', 'chan'])).json.error).toMatch(/not supported/);
    expect((await raw('/', ['PING'], { 'Upstash-Response-Format': 'resp2' })).status).toBe(400);
    // Upstash's path form, handy with curl
    expect((await raw(`/set/${encodeURIComponent(k('path'))}/v%20w?EX=100`)).json).toEqual({
      result: 'OK',
    });
    expect(await redis.get(k('path'))).toBe('v w');
    expect(await redis.ttl(k('path'))).toBeGreaterThan(90);
    expect(await redis.ping()).toBe('PONG');
  });

  it('Lua: EVAL, and scripts with the Upstash-only #!lua flags line by EVALSHA of the original sha', async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    expect(
      await redis.eval(
        'return {1, "é", {2, ARGV[1]}, redis.call("GET", KEYS[1])}',
        [k('s0:1')],
        ['x'],
      ),
    ).toEqual([1, 'é', [2, 'x'], 'héllo wörld — ça va? 🎬🍿 日本語 ﷽']);
    const script = `#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])`;
    const sha = sha1(script);
    // The client (and @upstash/ratelimit) try EVALSHA first and fall back to EVAL on NOSCRIPT.
    await expect(redis.evalsha(sha, [k('lua')], [2])).rejects.toThrow(/NOSCRIPT/);
    expect(await redis.eval(script, [k('lua')], [2])).toBe(2);
    expect(await redis.evalsha(sha, [k('lua')], [3])).toBe(5);
    const loaded = `#!lua flags=allow-key-locking\nreturn ARGV[1] .. "!"`;
    expect(await redis.scriptLoad(loaded)).toBe(sha1(loaded));
    expect(await redis.scriptExists(sha1(loaded), '0'.repeat(40))).toEqual([1, 0]);
    expect(await redis.evalsha(sha1(loaded), [], ['ça'])).toBe('ça!');
  });

  it.for([
    ['slidingWindow', Ratelimit.slidingWindow(3, '10 s')],
    ['fixedWindow', Ratelimit.fixedWindow(3, '10 s')],
    ['tokenBucket', Ratelimit.tokenBucket(1, '10 s', 3)],
  ] as const)(
    '@upstash/ratelimit %s: 3 allowed, the 4th blocked',
    async ([algorithm, limiter], { skip: skipTest }) => {
      if (skip) skipTest();
      // ioredis-mock's Lua gives a nil HMGET field as nil, not false as Redis does, and the
      // tokenBucket script tests `== false`: it fails there ("arithmetic on a nil value").
      if (algorithm === 'tokenBucket' && !redisUrl)
        skipTest(
          'tokenBucket needs a real Redis (ioredis-mock turns nil into nil, not false, in Lua)',
        );
      const rl = new Ratelimit({ redis, limiter, prefix: k(`rl:${algorithm}`), analytics: false });
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await rl.limit('client-1'));
      expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect(results[3]!.reset).toBeGreaterThan(Date.now());
      expect((await rl.limit('client-2')).success).toBe(true); // its own budget
      expect((await rl.getRemaining('client-1')).remaining).toBe(0);
    },
  );
});

describe('Upstash bridge start-up', () => {
  it('fails clearly when the given Redis is unreachable', async () => {
    await expect(
      startRedisBridge({ token: TOKEN, redisUrl: 'redis://127.0.0.1:1' }),
    ).rejects.toThrow(/cannot reach redis:\/\/127\.0\.0\.1:1/);
  });
});
