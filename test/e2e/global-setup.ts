/**
 * End-to-end setup: the same embedded stack as test/global-setup.ts (in-memory PGlite, Upstash
 * bridge, simulated platforms, on free ports), the web page built, then `wrangler dev` on a free
 * port against it (as scripts/dev.ts does), and a Chromium to drive. Everything is torn down after.
 * Chromium is Debian's /usr/bin/chromium (or $CHROMIUM_PATH); when missing it is installed with
 * apt-get if this runs as root, else the run fails saying how to install it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../dev/local-stack/stack.ts';
import { createJwtKeySet, createPiiKeys } from '../../scripts/lib/local-keys.ts';
import { prepareDatabase, testCatalogSample } from '../../scripts/lib/prepare.ts';
import { sharedBundledRecords } from '../../scripts/catalog/bundled.ts';
import { writeStackEnv } from '../../scripts/lib/stack-env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
    e2eSimUrl: string;
    chromiumPath: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const say = (msg: string) => console.log(`[e2e] ${msg}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function ensureChromium(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.getuid?.() === 0) {
    say(`${path} is missing: installing Debian's chromium with apt-get…`);
    const apt = (args: string[]) =>
      execFileSync('apt-get', args, {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    try {
      apt(['install', '-y', 'chromium']);
    } catch {
      apt(['update']);
      apt(['install', '-y', 'chromium']);
    }
    if (existsSync(path)) return path;
  }
  throw new Error(
    `The end-to-end tests need Chromium at ${path} (or set CHROMIUM_PATH). Install it with ` +
      '`sudo apt-get install -y chromium` (Debian/Ubuntu), or run the tests as root so the setup installs it.',
  );
}

export default async function setup(project: TestProject) {
  const t0 = performance.now();
  const chromiumPath = ensureChromium();
  // The page is part of the Worker bundle: build it (npm scripts do too; this covers `vitest --project e2e`).
  execFileSync(`${root}/node_modules/.bin/tsx`, ['scripts/build-web.ts'], {
    cwd: root,
    stdio: 'inherit',
  });

  const sample = testCatalogSample(sharedBundledRecords());
  const stack = await startLocalStack({ contentFeed: { records: () => sample } });
  const work = mkdtempSync(join(tmpdir(), 'marquee-e2e-'));
  let wrangler: ChildProcess | undefined;
  const teardown = async () => {
    if (wrangler && wrangler.exitCode === null && wrangler.signalCode === null) {
      const exited = new Promise((r) => wrangler!.once('exit', r));
      wrangler.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (wrangler.exitCode === null && wrangler.signalCode === null) wrangler.kill('SIGKILL');
    }
    await stack.close();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const piiKeys = createPiiKeys('e2e-pii-1');
    await prepareDatabase(stack.vars, undefined, { catalog: 'test-sample', piiKeys });
    const vars: Record<string, string> = {
      ...stack.vars,
      ENVIRONMENT: 'development',
      LOG_LEVEL: 'warn',
      JWT_PRIVATE_KEYS: await createJwtKeySet('e2e-key-1'),
      PII_KEYS: piiKeys,
    };
    for (const k of [
      'RATE_LIMIT_ANON_PER_MIN',
      'RATE_LIMIT_USER_PER_MIN',
      'RATE_LIMIT_PREMIUM_PER_MIN',
      'RATE_LIMIT_AUTOCOMPLETE_PER_MIN',
    ])
      vars[k] = '100000';
    const envFile = join(work, 'e2e.env');
    writeStackEnv(envFile, vars);
    const port = await freePort();
    const inspector = await freePort();
    const logFile = join(work, 'wrangler.log');
    const log = createWriteStream(logFile);
    wrangler = spawn(
      `${root}/node_modules/.bin/wrangler`,
      [
        'dev',
        '--port',
        String(port),
        '--ip',
        '127.0.0.1',
        '--inspector-port',
        String(inspector),
        '--env-file',
        envFile,
        '--persist-to',
        join(work, 'state'),
        '--show-interactive-dev-session=false',
        '--log-level',
        'warn',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        // request.cf is wrangler's placeholder (country US), not this machine's real country
        // fetched from the network: tests that need another country send MF-CF-Blob.
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        },
      },
    );
    wrangler.stdout!.pipe(log);
    wrangler.stderr!.pipe(log);
    const url = `http://127.0.0.1:${port}`;
    let ready = false;
    for (let i = 0; i < 960 && wrangler.exitCode === null; i++) {
      try {
        const res = await fetch(`${url}/ready`);
        await res.arrayBuffer();
        if (res.ok) {
          ready = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!ready)
      throw new Error(
        `wrangler dev did not become ready on ${url}:\n${readFileSync(logFile, 'utf8').slice(-3000)}`,
      );
    project.provide('e2eBaseUrl', url);
    project.provide('e2eSimUrl', stack.vars.PLATFORM_SIM_URL!);
    project.provide('chromiumPath', chromiumPath);
    say(
      `stack + wrangler dev ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${url}`,
    );
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
