/**
 * `npm run deploy:pii-keys`: prints a new PII_KEYS keyring (one AES-256-GCM key, kid
 * `marquee-<date>-<random>`, and the blind index's HMAC key) as JSON on stdout:
 *
 *   npm run -s deploy:pii-keys | npx wrangler secret put PII_KEYS --env production
 *
 * `--rotate <file>` reads the current keyring and prints a new key first (it encrypts from the
 * next deploy) followed by the old ones (still decrypting); the blind-index key is kept, so
 * look-ups keep working. Then `npm run db:reencrypt` rewrites older values with the new key,
 * after which the old keys can be dropped.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { newPiiKeyring, parsePiiKeyring } from '../../src/lib/pii-cipher.ts';

const { values: args } = parseArgs({ options: { rotate: { type: 'string' } } });
const kid = `marquee-${new Date().toISOString().slice(0, 10)}-${Math.random().toString(36).slice(2, 8)}`;
const ring = newPiiKeyring(kid, args.rotate ? parsePiiKeyring(readFileSync(args.rotate, 'utf8')) : undefined);
process.stdout.write(`${JSON.stringify(ring)}\n`);
console.error(`PII_KEYS: ${ring.keys.length} key(s), encrypting with ${kid}`);
