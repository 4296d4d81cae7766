/**
 * npm run bench:pii — what encrypting personal data at rest costs per request. Times the
 * cipher's operations (AES-256-GCM encrypt/decrypt of a typical value, the HMAC blind index)
 * through WebCrypto, then prices each route by the operations it performs:
 *   register: 2 encrypts (email, display name) + 1 blind index
 *   login:    1 blind index + 2 decrypts
 *   GET /me, PATCH /me: 2 decrypts (+1 encrypt)
 *   export:   2 decrypts + 1 per stored search
 *   webhook:  1 decrypt (the platform's secret)
 *   search:   none while answering; 2 encrypts per search when the log is drained (cron,
 *             background, before an export), off the response path
 * Usage: npm run bench:pii [-- --n 20000]
 */
import { createPiiCipher, newPiiKeyring } from '../../src/lib/pii-cipher.ts';

const i = process.argv.indexOf('--n');
const n = i >= 0 ? Number(process.argv[i + 1]) : 20_000;
const pii = await createPiiCipher(newPiiKeyring('bench'));
const email = 'someone.with.a.long-ish.name@example.com';
const stored = await pii.encrypt(email, 'users.email');

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let k = 0; k < 1000; k++) await fn();
  const samples: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = performance.now();
    await fn();
    samples.push((performance.now() - t) * 1000);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(n * 0.5)]!;
  const p95 = samples[Math.floor(n * 0.95)]!;
  console.log(`  ${label.padEnd(30)} p50 ${p50.toFixed(1).padStart(6)} µs   p95 ${p95.toFixed(1).padStart(6)} µs`);
  return p50;
}

console.log(`PII cipher in ${typeof navigator !== 'undefined' ? navigator.userAgent : 'Node'} (WebCrypto), ${n} samples each`);
const e = await time('encrypt (email)', () => pii.encrypt(email, 'users.email'));
const d = await time('decrypt (email)', () => pii.decrypt(stored, 'users.email'));
const h = await time('blind index (HMAC-SHA256)', () => pii.blindIndex(email));
const plain = await time('decrypt of plaintext (legacy)', () => pii.decrypt(email, 'users.email'));
void plain;
console.log('per request (sum of p50s):');
const routes: [string, number][] = [
  ['register', 2 * e + h],
  ['login', h + 2 * d],
  ['GET /me', 2 * d],
  ['PATCH /me', 2 * d + e],
  ['export (10 searches)', 12 * d],
  ['webhook', d],
  ['search (response path)', 0],
  ['search (at drain, off path)', 2 * e],
];
for (const [route, us] of routes) console.log(`  ${route.padEnd(30)} ${us.toFixed(1).padStart(6)} µs`);
