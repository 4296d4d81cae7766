import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/env';
import { choosePolicy } from '../../src/middleware/rate-limit/policy';

describe('rate-limit tiers', () => {
  const cfg = parseConfig({}).rateLimit;

  it('has the production defaults', () => {
    // Budgets browsing never meets (every chip removal, region change and "more" is a search).
    expect(cfg).toMatchObject({
      anonPerMin: 300,
      userPerMin: 600,
      premiumPerMin: 3000,
      adminPerMin: 10000,
      loginAttempts: 5,
      loginWindowSec: 900,
    });
  });

  it('picks the budget by role', () => {
    expect(choosePolicy(cfg, undefined, '/api/v1/search', 'POST')).toEqual({
      bucket: 'api',
      perMinute: 300,
    });
    expect(choosePolicy(cfg, 'user', '/api/v1/search', 'POST')).toEqual({
      bucket: 'api',
      perMinute: 600,
    });
    expect(choosePolicy(cfg, 'premium', '/api/v1/me', 'POST')).toEqual({
      bucket: 'api',
      perMinute: 3000,
    });
    expect(choosePolicy(cfg, 'super_admin', '/api/v1/me', 'POST')).toEqual({
      bucket: 'api',
      perMinute: 10000,
    });
  });

  it('anonymous reads are counted after the response, signed-in reads decided alongside the request, writes before it', () => {
    expect(choosePolicy(cfg, undefined, '/api/v1/search', 'GET')).toEqual({
      bucket: 'api',
      perMinute: 300,
      deferred: true,
    });
    expect(choosePolicy(cfg, 'user', '/api/v1/me', 'GET')).toEqual({
      bucket: 'api',
      perMinute: 600,
      concurrent: true,
    });
    expect(choosePolicy(cfg, 'user', '/api/v1/me/watchlist', 'POST')).toEqual({
      bucket: 'api',
      perMinute: 600,
    });
    expect(choosePolicy(cfg, undefined, '/api/v1/webhooks/netflix', 'POST')).toEqual({
      bucket: 'webhook',
      perMinute: 6000,
    });
  });

  it('gives autocomplete its own, larger budget, never smaller than the tier, counted after the response', () => {
    expect(choosePolicy(cfg, undefined, '/api/v1/search/suggestions')).toEqual({
      bucket: 'autocomplete',
      perMinute: 600,
      deferred: true,
    });
    expect(choosePolicy(cfg, 'premium', '/api/v1/search/suggestions')).toEqual({
      bucket: 'autocomplete',
      perMinute: 3000,
      deferred: true,
    });
  });

  it('reads limits from configuration; 0 means unlimited', () => {
    const c = parseConfig({
      RATE_LIMIT_ANON_PER_MIN: '3',
      RATE_LIMIT_ADMIN_PER_MIN: '0',
    }).rateLimit;
    expect(choosePolicy(c, undefined, '/api/v1/search').perMinute).toBe(3);
    expect(choosePolicy(c, 'admin', '/api/v1/search/suggestions').perMinute).toBe(0);
    expect(() => parseConfig({ RATE_LIMIT_USER_PER_MIN: '-1' })).toThrow(/RATE_LIMIT_USER_PER_MIN/);
  });
});
