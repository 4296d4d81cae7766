/**
 * The region a request is about when the caller names none: the country Cloudflare saw the
 * request come from (`request.cf.country`) when it is one of ours, else US.
 */
import type { Context } from 'hono';
import { REGIONS } from '../schemas/content';

type Region = (typeof REGIONS)[number];

export function requestCountryRegion(c: Context): Region | undefined {
  const country = (c.req.raw as Request & { cf?: { country?: unknown } }).cf?.country;
  return typeof country === 'string' && (REGIONS as readonly string[]).includes(country)
    ? (country as Region)
    : undefined;
}

export function regionOrRequestCountry(
  c: Context,
  given: string | undefined,
  preferred?: string,
): string {
  return given ?? preferred ?? requestCountryRegion(c) ?? 'US';
}
