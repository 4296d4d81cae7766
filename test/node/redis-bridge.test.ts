import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisBridge, type RedisBridge } from '../../dev/local-stack/redis-bridge.ts';

const REAL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

async function realRedisUp(): Promise<boolean> {
  const c = new IORedis(REAL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
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

const backends: [string, string | undefined][] = [['embedded engine', undefined], ['real Redis', REAL]];

describe.each(backends)('Upstash bridge over the %s', (name, redisUrl) => {
  let bridge: RedisBridge | undefined;
  let redis: Redis;
  let skip = false;
  const prefix = `t${Date.now().toString(36)}:`;

  beforeAll(async () => {
    if (redisUrl && !(await realRedisUp())) {
      skip = true;
      console.warn(`real Redis at ${redisUrl} is not reachable: skipping the ${name} cases`);
      return;
    }
    bridge = await startRedisBridge({ token: 'test-token', redisUrl });
    redis = new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false, retry: false });
  });
  afterAll(async () => {
    if (bridge && redisUrl) {
      const c = new IORedis(redisUrl);
      const keys = await c.keys(`${prefix}*`);
      if (keys.length) await c.del(...keys);
      c.disconnect();
    }
    await bridge?.close();
  });

  it('round-trips strings exactly, including UTF-8 and look-alikes', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const values = ['plain', 'héllo wörld 🎬', 'UE9ORw==', 'OK?', ' spaced ', 'a\nb\tc', 'not base64 ~~'];
    for (const [i, v] of values.entries()) {
      await redis.set(`${prefix}s${i}`, v);
      expect(await redis.get(`${prefix}s${i}`)).toBe(v);
    }
    expect(await redis.ping()).toBe('PONG');
    // As with Upstash, the client parses a numeric string back into a number.
    await redis.set(`${prefix}num`, '12345');
    expect(await redis.get(`${prefix}num`)).toBe(12345);
  });

  it('serialises objects and numbers like Upstash', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    await redis.set(`${prefix}obj`, { a: 1, b: ['x', 'ü'] });
    expect(await redis.get(`${prefix}obj`)).toEqual({ a: 1, b: ['x', 'ü'] });
    expect(await redis.incr(`${prefix}n`)).toBe(1);
    expect(await redis.incrby(`${prefix}n`, 41)).toBe(42);
    expect(await redis.get(`${prefix}missing`)).toBeNull();
  });

  it('hashes, sorted sets with scores, TTLs', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    await redis.hset(`${prefix}h`, { title: 'Léon', year: 1994 });
    expect(await redis.hgetall(`${prefix}h`)).toEqual({ title: 'Léon', year: 1994 });
    await redis.zadd(`${prefix}z`, { score: 2, member: 'b' }, { score: 1, member: 'a' });
    expect(await redis.zrange(`${prefix}z`, 0, -1, { withScores: true })).toEqual(['a', 1, 'b', 2]);
    await redis.zincrby(`${prefix}z`, 5, 'a');
    expect(await redis.zrange(`${prefix}z`, 0, 0, { rev: true })).toEqual(['a']);
    await redis.set(`${prefix}ttl`, 'x', { ex: 100 });
    const ttl = await redis.ttl(`${prefix}ttl`);
    expect(ttl).toBeGreaterThan(90);
  });

  it('pipeline and multi-exec', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const p = redis.pipeline();
    p.set(`${prefix}p1`, 'one');
    p.get(`${prefix}p1`);
    p.incr(`${prefix}p2`);
    expect(await p.exec()).toEqual(['OK', 'one', 1]);
    const m = redis.multi();
    m.set(`${prefix}m1`, 'é');
    m.get(`${prefix}m1`);
    expect(await m.exec()).toEqual(['OK', 'é']);
  });

  it('refuses a wrong token and reports unknown commands as client errors', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const wrong = new Redis({ url: bridge!.url, token: 'nope', enableTelemetry: false, retry: false });
    await expect(wrong.get('x')).rejects.toThrow(/Unauthorized/);
    await expect(redis.eval('return redis.call("NOSUCHCOMMAND")', [], [])).rejects.toThrow();
    // and the bridge keeps serving
    expect(await redis.ping()).toBe('PONG');
  });

  it('runs @upstash/ratelimit sliding windows (the #!lua flags line is stripped)', async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(3, '10 s'), prefix: `${prefix}rl`, analytics: false });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit('client-1'));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results[3]!.remaining).toBe(0);
    expect(results[3]!.reset).toBeGreaterThan(Date.now());
    // another key has its own budget
    expect((await limiter.limit('client-2')).success).toBe(true);
  });
});
