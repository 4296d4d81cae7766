/**
 * npm run bench:dev-start — a fresh clone's first `npm run dev`, timed as a user meets it.
 *
 * Copies the working tree's files (git ls-files: tracked and untracked-but-not-ignored, so no
 * .data/, .wrangler/, .local-keys.json or generated web files) into a temporary folder, links
 * node_modules (npm ci is not timed), starts `npm run dev` there on a free port and polls it:
 *   - first lexical answer: GET /api/v1/search?q=the godfather answers 200 with a result
 *     (the Worker answers while the catalog loads, from the titles loaded so far);
 *   - catalog loaded: the dev log's "loaded … titles" line, and the first lexical answer after it;
 *   - vectors loaded: the dev log's "… / N titles embedded" line with every title done;
 *   - full semantic search: from then on, a plot description answered with
 *     meta.legs.vector = "used" and no fallback (and where the described film ranks);
 *   - peak RSS: the sum over every process of the run (npm, the dev script, wrangler, workerd),
 *     sampled every second, and the largest single process.
 * Prints the dev log's lines with their times, then the figures. Stops everything it started.
 * Usage: npm run bench:dev-start [-- --catalog sample] [--timeout 1200] [--keep]
 */
import { spawn, execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const catalog = arg('catalog') ?? 'full';
const timeoutS = Number(arg('timeout') ?? 1500);
const keep = process.argv.includes('--keep');
const LEXICAL_QUERY = 'the godfather';
const DESCRIPTION_QUERY = 'a movie where a shark attacks a beach town';
const DESCRIBED = /^jaws/;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

// A fresh clone of the working tree as it is (uncommitted edits included).
const work = mkdtempSync(join(tmpdir(), 'marquee-dev-start-'));
const clone = join(work, 'marquee');
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root })
  .toString('utf8')
  .split('\0')
  .filter(Boolean);
for (const f of files) {
  try {
    mkdirSync(dirname(join(clone, f)), { recursive: true });
    cpSync(join(root, f), join(clone, f));
  } catch {
    // a file deleted in the work tree but not yet in the index
  }
}
symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const load0 = loadavg();

const t0 = performance.now();
const sec = () => (performance.now() - t0) / 1000;
const dev = spawn('npm', ['run', 'dev'], {
  cwd: clone,
  detached: true, // its own process group: the RSS sampler and the stop reach every process
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env,
    PORT: String(port),
    DEV_CATALOG: catalog === 'sample' ? 'sample' : '',
    DATABASE_URL: '',
    REDIS_URL: '',
    UPSTASH_REDIS_REST_URL: '',
    OPENAI_API_KEY: '',
    PINECONE_API_KEY: '',
    PGLITE_DATA_DIR: '',
  },
});

const lines: string[] = [];
const marks: Record<string, number> = {};
const onLine = (line: string) => {
  const at = sec();
  if (/^env\.|^\[wrangler:info\] GET/.test(line)) return; // binding table, request lines
  lines.push(`${at.toFixed(1).padStart(7)} s  ${line}`);
  console.log(lines.at(-1));
  if (/^\[marquee\] loaded \d+ titles/.test(line)) marks.catalog ??= at;
  const e = /([\d,]+) \/ ([\d,]+) titles embedded/.exec(line);
  if (e && e[1] === e[2]) marks.vectors ??= at;
  if (/^\[marquee\] (vectors loaded|embedded \d+ titles)/.test(line)) marks.vectors ??= at;
};
for (const stream of [dev.stdout, dev.stderr]) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.search(/[\r\n]/)) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) onLine(line);
    }
  });
}

// Peak RSS over the process group, from /proc.
let peakTotal = 0;
let peakOne = { rss: 0, cmd: '' };
const sampleRss = () => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== dev.pid) continue; // pgrp
      const rss =
        Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      total += rss;
      if (rss > peakOne.rss)
        peakOne = {
          rss,
          cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 3).join(' '),
        };
    } catch {
      // gone meanwhile
    }
  }
  peakTotal = Math.max(peakTotal, total);
};
const sampler = setInterval(sampleRss, 1000);

const search = async (q: string, timeoutMs: number) => {
  const res = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}&limit=10`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};

let exited = false;
dev.on('exit', () => {
  exited = true;
});
let describedRank: number | null = null;
let lexicalBeforeFull = 0;
while (!exited && sec() < timeoutS && marks.full === undefined) {
  try {
    if (marks.vectors === undefined || marks.lexicalFull === undefined) {
      // The lexical legs: the Worker may answer while the catalog still loads (from the titles
      // loaded so far); "on the whole catalog" is the first answer once the load has finished.
      const r = await search(
        `${LEXICAL_QUERY}${lexicalBeforeFull++ % 2 ? ' part ii' : ''}`,
        60_000,
      );
      if (r.status === 200 && r.body?.results?.length) {
        marks.lexical ??= sec();
        if (marks.catalog !== undefined) marks.lexicalFull ??= sec();
      } else if (marks.lexical !== undefined) onLine(`(bench) lexical query: ${r.status}`);
    } else {
      // One uncached description query at a time: it may wait for whatever holds the database.
      const r = await search(DESCRIPTION_QUERY, 900_000);
      const meta = r.body?.meta;
      if (r.status === 200 && meta?.legs?.vector === 'used' && !meta.fallbacks?.length) {
        marks.full = sec();
        const ids: string[] = (r.body.results ?? []).map((x: { id: string }) => x.id);
        const i = ids.findIndex((id) => DESCRIBED.test(id));
        describedRank = i >= 0 ? i + 1 : null;
      } else
        onLine(
          `(bench) description query: ${r.status} vector=${meta?.legs?.vector} fallbacks=${JSON.stringify(meta?.fallbacks)}`,
        );
    }
  } catch {
    // not listening yet, or a timeout
  }
  await new Promise((r) => setTimeout(r, 1000));
}
sampleRss();
clearInterval(sampler);
const load1 = loadavg();

// Stop the whole group: SIGINT first (the dev script stops wrangler and the stack), then SIGKILL.
try {
  process.kill(-dev.pid!, 'SIGINT');
} catch {}
for (let i = 0; i < 40 && !exited; i++) await new Promise((r) => setTimeout(r, 250));
try {
  process.kill(-dev.pid!, 'SIGKILL');
} catch {}
if (!keep) rmSync(work, { recursive: true, force: true });

const fmt = (k: string) => (marks[k] === undefined ? 'not reached' : `${marks[k]!.toFixed(1)} s`);
console.log(`
bench:dev-start — first \`npm run dev\` of a fresh copy (${catalog === 'sample' ? 'DEV_CATALOG=sample' : 'full catalog'}), port ${port}
load average at start ${load0.map((x) => x.toFixed(2)).join(', ')}; at end ${load1.map((x) => x.toFixed(2)).join(', ')}
  first lexical answer ("${LEXICAL_QUERY}")   ${fmt('lexical')}
  catalog loaded                               ${fmt('catalog')}
  lexical answer on the whole catalog          ${fmt('lexicalFull')}
  vectors loaded                               ${fmt('vectors')}
  full semantic search ("${DESCRIPTION_QUERY}": vector leg used)  ${fmt('full')}${describedRank ? ` (Jaws at rank ${describedRank})` : marks.full ? ' (Jaws not in the top 10)' : ''}
  peak RSS: ${(peakTotal / 2 ** 20).toFixed(0)} MB for the whole run; largest process ${(peakOne.rss / 2 ** 20).toFixed(0)} MB (${peakOne.cmd})${keep ? `\n  kept: ${work}` : ''}`);
process.exit(marks.full === undefined ? 1 : 0);
