/**
 * The developer pages: `/openapi.json` (OpenAPI 3.1, generated from the routes' zod schemas),
 * `/docs` (Scalar's interactive reference) and GraphiQL, answered by `/graphql` to a browser.
 * Both pages load their bundles from this origin (/vendor/..., wrangler static assets built by
 * scripts/build-vendor.ts) and their one inline start-up script carries a per-response nonce,
 * so their Content-Security-Policy allows no other origin and no other inline script.
 */
import { Scalar } from '@scalar/hono-api-reference';
import { Hono, type Context } from 'hono';
import { openApiDocument } from '../openapi/document';
import type { AppEnv } from '../types';

export const SCALAR_BUNDLE = '/vendor/scalar/standalone.js';
export const GRAPHIQL_DIR = '/vendor/graphiql';

/**
 * As strict as the web page's (src/routes/web.ts), with a nonce for the start-up script.
 * Styles allow 'unsafe-inline': both bundles (Vue, Monaco) inject <style> elements at run time,
 * which cannot carry a nonce; scripts never do.
 */
export function developerCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export const developer = new Hono<AppEnv>()
  .get('/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(openApiDocument());
  })
  .get(
    '/docs',
    Scalar((c) => {
      const nonce = newNonce();
      c.header('Content-Security-Policy', developerCsp(nonce));
      c.header('Cache-Control', 'no-store');
      return {
        url: '/openapi.json',
        pageTitle: 'Marquee API reference',
        cdn: SCALAR_BUNDLE,
        nonce,
        // Nothing from Scalar's hosts (fonts, AI agent, MCP): the CSP allows no other origin.
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        mcp: { disabled: true },
        showDeveloperTools: 'never',
      };
    }),
  );

/** True when a browser asks /graphql for a page (GET, Accept: text/html, no query). */
export function wantsGraphiQL(c: Context): boolean {
  if (c.req.method !== 'GET' || c.req.query('query') !== undefined) return false;
  const accept = c.req.header('Accept') ?? '';
  return /\btext\/html\b/i.test(accept);
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** GraphiQL's page: the bundle and its editor workers from /vendor, one nonce'd start-up script. */
export function graphiqlPage(): Response {
  const nonce = newNonce();
  const n = escapeAttr(nonce);
  const options = JSON.stringify({
    endpoint: '/graphql',
    title: 'Marquee GraphQL',
    defaultQuery: DEFAULT_QUERY,
  }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Marquee GraphQL</title>
    <link rel="stylesheet" href="${GRAPHIQL_DIR}/graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript. The endpoint takes POST /graphql with a JSON body {"query": "..."}.</noscript>
    <div id="root"></div>
    <script nonce="${n}">
      self.MonacoEnvironment = {
        globalAPI: false,
        getWorkerUrl: function (_moduleId, label) {
          return { editorWorkerService: '${GRAPHIQL_DIR}/editor.worker.js', json: '${GRAPHIQL_DIR}/json.worker.js', graphql: '${GRAPHIQL_DIR}/graphql.worker.js' }[label];
        },
      };
    </script>
    <script src="${GRAPHIQL_DIR}/graphiql.js"></script>
    <script nonce="${n}">YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${options});</script>
  </body>
</html>`;
  return new Response(html, {
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': developerCsp(nonce),
      'Cache-Control': 'no-store',
    },
  });
}

const DEFAULT_QUERY = `# Marquee's GraphQL API. Ctrl+Enter runs the query; the Docs panel lists every type.
query Search {
  search(query: "funny 90s movies", limit: 5) {
    query { intent text }
    results { title releaseYear }
  }
}
`;
