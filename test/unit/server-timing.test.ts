import { describe, expect, it } from 'vitest';
import {
  newRequestTiming,
  offRequestPath,
  parseServerTiming,
  requestTiming,
  serverTiming,
  withRequestTiming,
} from '../../src/lib/request-timing';

describe('Server-Timing', () => {
  it('writes every counter and reads them back', () => {
    const t = {
      ...newRequestTiming(),
      queries: 3,
      connections: 1,
      dbSequential: 1,
      redis: 2,
      embed: 1,
      cache: 'kv' as const,
      started: 1000,
    };
    const header = serverTiming(t, 1042);
    expect(header).toBe(
      'db;desc="3 queries", dbconn;desc="1 connections", dbrt;desc="1 in turn", redis;desc="2 round trips", embed;desc="1", cache;desc="kv", total;dur=42',
    );
    expect(parseServerTiming(header)).toEqual({
      db: 3,
      dbconn: 1,
      dbrt: 1,
      redis: 2,
      embed: 1,
      cache: 'kv',
      total: 42,
    });
  });

  it('counts against the request whose code runs, and not work sent off its path', async () => {
    const t = newRequestTiming();
    await withRequestTiming(t, async () => {
      await Promise.resolve();
      requestTiming()!.redis++;
      await offRequestPath(async () => {
        await Promise.resolve();
        expect(requestTiming()).toBeUndefined();
      });
      expect(requestTiming()).toBe(t);
    });
    expect(t.redis).toBe(1);
    expect(requestTiming()).toBeUndefined();
  });
});
