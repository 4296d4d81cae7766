/**
 * The local stack's addresses and secrets as a dotenv file for `wrangler dev --env-file`, and
 * read back by the benchmarks. Values go in single quotes, which dotenv takes literally: a JSON
 * value (the JWT key set) in double quotes would keep its backslash escapes and stop being JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeStackEnv(path: string, vars: Record<string, string>): void {
  const lines = Object.entries(vars).map(([k, v]) => {
    if (/['\n\r]/.test(v))
      throw new Error(
        `${k}: a value with a single quote or a line break cannot go in the env file`,
      );
    return `${k}='${v}'`;
  });
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600 });
}

export function readStackEnv(path: string | URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const raw = line.slice(eq + 1);
    out[line.slice(0, eq)] = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  }
  return out;
}
