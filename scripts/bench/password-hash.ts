/**
 * npm run bench:password — what one password hash costs inside workerd (the runtime the API
 * runs on), for the configured PBKDF2-SHA256 cost and a few others for comparison.
 * Starts `wrangler dev` on a tiny Worker that imports the app's hasher; prints ms per call.
 * The figure is wall time on an idle isolate, i.e. CPU time: PBKDF2 runs synchronously in
 * BoringSSL. Workers Free allows 10 ms CPU per request, Paid 30 s by default.
 * Usage: npm run bench:password [-- --samples 20]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const i = process.argv.indexOf('--samples');
const samples = i >= 0 ? Number(process.argv[i + 1]) : 20;
const port = 8790 + Math.floor(Math.random() * 100);
const dir = mkdtempSync(join(tmpdir(), 'marquee-pwbench-'));
writeFileSync(
  join(dir, 'wrangler.toml'),
  `name = "password-bench"\nmain = "${join(root, 'scripts/bench/password-hash.worker.ts')}"\ncompatibility_date = "2026-10-23"\ncompatibility_flags = ["nodejs_compat"]\n`,
);
const wrangler = spawn(
  `${root}/node_modules/.bin/wrangler`,
  [
    'dev',
    '--config',
    join(dir, 'wrangler.toml'),
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--show-interactive-dev-session=false',
  ],
  {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  },
);
const stop = () => {
  if (wrangler.exitCode === null) wrangler.kill('SIGINT');
  rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

try {
  const base = `http://127.0.0.1:${port}`;
  for (let t = 0; ; t++) {
    try {
      await (await fetch(`${base}/?iterations=10000&n=1`)).arrayBuffer();
      break;
    } catch {
      if (t > 240) throw new Error('wrangler dev did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  console.log(
    `PBKDF2-HMAC-SHA256 inside workerd (wrangler dev), ${samples} samples each; Workers Free CPU budget: 10 ms/request`,
  );
  for (const iterations of [100_000, 210_000, 600_000]) {
    const r = (await (
      await fetch(`${base}/?iterations=${iterations}&n=${samples}`)
    ).json()) as Record<string, number | string>;
    if (r.error) {
      console.log(`  i=${String(iterations).padEnd(7)} refused by this runtime: ${r.error}`);
      continue;
    }
    const f = (v: unknown) => `${Number(v).toFixed(1).padStart(6)} ms`;
    const note =
      iterations === 100_000
        ? '  <- configured (Cloudflare caps PBKDF2 at 100,000)'
        : '  (not allowed on Cloudflare: workerd #1346)';
    console.log(
      `  i=${String(iterations).padEnd(7)} hash ${f(r.hashMs)}  verify ${f(r.verifyMs)}  unknown-user verify ${f(r.unknownUserVerifyMs)}${note}`,
    );
  }
} finally {
  stop();
}
