/**
 * Field-level encryption of personal data at rest: AES-256-GCM through WebCrypto, a random
 * 96-bit IV per value, and the column's name as additional data (a ciphertext moved to another
 * column does not decrypt). Each stored value names its key id, so keys rotate: the first key of
 * the ring encrypts, every key decrypts, and `npm run db:reencrypt` rewrites older values.
 * Emails also get a blind index (HMAC-SHA256 of the lower-cased address under its own key) for
 * look-up and uniqueness without decrypting.
 *
 * Stored form: `pii1:<kid>:<base64url(iv ‖ ciphertext ‖ tag)>`. A value without the prefix is
 * plaintext written before encryption (until the backfill runs) and is read as is.
 */
import { z } from 'zod';

export const PII_PREFIX = 'pii1:';

const b64url = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a 32-byte key in base64url (43 characters)');

export const PiiKeyringSchema = z.object({
  keys: z.array(z.object({ kid: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), k: b64url })).min(1),
  /** The blind index's HMAC key: never rotated without recomputing every index. */
  index: b64url,
});
export type PiiKeyring = z.infer<typeof PiiKeyringSchema>;

export interface PiiCipher {
  /** The key id new values are written with. */
  readonly kid: string;
  encrypt(plain: string, column: string): Promise<string>;
  encryptNullable(plain: string | null, column: string): Promise<string | null>;
  decrypt(stored: string, column: string): Promise<string>;
  decryptNullable(stored: string | null, column: string): Promise<string | null>;
  /** HMAC-SHA256 (hex) of the lower-cased, trimmed email. */
  blindIndex(email: string): Promise<string>;
  /** Written with the current key (false for plaintext and older keys). */
  isCurrent(stored: string): boolean;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

function fromB64url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toB64url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Parses the PII_KEYS secret; throws with a sentence (never the value) when it is malformed. */
export function parsePiiKeyring(json: string): PiiKeyring {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('PII_KEYS is not valid JSON');
  }
  const parsed = PiiKeyringSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`PII_KEYS is malformed: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** A new keyring (or a new key in front of `current`, for rotation). */
export function newPiiKeyring(kid: string, current?: PiiKeyring): PiiKeyring {
  const random = () => toB64url(crypto.getRandomValues(new Uint8Array(32)));
  return { keys: [{ kid, k: random() }, ...(current?.keys ?? [])], index: current?.index ?? random() };
}

export async function createPiiCipher(ring: PiiKeyring): Promise<PiiCipher> {
  const keys = new Map<string, CryptoKey>();
  for (const { kid, k } of ring.keys) {
    keys.set(kid, await crypto.subtle.importKey('raw', fromB64url(k), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']));
  }
  const hmac = await crypto.subtle.importKey('raw', fromB64url(ring.index), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const kid = ring.keys[0]!.kid;
  const current = keys.get(kid)!;
  const currentPrefix = `${PII_PREFIX}${kid}:`;

  const cipher: PiiCipher = {
    kid,
    async encrypt(plain, column) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(column) }, current, enc.encode(plain)));
      const out = new Uint8Array(12 + ct.length);
      out.set(iv);
      out.set(ct, 12);
      return currentPrefix + toB64url(out);
    },
    async encryptNullable(plain, column) {
      return plain === null ? null : cipher.encrypt(plain, column);
    },
    async decrypt(stored, column) {
      if (!stored.startsWith(PII_PREFIX)) return stored;
      const sep = stored.indexOf(':', PII_PREFIX.length);
      const key = keys.get(stored.slice(PII_PREFIX.length, sep));
      if (sep < 0 || !key) throw new Error(`no key "${stored.slice(PII_PREFIX.length, sep)}" in PII_KEYS to decrypt ${column}`);
      const bytes = fromB64url(stored.slice(sep + 1));
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: enc.encode(column) }, key, bytes.subarray(12));
      return dec.decode(plain);
    },
    async decryptNullable(stored, column) {
      return stored === null ? null : cipher.decrypt(stored, column);
    },
    async blindIndex(email) {
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, enc.encode(email.trim().toLowerCase())));
      let hex = '';
      for (const b of mac) hex += b.toString(16).padStart(2, '0');
      return hex;
    },
    isCurrent: (stored) => stored.startsWith(currentPrefix),
  };
  return cipher;
}
