/**
 * `npm run deploy:keys`: prints a new JWT signing key set (one private Ed25519 JWK, kid
 * `marquee-<date>-<random>`) as JSON on stdout, for a deployment's JWT_PRIVATE_KEYS:
 *
 *   npm run -s deploy:keys | npx wrangler secret put JWT_PRIVATE_KEYS --env production
 *
 * `--rotate <file>` reads the current set from a file and prints the new key first (it signs
 * from the next deploy) followed by the old ones (still verifying tokens they signed).
 * The development keys (`local-…`, made by `npm run dev`) are refused by a deployment's /ready.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createJwtKeySet } from '../lib/local-keys.ts';

const { values: args } = parseArgs({ options: { rotate: { type: 'string' } } });
const kid = `marquee-${new Date().toISOString().slice(0, 10)}-${Math.random().toString(36).slice(2, 8)}`;
const fresh = JSON.parse(await createJwtKeySet(kid)) as { keys: object[] };
if (args.rotate) {
  const current = JSON.parse(readFileSync(args.rotate, 'utf8')) as { keys?: object[] } | object[];
  const old = Array.isArray(current) ? current : (current.keys ?? [current]);
  fresh.keys.push(...old);
}
process.stdout.write(`${JSON.stringify(fresh)}\n`);
console.error(`JWT_PRIVATE_KEYS: ${fresh.keys.length} key(s), signing with ${kid}`);
