/** The IETF RateLimit-* response headers for a limiter decision (reset in seconds from now). */
export function rateHeaders(r: {
  limit: number;
  remaining: number;
  reset: number;
}): Record<string, string> {
  const resetSec = Math.max(0, Math.ceil((r.reset - Date.now()) / 1000));
  return {
    'RateLimit-Limit': String(r.limit),
    'RateLimit-Remaining': String(Math.max(0, r.remaining)),
    'RateLimit-Reset': String(resetSec),
  };
}
