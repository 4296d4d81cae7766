/**
 * The dependency rule of /work/shared/ARCHITECTURE.md, checked by `npm run lint`:
 * routes → services → ports ← adapters. Services are pure TypeScript over ports; adapters and
 * db implement the ports and may use the domain's types and pure functions (dependencies point
 * inward); only the composition root (src/container, src/app.ts, src/index.ts) wires adapters.
 */
const ENTRY = '^src/(routes|middleware|graphql|queues|cron|durable-objects)/';
const WIRING = '^src/(container/|app\\.ts$|index\\.ts$)';
const OUTSIDE = '^src/(adapters|db)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'services-are-pure',
      comment:
        'services get their ports as arguments: no adapter, database, Hono, Workers runtime or entry point',
      severity: 'error',
      from: { path: '^src/services/' },
      to: {
        path: [OUTSIDE, ENTRY, WIRING, '^src/web/'],
      },
    },
    {
      name: 'services-use-no-platform-sdk',
      comment: 'vendor SDKs and the Workers runtime live behind ports, in adapters',
      severity: 'error',
      from: { path: '^src/services/' },
      to: {
        path: [
          '^(node_modules/)?(hono|drizzle-orm|@neondatabase|pg|@upstash|@pinecone-database|openai|graphql|graphql-yoga|@hono)(/|$)',
          '^cloudflare:',
        ],
      },
    },
    {
      name: 'services-read-config-types-only',
      comment:
        'services take their slice of Config as an argument; importing its type from env.ts is fine, parsing env is not',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/env\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entry-points-go-through-services',
      comment:
        'routes, middleware, GraphQL, queue consumers, cron and Durable Objects call services; the container picks adapters',
      severity: 'error',
      from: { path: ENTRY },
      to: { path: OUTSIDE },
    },
    {
      name: 'adapters-implement-ports',
      comment: 'adapters and db know nothing of HTTP, entry points or the wiring',
      severity: 'error',
      from: { path: OUTSIDE },
      to: { path: [ENTRY, WIRING, '^src/web/'] },
    },
    {
      name: 'lib-imports-nothing-of-the-app',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'schemas-are-leaves',
      comment: 'zod contracts depend on zod, lib and each other only',
      severity: 'error',
      from: { path: '^src/schemas/' },
      to: { path: '^src/', pathNot: '^src/(schemas|lib)/' },
    },
    {
      name: 'worker-bundle-stays-out-of-dev-and-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(dev|scripts|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^cloudflare:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|dev|scripts|test)/|^node_modules/|^cloudflare:',
    exclude: { path: '^src/web/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'workerd', 'worker'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
