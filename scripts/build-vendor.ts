/**
 * `npm run build:web` (after the page): copies the self-hosted browser bundles of the developer
 * pages into build/static/vendor (git-ignored), which wrangler serves as static assets
 * (wrangler.toml [assets]), outside the Worker's script size:
 * - /vendor/scalar/standalone.js: the API reference at /docs (@scalar/api-reference's UMD build);
 * - /vendor/graphiql/*: GraphiQL at /graphql (@graphql-yoga/render-graphiql's bundle, split into
 *   files so the page needs no inline script but its nonce'd start-up call, and its editor
 *   workers load from this origin instead of blob: URLs).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}/build/static/vendor`;
const require = createRequire(import.meta.url);
const version = (pkg: string) =>
  (
    JSON.parse(readFileSync(`${root}/node_modules/${pkg}/package.json`, 'utf8')) as {
      version: string;
    }
  ).version;

mkdirSync(out, { recursive: true });
// The stamps below say which package version a folder holds; wrangler need not upload them.
writeFileSync(`${root}/build/static/.assetsignore`, '**/.version-*\n');

const scalarDir = `${out}/scalar`;
const stamp = (dir: string, pkg: string) => `${dir}/.version-${version(pkg)}`;
if (!existsSync(stamp(scalarDir, '@scalar/api-reference'))) {
  mkdirSync(scalarDir, { recursive: true });
  copyFileSync(
    `${root}/node_modules/@scalar/api-reference/dist/browser/standalone.js`,
    `${scalarDir}/standalone.js`,
  );
  writeFileSync(stamp(scalarDir, '@scalar/api-reference'), '');
}

const graphiqlDir = `${out}/graphiql`;
if (!existsSync(stamp(graphiqlDir, '@graphql-yoga/render-graphiql'))) {
  mkdirSync(graphiqlDir, { recursive: true });
  const entry = require.resolve('@graphql-yoga/render-graphiql');
  const g = (await import(`${dirname(entry)}/graphiql.js`)) as Record<
    'css' | 'js' | 'editorWorkerService' | 'jsonWorker' | 'graphqlWorker',
    string
  >;
  writeFileSync(`${graphiqlDir}/graphiql.css`, g.css);
  writeFileSync(`${graphiqlDir}/editor.worker.js`, g.editorWorkerService);
  writeFileSync(`${graphiqlDir}/json.worker.js`, g.jsonWorker);
  writeFileSync(`${graphiqlDir}/graphql.worker.js`, g.graphqlWorker);
  writeFileSync(`${graphiqlDir}/graphiql.js`, g.js);
  writeFileSync(stamp(graphiqlDir, '@graphql-yoga/render-graphiql'), '');
}
