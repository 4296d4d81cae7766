/** Which budget a request spends: pure, so the tiers are tested without Redis. */
import type { RateLimitConfig } from '../../env';
import type { Role } from '../../schemas/accounts';

export const AUTOCOMPLETE_PATH = '/api/v1/search/suggestions';
export const WEBHOOK_PREFIX = '/api/v1/webhooks/';
/** Partners post in bursts from few addresses; their requests are signed, so the budget is wide. */
export const WEBHOOK_PER_MIN = 6000;

export interface RatePolicy {
  /** Separate counters per bucket: autocomplete keystrokes do not eat the general budget. */
  bucket: 'api' | 'autocomplete' | 'webhook';
  /** Requests per minute; 0 = unlimited (no Redis call at all). */
  perMinute: number;
  /**
   * Counted after the response instead of before it: the request is answered from memory
   * without waiting for Redis, and a client over the budget is refused from its next request
   * on. For autocomplete, where a keystroke must not wait on a counter.
   */
  deferred?: boolean;
  /**
   * Decided exactly, but while the request runs rather than before it: for signed-in reads,
   * which have no side effects, so a refused one's answer is simply replaced by the 429. The
   * request waits for the slower of its work and the counter, not for both in turn.
   */
  concurrent?: boolean;
}

const READS = new Set(['GET', 'HEAD']);

export function tierLimit(cfg: RateLimitConfig, role: Role | undefined): number {
  switch (role) {
    case undefined:
      return cfg.anonPerMin;
    case 'user':
      return cfg.userPerMin;
    case 'premium':
      return cfg.premiumPerMin;
    case 'admin':
    case 'super_admin':
      return cfg.adminPerMin;
  }
}

/**
 * Reads: anonymous ones (searches, title pages: the cacheable answers) are counted after the
 * response, so a cached answer never waits on Redis; signed-in ones are decided exactly,
 * alongside the request. Writes are decided before they run. Every request is counted.
 */
export function choosePolicy(
  cfg: RateLimitConfig,
  role: Role | undefined,
  path: string,
  method = 'GET',
): RatePolicy {
  const policy = choosePolicyFor(cfg, role, path);
  if (policy.perMinute === 0 || policy.deferred || !READS.has(method) || policy.bucket !== 'api')
    return policy;
  return role === undefined ? { ...policy, deferred: true } : { ...policy, concurrent: true };
}

function choosePolicyFor(cfg: RateLimitConfig, role: Role | undefined, path: string): RatePolicy {
  const tier = tierLimit(cfg, role);
  if (path === AUTOCOMPLETE_PATH || path === `${AUTOCOMPLETE_PATH}/`) {
    // Unlimited tiers stay unlimited; others get the larger typing budget.
    return {
      bucket: 'autocomplete',
      perMinute: tier === 0 ? 0 : Math.max(tier, cfg.autocompletePerMin),
      deferred: true,
    };
  }
  if (path.startsWith(WEBHOOK_PREFIX)) return { bucket: 'webhook', perMinute: WEBHOOK_PER_MIN };
  return { bucket: 'api', perMinute: tier };
}
