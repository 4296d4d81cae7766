/**
 * Trending counts people, not requests: one address searching a title 25 times counts once; three
 * addresses once each count three times; a corrected search (the person typed something else and
 * has not opened the title) does not count.
 */
import { describe, expect, it } from 'vitest';
import { send } from './auth-helpers';

const from = (ip: string) => ({ headers: { 'cf-connecting-ip': ip } });
const trendingIds = async (region: string) =>
  (await send('GET', `/api/v1/trending?window=day&region=${region}&limit=100`)).body.items as {
    id: string;
    score: number;
  }[];

async function settle(
  region: string,
  ids: string[],
  done: (items: { id: string; score: number }[]) => boolean = () => true,
) {
  // Counting happens after the response: each search's own, so the last may land after the first.
  for (let i = 0; i < 40; i++) {
    const items = await trendingIds(region);
    if (ids.every((id) => items.some((t) => t.id === id)) && done(items)) return items;
    await new Promise((r) => setTimeout(r, 100));
  }
  return trendingIds(region);
}

describe('trending cannot be gamed cheaply', () => {
  it('one address repeating a title search counts once; distinct addresses count each', async () => {
    const region = 'IN';
    const one = await send('GET', `/api/v1/search?q=jaws&region=${region}`, from('203.0.113.9'));
    expect(one.body.query.intent).toBe('title_lookup');
    const flooded = one.body.results[0].id as string;
    for (let i = 0; i < 24; i++)
      await send('GET', `/api/v1/search?q=jaws&region=${region}`, from('203.0.113.9'));
    let many = '';
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const r = await send('GET', `/api/v1/search?q=alien&region=${region}`, from(ip));
      expect(r.body.query.intent).toBe('title_lookup');
      many = r.body.results[0].id;
    }
    const scoreIn = (items: { id: string; score: number }[], id: string) =>
      items.find((t) => t.id === id)?.score ?? 0;
    // Waits for the three addresses' counts (a fourth would never come: it would stay at three).
    const items = await settle(
      region,
      [flooded, many],
      (got) => scoreIn(got, many) >= scoreIn(got, flooded) * 2.9,
    );
    const score = (id: string) => scoreIn(items, id);
    expect(score(flooded)).toBeGreaterThan(0);
    expect(score(many)).toBeCloseTo(score(flooded) * 3, 1);
  });

  it('a corrected title search does not count', async () => {
    const region = 'FR';
    const r = await send(
      'GET',
      `/api/v1/search?q=the+godfathr&region=${region}`,
      from('192.0.2.7'),
    );
    expect(r.status).toBe(200);
    expect(r.body.query.correction).toBeDefined();
    const corrected = r.body.results[0]?.id as string;
    for (const ip of ['192.0.2.8', '192.0.2.9'])
      await send('GET', `/api/v1/search?q=the+godfathr&region=${region}`, from(ip));
    // a plain search for another title from the same addresses does count (so counting ran)
    const plain = await send('GET', `/api/v1/search?q=jaws&region=${region}`, from('192.0.2.7'));
    const items = await settle(region, [plain.body.results[0].id]);
    expect(items.some((t) => t.id === plain.body.results[0].id)).toBe(true);
    expect(items.some((t) => t.id === corrected)).toBe(false);
  });
});
