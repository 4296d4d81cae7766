/**
 * The web page: `/`, `/title/:id` and `/person/:id` answer the same HTML shell (the client routes by path),
 * `/assets/<name>.<hash>.<ext>` the bundled script and stylesheet. Files are built into the
 * Worker by scripts/build-web.ts. The shell revalidates by ETag (no-cache); hashed assets are
 * immutable. The page gets its own Content-Security-Policy: scripts, styles and requests only
 * from this origin, no inline script or style, no framing.
 */
import { Hono, type Context } from 'hono';
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

function serve(c: Context<AppEnv>, body: string, type: string, etag: string, cacheControl: string): Response {
  c.header('Cache-Control', cacheControl);
  c.header('ETag', etag);
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('Vary', 'Accept-Encoding');
  const match = c.req.header('If-None-Match');
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304);
  c.header('Content-Type', type);
  return c.req.method === 'HEAD' ? c.body(null, 200) : c.body(body, 200);
}

const page = (c: Context<AppEnv>) => serve(c, PAGE_HTML, 'text/html; charset=utf-8', PAGE_ETAG, 'no-cache');

export const web = new Hono<AppEnv>()
  .get('/', page)
  .get('/title/:id{[a-z0-9]+(?:-[a-z0-9]+)*}', page)
  .get('/person/:id{p-[a-z0-9]+(?:-[a-z0-9]+)*}', page)
  .get('/assets/:name', (c) => {
    const file = ASSETS[c.req.param('name')];
    if (!file) return c.notFound();
    return serve(c, file.body, file.type, file.etag, 'public, max-age=31536000, immutable');
  });
