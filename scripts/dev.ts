/**
 * `npm run dev`: starts the embedded stack, migrates, seeds an empty database, then runs
 * `wrangler dev --test-scheduled` pointed at it. Ctrl-C stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { distanceFromEnv } from '../dev/local-stack/distance.ts';
import { startLocalStack } from '../dev/local-stack/stack.ts';
import { DEFAULT_DATA_DIR } from './lib/database-target.ts';
import { dbDriverFromEnv, hyperdriveDevConfig } from './lib/hyperdrive-config.ts';
import { loadOrCreateLocalKeys } from './lib/local-keys.ts';
import { embedderOf } from './lib/embedder.ts';
import { connectNodeDb } from './lib/node-db.ts';
import { writeStackEnv } from './lib/stack-env.ts';
import { prepareDatabase, testCatalogSample } from './lib/prepare.ts';
import { sharedBundledRecords } from './catalog/bundled.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const t0 = performance.now();
const env = process.env;
const port = Number(env.PORT ?? 8787);
const say = (msg: string) => console.log(`[marquee] ${msg}`);

/** Real-service variables forwarded to the Worker when they are set in the shell. */
const FORWARDED = [
  'PINECONE_API_KEY',
  'PINECONE_INDEX',
  'PINECONE_NAMESPACE',
  'PINECONE_HOST',
  'OPENAI_API_KEY',
  'OPENAI_CHAT_MODEL',
  'OPENAI_EMBEDDING_MODEL',
  'TMDB_API_KEY',
  'WATCHMODE_API_KEY',
  'LOG_LEVEL',
  'CORS_ORIGINS',
  'ADMIN_EMAILS',
];

// DB_DRIVER=hyperdrive: the Worker reaches the database through a HYPERDRIVE binding (TCP).
const dbDriver = dbDriverFromEnv(env.DB_DRIVER);

const stack = await startLocalStack({
  dataDir: env.PGLITE_DATA_DIR || DEFAULT_DATA_DIR,
  databaseUrl: env.DATABASE_URL || undefined,
  upstash:
    env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
      ? { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }
      : undefined,
  redisUrl: env.REDIS_URL || undefined,
  // With the sample loaded, the feed serves the sample too (its syncs then find nothing new).
  contentFeed:
    env.DEV_CATALOG === 'sample'
      ? { records: () => testCatalogSample(sharedBundledRecords()) }
      : undefined,
  log: say,
  // STACK_RTT_MS (and _DB_/_REDIS_/_EMBED_ overrides): emulated distance to each backend.
  distance: distanceFromEnv(env),
});
say(
  `database: ${stack.describe.database}; redis: ${stack.describe.redis}; ${stack.describe.distance}`,
);

let wrangler: ChildProcess | undefined;
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  if (wrangler && wrangler.exitCode === null) {
    wrangler.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 1500));
    if (wrangler.exitCode === null) wrangler.kill('SIGKILL');
  }
  await stack.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

// wrangler boots (half a minute and more of its own CPU) while the database is prepared: the
// Worker answers from whatever is loaded so far, and the log says "ready" once the catalog is in.
const vars: Record<string, string> = { ...stack.vars, ENVIRONMENT: 'development' };
// JWT signing keys and PII encryption keys: made on first run into the git-ignored .local-keys.json.
Object.assign(vars, await loadOrCreateLocalKeys(root));
// Generous limits so benchmarks from one address are not throttled (login keeps its default).
for (const k of [
  'RATE_LIMIT_ANON_PER_MIN',
  'RATE_LIMIT_USER_PER_MIN',
  'RATE_LIMIT_PREMIUM_PER_MIN',
  'RATE_LIMIT_AUTOCOMPLETE_PER_MIN',
])
  vars[k] = '100000';
// wrangler prints a line for every request; the worker's own JSON access line (LOG_LEVEL=info,
// as deployed) would double it and, crossing wrangler's inspector pipe, adds about 2 ms to each
// request here. Warnings and errors still show; LOG_LEVEL=info npm run dev brings the lines back.
vars.LOG_LEVEL = 'warn';
for (const k of FORWARDED) if (env[k]) vars[k] = env[k]!;
// Values go through a git-ignored env file, not the command line (secrets would show in `ps`).
mkdirSync(`${root}/.wrangler`, { recursive: true });
// The edge cache (miniflare's Cache API) starts empty, as a data centre's does after a deploy.
// Its store keeps every answer it was given, expired or not, across starts: after a few bench
// runs (8,000 answers, 128 MB) each uncached search cost the Worker 7 ms more CPU and 15 ms more
// at p50 than on an empty store. Its entries live 60 s: a restart loses nothing worth keeping.
rmSync(`${root}/.wrangler/state/v3/cache`, { recursive: true, force: true });
const envFile = `${root}/.wrangler/local-stack.env`;
writeStackEnv(envFile, vars);

// DEV_COUNTRY=GB: every request looks as if it came from there (`request.cf.country`, which picks
// the default region); without it wrangler uses its cached cf object (your own country, or US
// offline). One request can say otherwise with the header MF-CF-Blob: {"country":"DE"}.
const devCountry = env.DEV_COUNTRY?.trim().toUpperCase();
let cfEnv: Record<string, string> = {};
if (devCountry) {
  if (!/^[A-Z]{2}$/.test(devCountry)) {
    say(`DEV_COUNTRY must be a two-letter country code such as GB, not "${env.DEV_COUNTRY}"`);
    process.exit(2);
  }
  const cfFile = `${root}/.wrangler/cf-${devCountry}.json`;
  writeFileSync(cfFile, JSON.stringify({ country: devCountry, colo: 'DEV', clientTcpRtt: 1 }));
  cfEnv = { CLOUDFLARE_CF_FETCH_PATH: cfFile };
  say(`requests come from ${devCountry} (DEV_COUNTRY)`);
}

let hyperdrive: { args: string[]; env: Record<string, string> } = { args: [], env: {} };
if (dbDriver === 'hyperdrive') {
  if (!stack.hyperdriveUrl) {
    say('DB_DRIVER=hyperdrive needs a local database (PGlite or a PostgreSQL on this machine)');
    await stop(2);
  }
  hyperdrive = hyperdriveDevConfig(root, stack.hyperdriveUrl!);
  say('database driver: node-postgres through the HYPERDRIVE binding (the local TCP pipe)');
}

wrangler = spawn(
  `${root}/node_modules/.bin/wrangler`,
  [
    'dev',
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--test-scheduled',
    '--env-file',
    envFile,
    '--show-interactive-dev-session=false',
    ...hyperdrive.args,
  ],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      // wrangler's local observability (on unless X_LOCAL_OBSERVABILITY says otherwise) streams
      // every request's and every subrequest's trace events to a collector worker in the same
      // workerd: about 2.5 ms of CPU per uncached search and 1 per /health here, which no
      // deployment pays. Our own logs and /metrics stay; X_LOCAL_OBSERVABILITY=true brings it back.
      X_LOCAL_OBSERVABILITY: 'false',
      ...env,
      ...cfEnv,
      ...hyperdrive.env,
      WRANGLER_SEND_METRICS: 'false',
    },
  },
);
wrangler.on('exit', (code) => {
  if (!stopping) {
    say(`wrangler exited (${code})`);
    void stop(code ?? 1);
  }
});

// A first load ends with VACUUM ANALYZE of its own: the start-up vacuum below is then skipped.
let loadedCatalog = false;
let vectorsPending = false;
try {
  // DEV_CATALOG=sample loads the test suites' sample (the box-office films and every 20th other)
  // instead of all 36,704 titles: the CI smoke run's first start.
  // Keys first: the backfill encrypts personal data written before encryption with PII_KEYS.
  const keys = await loadOrCreateLocalKeys(root);
  const prepared = await prepareDatabase(stack.toolVars, say, {
    catalog: env.DEV_CATALOG === 'sample' ? 'test-sample' : 'full',
    piiKeys: keys.PII_KEYS,
    embedInBackground: true,
    embedder: stack.embedder ? embedderOf(stack.embedder) : undefined,
    elapsed: () => (performance.now() - t0) / 1000,
  });
  loadedCatalog = prepared.loadedCatalog;
  vectorsPending = true;
  prepared.embedding.then(
    () => {
      vectorsPending = false;
      say(
        `semantic search ready: every title embedded, ${((performance.now() - t0) / 1000).toFixed(0)} s after start`,
      );
    },
    (err: unknown) =>
      say(
        `embedding titles failed (search runs on its lexical legs): ${err instanceof Error ? err.message : String(err)}`,
      ),
  );
} catch (err) {
  console.error(
    `[marquee] could not prepare the database: ${err instanceof Error ? err.message : String(err)}`,
  );
  await stop(1);
}

// PGlite has no autovacuum: the dev stack stands in for it (GIN pending lists, planner statistics,
// dead offer rows from polling), through the pipe so it queues behind open transactions. Like
// autovacuum, it only visits tables that changed enough (PostgreSQL's default thresholds): in
// single-threaded PGlite a vacuum holds up every query while it runs.
if (!env.DATABASE_URL) {
  const vacuum = async (all: boolean) => {
    const conn = connectNodeDb(stack.toolVars.DATABASE_URL!, stack.toolVars.PG_WS_PROXY);
    try {
      const due = all
        ? []
        : (
            (
              await conn.db.execute(sql`
            select relname from pg_stat_user_tables
             where n_dead_tup > 50 + 0.2 * n_live_tup
                or n_mod_since_analyze > 50 + 0.1 * n_live_tup
                or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup`)
            ).rows as { relname: string }[]
          ).map((r) => r.relname);
      if (all) await conn.db.execute(sql`vacuum analyze`);
      for (const table of due)
        await conn.db.execute(sql.raw(`vacuum analyze "${table.replace(/"/g, '""')}"`));
    } catch (err) {
      say(`vacuum failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await conn.close().catch(() => {});
    }
  };
  if (!loadedCatalog) await vacuum(true);
  setInterval(() => void vacuum(false), 60_000).unref();
}

const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 600 && !stopping; i++) {
  try {
    const res = await fetch(`${url}/ready`);
    await res.arrayBuffer();
    if (res.ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
say(
  `ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (lexical search on the whole catalog${vectorsPending ? '; vectors still loading, see above' : ''}) → ${url}  (try ${url}/api/v1/content/the-godfather-1972 , ${url}/ready)`,
);
say('Ctrl-C stops everything.');
