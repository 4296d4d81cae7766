/** A person's parental limit (`maxRating` in /me/preferences) filters their search and recommendations. */
import { describe, expect, it } from 'vitest';
import { send, signUp } from './auth-helpers';

const ALLOWED_UNDER_PG = ['G', 'PG'];

describe('parental limit', () => {
  it('search: a signed-in person with maxRating PG sees only G and PG titles; without it, R titles appear', async () => {
    const open = await send('GET', '/api/v1/search?q=crime+thriller&region=US&limit=50');
    expect(open.status).toBe(200);
    expect(open.body.results.some((r: any) => r.mpaaRating === 'R')).toBe(true);

    const a = await signUp('parental-search');
    expect(
      (
        await send('POST', '/api/v1/me/preferences', {
          token: a.accessToken,
          body: { maxRating: 'PG' },
        })
      ).status,
    ).toBe(200);
    const limited = await send('GET', '/api/v1/search?q=crime+thriller&region=US&limit=50', {
      token: a.accessToken,
    });
    expect(limited.status).toBe(200);
    for (const r of limited.body.results) expect(ALLOWED_UNDER_PG, r.title).toContain(r.mpaaRating);
  });

  it('recommendations: nothing rated above the limit', async () => {
    const a = await signUp('parental-recs');
    expect(
      (
        await send('POST', '/api/v1/me/preferences', {
          token: a.accessToken,
          body: { maxRating: 'PG', genres: ['crime', 'drama'] },
        })
      ).status,
    ).toBe(200);
    const r = await send('GET', '/api/v1/recommendations?limit=20&anyPlatform=true', {
      token: a.accessToken,
    });
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const item of r.body.items)
      expect(ALLOWED_UNDER_PG, item.title).toContain(item.mpaaRating);
  });
});
