/**
 * The web page: `/`, `/title/:id` and `/person/:id` answer the same HTML shell (the client routes by path),
 * `/assets/<name>.<hash>.<ext>` the bundled script and stylesheet. Files are built into the
 * Worker by scripts/build-web.ts. The shell revalidates by ETag (no-cache); hashed assets are
 * immutable. The page gets its own Content-Security-Policy: scripts, styles and requests only
 * from this origin, no inline script or style, no framing.
 */
import { Hono, type Context } from 'hono';
import { countryOrDefaultRegion } from '../middleware/request-region';
import { ASSETS, PAGE_ETAG, PAGE_HTML } from '../web/generated/assets';
import type { AppEnv } from '../types';

export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Posters are linked, not copied: Wikimedia's (the bundled catalog) and TMDB's image hosts.
  "img-src 'self' data: https://upload.wikimedia.org https://image.tmdb.org",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function serve(
  c: Context<AppEnv>,
  body: string,
  type: string,
  etag: string,
  cacheControl: string,
  status: 200 | 404 = 200,
): Response {
  c.header('Cache-Control', cacheControl);
  c.header('ETag', etag);
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('Vary', 'Accept-Encoding', { append: true });
  const match = c.req.header('If-None-Match');
  if (status === 200 && match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
    return c.body(null, 304);
  c.header('Content-Type', type);
  return c.req.method === 'HEAD' ? c.body(null, status) : c.body(body, status);
}

/**
 * The shell for this request: `<html data-region>` carries the region the page starts in (the
 * request's country when we cover it, else US; a signed-in person's saved region and a
 * `?region=` in the address are applied by the page itself), so it needs no extra request.
 */
function shell(c: Context<AppEnv>): { html: string; etag: string } {
  const region = countryOrDefaultRegion(c);
  return {
    html: PAGE_HTML.replace('<html lang="en">', `<html lang="en" data-region="${region}">`),
    etag: PAGE_ETAG.replace(/"$/, `-${region}"`),
  };
}

const page = (c: Context<AppEnv>) => {
  const { html, etag } = shell(c);
  return serve(c, html, 'text/html; charset=utf-8', etag, 'no-cache');
};

/** The page with status 404: the client shows its "not found" view for the path. */
const missingPage = (c: Context<AppEnv>) => {
  const { html, etag } = shell(c);
  return serve(c, html, 'text/html; charset=utf-8', etag, 'no-store', 404);
};

/** Paths that belong to the API (their 404 stays JSON). */
const API_PATH = /^\/(api|graphql|\.well-known|health|ready|metrics)(\/|$)/;

/** A 404 for a person's browser: the page (it says what is missing), else undefined (answer JSON). */
export function notFoundPage(c: Context<AppEnv>): Response | undefined {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return undefined;
  if (API_PATH.test(c.req.path) || !(c.req.header('Accept') ?? '').includes('text/html'))
    return undefined;
  return missingPage(c);
}

/** A title page answers 404 when there is no such title (the shell still renders the "not found" view). */
async function titlePage(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  let exists = true;
  try {
    exists = await c.var.services.verification().repo.contentExists(id);
  } catch {
    // The database is down: the page still loads and says so itself.
  }
  return exists ? page(c) : missingPage(c);
}

export const web = new Hono<AppEnv>()
  .get('/', page)
  .get('/me', page)
  .get('/title/:id{[a-z0-9]+(?:-[a-z0-9]+)*}', titlePage)
  .get('/person/:id{p-[a-z0-9]+(?:-[a-z0-9]+)*}', page)
  .get('/assets/:name', (c) => {
    const file = ASSETS[c.req.param('name')];
    if (!file) return c.notFound();
    return serve(c, file.body, file.type, file.etag, 'public, max-age=31536000, immutable');
  });
