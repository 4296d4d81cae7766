/**
 * Signing keys for local runs. `npm run dev` keeps them in the git-ignored `.local-keys.json`
 * (made on first run, so tokens survive restarts); tests make fresh ones in memory.
 * Production keys are a secret: `wrangler secret put JWT_PRIVATE_KEYS` with the same JSON shape.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair } from 'jose';
import { newPiiKeyring } from '../../src/lib/pii-cipher';

/** A JWK set with one private Ed25519 key, as JSON (the JWT_PRIVATE_KEYS format). */
export async function createJwtKeySet(kid = `local-${new Date().toISOString().slice(0, 10)}-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return JSON.stringify({ keys: [{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }] });
}

/** A PII_KEYS keyring (lib/pii-cipher.ts) with a development kid, as JSON. */
export function createPiiKeys(kid = `local-${new Date().toISOString().slice(0, 10)}-${Math.random().toString(36).slice(2, 8)}`): string {
  return JSON.stringify(newPiiKeyring(kid));
}

export interface LocalKeys {
  JWT_PRIVATE_KEYS: string;
  PII_KEYS: string;
}

/**
 * Reads `.local-keys.json` under `root`, creating it (mode 600) on first use; a file from before
 * PII encryption gains its PII_KEYS (and keeps its JWT keys).
 */
export async function loadOrCreateLocalKeys(root: string): Promise<LocalKeys> {
  const file = `${root}/.local-keys.json`;
  const saved: Partial<LocalKeys> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalKeys>) : {};
  if (saved.JWT_PRIVATE_KEYS && saved.PII_KEYS) return { JWT_PRIVATE_KEYS: saved.JWT_PRIVATE_KEYS, PII_KEYS: saved.PII_KEYS };
  const keys: LocalKeys = { JWT_PRIVATE_KEYS: saved.JWT_PRIVATE_KEYS ?? (await createJwtKeySet()), PII_KEYS: saved.PII_KEYS ?? createPiiKeys() };
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
