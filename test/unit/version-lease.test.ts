import { describe, expect, it } from 'vitest';
import { versionLease } from '../../src/lib/isolate-cache';

describe('versionLease (the catalog version an isolate holds)', () => {
  it('answers from memory for ttl, then from memory while one refresh runs in the background, then reads again once stale', async () => {
    let t = 0;
    const lease = versionLease(1000, 10_000, () => t);
    let reads = 0;
    const read = async () => ++reads;
    const refreshes: (() => Promise<unknown>)[] = [];
    const background = (r: () => Promise<unknown>) => void refreshes.push(r);
    expect(await lease.read(read, background)).toBe(1); // nothing held: the caller waits
    t = 500;
    expect(await lease.read(read, background)).toBe(1);
    t = 1500;
    expect(await lease.read(read, background)).toBe(1); // stale-ish: answered, refresh handed off
    expect(await lease.read(read, background)).toBe(1); // one refresh at a time
    expect(refreshes).toHaveLength(1);
    await refreshes[0]!();
    expect(await lease.read(read, background)).toBe(2);
    t = 20_000;
    expect(await lease.read(read, background)).toBe(3); // too old to answer: read now
    expect(refreshes).toHaveLength(1);
  });

  it('learns a version this isolate wrote at once; an older read in flight does not undo it', async () => {
    let t = 0;
    const lease = versionLease(1000, 10_000, () => t);
    let release!: (v: number) => void;
    const slow = lease.read(() => new Promise<number>((r) => (release = r)));
    t = 10;
    lease.learn(7);
    release(6);
    expect(await slow).toBe(6);
    expect(await lease.read(async () => 99)).toBe(7);
  });
});
