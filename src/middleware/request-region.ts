/**
 * The region a request is about when the caller names none. One rule for every route and
 * GraphQL field that takes a region (search, trending, availability, similar titles,
 * recommendations, feeds, the page):
 *
 *   1. the region the caller gives (`?region=`, a body's `region`, a GraphQL argument);
 *   2. signed in: the region the person saved in their preferences;
 *   3. the country Cloudflare saw the request come from (`request.cf.country`), when we cover it;
 *   4. US.
 *
 * A response that fell back to 3 varies by country (`Vary: CF-IPCountry`).
 */
import type { Context } from 'hono';
import { REGIONS, type Region } from '../schemas/enums';
import type { AppEnv } from '../types';

export const DEFAULT_REGION: Region = 'US';

const isRegion = (s: unknown): s is Region =>
  typeof s === 'string' && (REGIONS as readonly string[]).includes(s);

/** The request's country as one of our regions, or undefined (not on Cloudflare, or a country we do not cover). */
export function requestCountryRegion(req: Request): Region | undefined {
  const country = (req as Request & { cf?: { country?: unknown } }).cf?.country;
  return isRegion(country) ? country : undefined;
}

/** The region for this request: `given`, else the signed-in person's saved region, else the request's country, else US. */
export async function requestRegion(c: Context<AppEnv>, given?: string | null): Promise<Region> {
  if (given) return given as Region;
  const user = c.var.user;
  if (user) {
    const saved = (await c.var.services.viewerPreferences(user.id))?.region;
    if (isRegion(saved)) return saved;
  }
  return countryOrDefaultRegion(c);
}

/** Steps 3 and 4 alone: the request's country when we cover it, else US (the response varies by country). */
export function countryOrDefaultRegion(c: Context): Region {
  c.header('Vary', 'CF-IPCountry', { append: true });
  return requestCountryRegion(c.req.raw) ?? DEFAULT_REGION;
}

/**
 * Preferences as their owner reads them: before they save any, the region offered is where
 * the request comes from (what the first sign-in's "Where do you watch?" pre-selects).
 */
export function withDefaultRegion<P extends { region: string; updatedAt: string | null }>(
  c: Context,
  prefs: P,
): P {
  return prefs.updatedAt ? prefs : { ...prefs, region: countryOrDefaultRegion(c) };
}
