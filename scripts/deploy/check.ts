/**
 * `npm run deploy:check [-- --env production|staging] [--keep <dir>] [--config wrangler.toml]`: what can be known about a
 * deployment before it is made, without an account.
 *
 * - The bundle of the chosen environment (production by default) builds with
 *   `wrangler deploy --dry-run --env <env>`, and its size, raw and gzip, against the Workers limits
 *   (gzip counts: 3 MiB on the Free plan, 10 MiB on Paid).
 * - For every named environment in wrangler.toml: each var and secret the code reads (the zod
 *   schema in src/env.ts) is a var there, a secret wrangler requires (`secrets.required`) and the
 *   README's Deploy section sets, an optional secret the README names, or has a default; no secret
 *   or local-stack setting is a plain var; each binding the code reads (found in src/) is
 *   declared with the right kind, and is on the list /ready checks; Durable Object classes are
 *   exported and migrated; queues follow the naming the consumers rely on; crons are ones the code
 *   knows (the top level's).
 * - The compatibility date is no newer than the installed workerd supports (nor in the future).
 *
 * Prints PASS / WARN / FAIL lines; exits 1 when anything fails. Warnings are placeholders an
 * operator still has to fill in (KV ids, CORS origins), which /ready also refuses at runtime.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { unstable_readConfig, experimental_readRawConfig } from 'wrangler';
import { EnvSchema } from '../../src/env.ts';
import {
  BINDINGS,
  LOCAL_ONLY,
  OPTIONAL_BINDINGS,
  SECRETS,
  productionProblems,
  type BindingKind,
} from '../../src/production-readiness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    env: { type: 'string', default: 'production' },
    keep: { type: 'string' },
    config: { type: 'string', default: 'wrangler.toml' },
  },
});
const configPath = join(root, args.config!);
const MiB = 1024 * 1024;
const LIMITS = { free: 3 * MiB, paid: 10 * MiB };

type Level = 'PASS' | 'WARN' | 'FAIL';
const results: { level: Level; what: string; detail: string }[] = [];
function report(level: Level, what: string, detail = ''): void {
  results.push({ level, what, detail });
  console.log(`${level}  ${what}${detail ? `: ${detail}` : ''}`);
}
const section = (title: string) => console.log(`\n== ${title}`);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

// ---------------------------------------------------------------------------------------------
// What the code reads
// ---------------------------------------------------------------------------------------------
const schemaKeys = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];
/** A key with a zod default works unset; one without is off until set. */
const hasDefault = (k: keyof typeof EnvSchema.shape) =>
  EnvSchema.shape[k].safeParse(undefined).data !== undefined;
const secretNames = new Set<string>([...SECRETS.required, ...SECRETS.optional]);
const localOnly = new Set<string>(LOCAL_ONLY);
const LOOKS_SECRET = /(_KEY|_KEYS|_TOKEN|_SECRET|PASSWORD)$/;

/** Bindings: every `env.NAME` / `Env['NAME']` in src/ whose NAME is not a var of the schema. */
function bindingsReadBySource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'generated') walk(path);
      } else if (/\.ts$/.test(name)) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(
          /\benv\??\.([A-Z][A-Z0-9_]+)\b|\bEnv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g,
        )) {
          const binding = m[1] ?? m[2]!;
          if ((schemaKeys as string[]).includes(binding)) continue;
          const where = relative(root, path);
          found.set(binding, [...new Set([...(found.get(binding) ?? []), where])]);
        }
      }
    }
  };
  walk(join(root, 'src'));
  return found;
}

// ---------------------------------------------------------------------------------------------
// Configuration, per named environment
// ---------------------------------------------------------------------------------------------
const { rawConfig } = experimental_readRawConfig({ config: configPath });
const envNames = Object.keys(rawConfig.env ?? {});
const top = unstable_readConfig({ config: configPath }, { hideWarnings: true });
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const deploySection = /^## Deploy\b[\s\S]*?(?=^## )/m.exec(readme)?.[0] ?? '';
const sourceBindings = bindingsReadBySource();
const indexSource = readFileSync(join(root, 'src/index.ts'), 'utf8');

section('what the code reads');
{
  const listed = new Set(Object.keys(BINDINGS));
  for (const [name, files] of sourceBindings) {
    if (listed.has(name))
      report('PASS', `binding ${name}`, `read in ${files.join(', ')}; checked by /ready`);
    else if (name in OPTIONAL_BINDINGS)
      report('PASS', `binding ${name}`, `read in ${files.join(', ')}; optional (a switch)`);
    else
      report(
        'FAIL',
        `binding ${name}`,
        `read in ${files.join(', ')} but not in BINDINGS (src/production-readiness.ts), so /ready does not check it`,
      );
  }
  for (const name of listed)
    if (!sourceBindings.has(name))
      report('WARN', `binding ${name}`, 'in BINDINGS but no longer read by src/');
  for (const k of schemaKeys) {
    if (secretNames.has(k) || localOnly.has(k) || hasDefault(k) || k in top.vars) continue;
    if (LOOKS_SECRET.test(k))
      report(
        'FAIL',
        `${k}`,
        'read by src/env.ts, looks like a secret, but SECRETS (src/production-readiness.ts) does not list it',
      );
  }
  if (!deploySection) report('FAIL', 'README', 'no "## Deploy" section');
  for (const name of secretNames) {
    if (!deploySection.includes(`wrangler secret put ${name}`))
      report(
        'FAIL',
        `secret ${name}`,
        `the README's Deploy section does not say \`wrangler secret put ${name}\``,
      );
  }
}

type DeclaredKind = BindingKind | (typeof OPTIONAL_BINDINGS)[keyof typeof OPTIONAL_BINDINGS];
const BINDING_KIND_OF = (
  config: ReturnType<typeof unstable_readConfig>,
): Map<string, DeclaredKind> => {
  const m = new Map<string, DeclaredKind>();
  for (const h of config.hyperdrive ?? []) m.set(h.binding, 'hyperdrive');
  for (const kv of config.kv_namespaces) m.set(kv.binding, 'kv_namespace');
  for (const d of config.durable_objects.bindings) m.set(d.name, 'durable_object_namespace');
  for (const p of config.queues.producers ?? []) m.set(p.binding, 'queue');
  return m;
};

const topQueues = ((top.queues.producers ?? []) as { queue: string }[])
  .map((p) => p.queue)
  .filter((q) => !q.endsWith('-dlq'));
/** The parts of wrangler's config types this script reads (some resolve to any outside wrangler's own build). */
type Migration = { tag: string; new_sqlite_classes?: string[]; new_classes?: string[] };
type Consumer = {
  queue: string;
  dead_letter_queue?: string;
  max_batch_size?: number;
  max_batch_timeout?: number;
  max_retries?: number;
};
const topConsumers = (top.queues.consumers ?? []) as Consumer[];
const topCrons = (top.triggers.crons ?? []) as string[];
const queuesToCreate = new Map<string, Set<string>>();

for (const envName of envNames) {
  section(`environment "${envName}"`);
  const cfg = unstable_readConfig({ config: configPath, env: envName }, { hideWarnings: true });
  const declaredSecrets = new Set<string>((cfg.secrets?.required ?? []) as string[]);
  const vars = cfg.vars as Record<string, unknown>;

  // vars and secrets
  const declaredVars: string[] = [];
  const defaults: string[] = [];
  const unset: string[] = [];
  for (const k of schemaKeys) {
    const isVar = k in vars;
    if ((secretNames.has(k) || localOnly.has(k)) && isVar) {
      report(
        'FAIL',
        `${k}`,
        `is a plain var in [env.${envName}.vars]: ${localOnly.has(k) ? 'it belongs to the local stack' : 'secrets go through `wrangler secret put`'}`,
      );
    }
    if (secretNames.has(k) || localOnly.has(k)) continue;
    if (isVar) declaredVars.push(k);
    else if (k in top.vars)
      report(
        'WARN',
        `var ${k}`,
        `set at the top level but not in [env.${envName}.vars] (vars are not inherited): the default applies`,
      );
    else (hasDefault(k) ? defaults : unset).push(k);
  }
  for (const k of SECRETS.required) {
    if (declaredSecrets.has(k))
      report(
        'PASS',
        `secret ${k}`,
        'required: in secrets.required (wrangler deploy refuses without it) and set in the README',
      );
    else report('FAIL', `secret ${k}`, `missing from [env.${envName}.secrets] required`);
  }
  report(
    'PASS',
    'optional secrets',
    `${SECRETS.optional.join(', ')}: not plain vars, set in the README`,
  );
  for (const name of declaredSecrets) {
    if (!secretNames.has(name))
      report('FAIL', `secret ${name}`, 'required by wrangler.toml but not read by src/env.ts');
  }
  report(
    'PASS',
    'vars',
    `${declaredVars.length} declared (${declaredVars.join(', ')}); src/env.ts's defaults for ${defaults.join(', ')}; optional, unset: ${unset.join(', ')}; local stack only, absent: ${LOCAL_ONLY.join(', ')}`,
  );

  // bindings
  const kinds = BINDING_KIND_OF(cfg);
  for (const [name, kind] of Object.entries(BINDINGS)) {
    const got = kinds.get(name);
    if (got === kind) report('PASS', `binding ${name}`, kind.replace(/_/g, ' '));
    else
      report(
        'FAIL',
        `binding ${name}`,
        got ? `declared as ${got}, the code needs a ${kind}` : `not declared in [env.${envName}]`,
      );
  }
  for (const [name, kind] of Object.entries(OPTIONAL_BINDINGS)) {
    const got = kinds.get(name);
    if (!got) report('PASS', `binding ${name}`, 'optional, not declared: the default path');
    else if (got === kind) report('PASS', `binding ${name}`, `${kind}: switched on`);
    else report('FAIL', `binding ${name}`, `declared as ${got}, the code needs a ${kind}`);
  }
  for (const [name] of kinds) {
    if (!(name in BINDINGS) && !(name in OPTIONAL_BINDINGS) && !sourceBindings.has(name))
      report('PASS', `binding ${name}`, 'declared; not read by src/ yet');
  }

  // Durable Objects: exported and migrated
  const migrations = cfg.migrations as Migration[];
  const migrated = new Set(
    migrations.flatMap((m) => [...(m.new_sqlite_classes ?? []), ...(m.new_classes ?? [])]),
  );
  for (const d of cfg.durable_objects.bindings) {
    const exported = new RegExp(`export\\s*\\{[^}]*\\b${d.class_name}\\b`).test(indexSource);
    if (!exported) report('FAIL', `Durable Object ${d.class_name}`, 'not exported by src/index.ts');
    else if (!migrated.has(d.class_name))
      report('FAIL', `Durable Object ${d.class_name}`, 'no migration creates it');
    else
      report(
        'PASS',
        `Durable Object ${d.class_name}`,
        `exported, migrated (${migrations.map((m) => m.tag).join(', ')})`,
      );
  }

  // KV ids
  for (const kv of cfg.kv_namespaces) {
    if (!kv.id || /REPLACE|^0+$/.test(kv.id))
      report(
        'WARN',
        `KV ${kv.binding}`,
        `id "${kv.id}" is a placeholder: \`wrangler kv namespace create ${kv.binding} --env ${envName}\` and put its id in wrangler.toml`,
      );
    else report('PASS', `KV ${kv.binding}`, kv.id);
  }

  // queues
  const create = new Set<string>();
  queuesToCreate.set(envName, create);
  for (const p of cfg.queues.producers ?? []) create.add(p.queue);
  const consumers = (cfg.queues.consumers ?? []) as Consumer[];
  for (const c of consumers) {
    create.add(c.queue);
    if (c.dead_letter_queue) create.add(c.dead_letter_queue);
    if (c.dead_letter_queue && !c.dead_letter_queue.endsWith('-dlq'))
      report(
        'FAIL',
        `queue ${c.queue}`,
        `dead-letter queue "${c.dead_letter_queue}" must end in -dlq (the consumer recognises dead letters by it)`,
      );
    const isDlq = c.queue.endsWith('-dlq');
    const model = topConsumers.find(
      (t) => t.queue.endsWith('-dlq') === isDlq && c.queue.startsWith(t.queue.replace(/-dlq$/, '')),
    );
    if (!model) {
      report(
        'FAIL',
        `queue ${c.queue}`,
        `its name does not start with one the code consumes (${topQueues.join(', ')})`,
      );
      continue;
    }
    const differs = (['max_batch_size', 'max_batch_timeout', 'max_retries'] as const).filter(
      (k) => c[k] !== model[k],
    );
    if (differs.length)
      report(
        'WARN',
        `queue ${c.queue}`,
        `differs from the top level's ${model.queue} in ${differs.map((k) => `${k} (${c[k]} vs ${model[k]})`).join(', ')}`,
      );
  }
  for (const t of topConsumers) {
    const mirrored = consumers.some(
      (c) =>
        c.queue.endsWith('-dlq') === t.queue.endsWith('-dlq') &&
        c.queue.startsWith(t.queue.replace(/-dlq$/, '')),
    );
    if (!mirrored)
      report(
        'FAIL',
        `queue ${t.queue}`,
        `consumed at the top level but no consumer in [env.${envName}]`,
      );
  }
  report('PASS', 'queues', [...create].join(', '));

  // crons
  const crons = (cfg.triggers.crons ?? []) as string[];
  const unknown = crons.filter((c) => !topCrons.includes(c));
  if (unknown.length)
    report(
      'FAIL',
      'crons',
      `${unknown.join(', ')} not in the top level's crons, which the code and tests know`,
    );
  else report('PASS', 'crons', crons.join(', ') || 'none');

  // what /ready will still refuse once the secrets are set: placeholders in vars
  const stand: Record<string, unknown> = { ...vars };
  const standIn: Partial<Record<string, string>> = {
    JWT_PRIVATE_KEYS: '{"keys":[{"kid":"deploy-check"}]}',
    PII_KEYS: JSON.stringify({
      keys: [{ kid: 'deploy-check', k: 'A'.repeat(43) }],
      index: 'A'.repeat(43),
    }),
  };
  for (const s of SECRETS.required)
    stand[s] = standIn[s] ?? (s.endsWith('_URL') ? 'https://db.invalid.neon.tech' : 'set');
  const fn = () => undefined;
  for (const [name, kind] of Object.entries(BINDINGS))
    if (kinds.get(name) === kind)
      stand[name] = { getWithMetadata: fn, idFromName: fn, sendBatch: fn };
  const left = productionProblems(stand).filter((p) => !/^binding /.test(p));
  for (const p of left) report('WARN', '/ready would refuse', p);
  if (cfg.placement?.mode) report('PASS', 'placement', cfg.placement.mode);
}

// ---------------------------------------------------------------------------------------------
// Compatibility date against the installed workerd
// ---------------------------------------------------------------------------------------------
section('compatibility date');
{
  const require = createRequire(import.meta.url);
  const workerd = require('workerd') as { compatibilityDate: string; version: string };
  const date = top.compatibility_date ?? '';
  const today = new Date().toISOString().slice(0, 10);
  for (const envName of envNames) {
    const d = unstable_readConfig(
      { config: configPath, env: envName },
      { hideWarnings: true },
    ).compatibility_date;
    if (d !== date)
      report(
        'FAIL',
        `compatibility_date (${envName})`,
        `${d} differs from the top level's ${date}`,
      );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    report('FAIL', 'compatibility_date', `"${date}" is not a date`);
  else if (date > workerd.compatibilityDate)
    report(
      'FAIL',
      'compatibility_date',
      `${date} is newer than workerd ${workerd.version} supports (${workerd.compatibilityDate})`,
    );
  else if (date > today) report('FAIL', 'compatibility_date', `${date} is in the future`);
  else
    report(
      'PASS',
      'compatibility_date',
      `${date} <= ${workerd.compatibilityDate} (workerd ${workerd.version}), flags ${JSON.stringify(top.compatibility_flags)}`,
    );
}

// ---------------------------------------------------------------------------------------------
// The bundle
// ---------------------------------------------------------------------------------------------
section(`bundle (--env ${args.env})`);
{
  if (!envNames.includes(args.env!))
    report('FAIL', 'bundle', `no [env.${args.env}] in wrangler.toml`);
  const outdir = args.keep ?? mkdtempSync(join(tmpdir(), 'marquee-bundle-'));
  const t = performance.now();
  const run = spawnSync(
    join(root, 'node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--config', configPath, '--env', args.env!, '--outdir', outdir],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  if (run.status !== 0) {
    report(
      'FAIL',
      'wrangler deploy --dry-run',
      `exit ${run.status}\n${(run.stdout + run.stderr).slice(-3000)}`,
    );
  } else {
    const files = readdirSync(outdir).filter((f) => !f.endsWith('.map') && f !== 'README.md');
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const bytes = readFileSync(join(outdir, f));
      raw += bytes.length;
      gz += gzipSync(bytes).length;
    }
    const bundle = readFileSync(join(outdir, 'index.js'), 'utf8');
    report(
      'PASS',
      'wrangler deploy --dry-run',
      `built in ${((performance.now() - t) / 1000).toFixed(1)} s: ${files.join(', ')}`,
    );
    const wranglerSaid = /Total Upload: ([^\n]+)/.exec(run.stdout)?.[1]?.trim();
    const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`;
    const level: Level = gz > LIMITS.paid ? 'FAIL' : gz > LIMITS.free ? 'WARN' : 'PASS';
    report(
      level,
      'size',
      `${kib(raw)} raw, ${kib(gz)} gzip = ${pct(gz, LIMITS.free)} of the Free plan's 3 MiB, ${pct(gz, LIMITS.paid)} of Paid's 10 MiB` +
        (level === 'WARN' ? ' (over Free: deploy on Paid)' : '') +
        (wranglerSaid ? ` (wrangler: ${wranglerSaid})` : ''),
    );
    for (const d of unstable_readConfig(
      { config: configPath, env: args.env },
      { hideWarnings: true },
    ).durable_objects.bindings) {
      if (!new RegExp(`export\\s*\\{[^}]*\\b${d.class_name}\\b`).test(bundle))
        report('FAIL', `bundle exports ${d.class_name}`, 'not found in the built index.js');
    }
  }
  if (!args.keep) rmSync(outdir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
section('to create before the first deploy');
for (const [envName, queues] of queuesToCreate) {
  console.log(`  ${envName}: queues ${[...queues].join(', ')}`);
  console.log(
    `  ${envName}: secrets ${SECRETS.required.join(', ')} (required); ${SECRETS.optional.join(', ')} (optional)`,
  );
}
const failed = results.filter((r) => r.level === 'FAIL').length;
const warned = results.filter((r) => r.level === 'WARN').length;
console.log(
  `\n${failed ? 'FAILED' : 'OK'}: ${results.length - failed - warned} passed, ${warned} warnings, ${failed} failed`,
);
process.exit(failed ? 1 : 0);
