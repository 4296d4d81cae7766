/** Pure parts of issue #15: the parental limit, feed cursors, the best offer on a card, and API errors said for people. */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/services/feeds/feeds';
import { allowedUnder, ratingsUpTo, stricterLimit } from '../../src/services/parental-limit';
import { ApiError, forPeople } from '../../src/web/client/errors';
import { bestOffer } from '../../src/web/client/format';

describe('parental limit', () => {
  it('allows ratings at or under the limit, and nothing unrated', () => {
    expect(ratingsUpTo('PG-13')).toEqual(['G', 'PG', 'PG-13']);
    expect(ratingsUpTo(null)).toBeNull();
    expect(allowedUnder('PG', 'G')).toBe(true);
    expect(allowedUnder('PG', 'R')).toBe(false);
    expect(allowedUnder('PG', null)).toBe(false);
    expect(allowedUnder(null, null)).toBe(true);
  });
  it('takes the stricter of two limits', () => {
    expect(stricterLimit('R', 'PG')).toBe('PG');
    expect(stricterLimit(undefined, 'PG-13')).toBe('PG-13');
    expect(stricterLimit('G', null)).toBe('G');
    expect(stricterLimit(null, undefined)).toBeNull();
  });
});

describe('feed cursors', () => {
  it('round-trip, and refuse another feed’s cursor or garbage with a clear 400', () => {
    const c = encodeCursor('leaving', { at: 1_800_000_000_000, id: 42 });
    expect(decodeCursor('leaving', c)).toEqual({ at: 1_800_000_000_000, id: 42 });
    expect(() => decodeCursor('new', c)).toThrow(/belongs to the leaving feed/);
    expect(() => decodeCursor('new', '!!!')).toThrow(/cursor is not valid/);
    expect(() => decodeCursor('new', btoa('new:1:2:3'))).toThrow(/cursor is not valid/);
  });
});

describe('cards: the best offer', () => {
  const offers = [
    {
      platformId: 'apple',
      platformName: 'Apple TV',
      priceTier: 'rent',
      amount: 3.99,
      currency: 'USD',
    },
    { platformId: 'hulu', platformName: 'Hulu', priceTier: 'subscription' },
    { platformId: 'tubi', platformName: 'Tubi', priceTier: 'ads' },
  ];
  it('free before paid; my services first', () => {
    expect(bestOffer(offers)?.platformId).toBe('tubi');
    expect(bestOffer(offers, ['hulu'])?.platformId).toBe('hulu');
    expect(bestOffer([])).toBeUndefined();
  });
});

describe('API errors for people', () => {
  it('says validation failures in plain words, not the developer message', () => {
    const err = new ApiError(
      400,
      'VALIDATION_FAILED',
      'Invalid body: password must be at least 8 characters',
      [{ path: 'password', message: 'must be at least 8 characters' }],
    );
    expect(forPeople(err)).toBe('Your password must be at least 8 characters.');
    expect(forPeople(err)).not.toMatch(/Invalid body/);
  });
  it('rate limits, outages and network failures', () => {
    expect(
      forPeople(new ApiError(429, 'RATE_LIMITED', 'Too many sign-in attempts; try again in 30 s')),
    ).toBe('Too many tries in a short time. Wait 30 seconds and try again.');
    expect(forPeople(new ApiError(503, 'DEPENDENCY_UNAVAILABLE', 'Redis is not configured'))).toBe(
      'Marquee is having trouble right now. Try again in a moment.',
    );
    expect(forPeople(new TypeError('Failed to fetch'))).toMatch(/could not be reached/);
    expect(
      forPeople(
        new ApiError(409, 'CONFLICT', 'An account with this email already exists; sign in instead'),
      ),
    ).toBe('An account with this email already exists. Sign in instead.');
  });
});
