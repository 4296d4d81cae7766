/**
 * Password hashing with PBKDF2-HMAC-SHA256 through WebCrypto (native code in workerd).
 * Stored as a PHC-style string, `$pbkdf2-sha256$i=100000$<salt>$<hash>` (unpadded base64),
 * so the cost can be raised later and old hashes upgraded at the next login.
 * Not Argon2id/scrypt: workerd refuses to compile WASM from bytes (hash-wasm fails), a WASM
 * module build of Argon2id (19 MiB, t=2) measured ~40-70 ms per hash against ~12 ms here, and
 * scrypt N=2^17 r=8 needs 128 MiB, the whole isolate. `npm run bench:password` prints the cost.
 */
import type { PasswordHasher } from './ports';

const ALG = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Refuse to run more work than this for a stored hash (a corrupt row must not hang a login). */
const MAX_ITERATIONS = 2_000_000;
const PHC = /^\$([a-z0-9-]+)\$i=(\d{1,7})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
const unb64 = (s: string) =>
  Uint8Array.from(atob(s + '='.repeat((4 - (s.length % 4)) % 4)), (ch) => ch.charCodeAt(0));

interface Parsed {
  alg: string;
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  hash: Uint8Array<ArrayBuffer>;
}

export function parsePasswordHash(stored: string): Parsed | null {
  const m = PHC.exec(stored);
  if (!m) return null;
  try {
    return { alg: m[1]!, iterations: Number(m[2]), salt: unb64(m[3]!), hash: unb64(m[4]!) };
  } catch {
    return null;
  }
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  bytes: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password.normalize('NFKC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/** Compares without an early exit, so the time does not tell how many bytes matched. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i % b.length] ?? 0);
  return diff === 0;
}

export function createPbkdf2Hasher(opts: { iterations: number }): PasswordHasher {
  const { iterations } = opts;
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const hash = await derive(password, salt, iterations, HASH_BYTES);
      return `$${ALG}$i=${iterations}$${b64(salt)}$${b64(hash)}`;
    },

    async verify(password, stored) {
      const parsed = stored ? parsePasswordHash(stored) : null;
      const usable =
        parsed &&
        parsed.alg === ALG &&
        parsed.iterations >= 1 &&
        parsed.iterations <= MAX_ITERATIONS &&
        parsed.hash.length > 0;
      if (!usable) {
        // No account, an erased one, or an unknown format: spend the same work, then refuse.
        await derive(
          password,
          crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
          iterations,
          HASH_BYTES,
        );
        return false;
      }
      const candidate = await derive(password, parsed.salt, parsed.iterations, parsed.hash.length);
      return equalBytes(candidate, parsed.hash);
    },

    needsRehash(stored) {
      const parsed = parsePasswordHash(stored);
      return (
        !parsed ||
        parsed.alg !== ALG ||
        parsed.iterations < iterations ||
        parsed.hash.length < HASH_BYTES
      );
    },
  };
}
