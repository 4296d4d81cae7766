/**
 * Signing keys for local runs. `npm run dev` keeps them in the git-ignored `.local-keys.json`
 * (made on first run, so tokens survive restarts); tests make fresh ones in memory.
 * Production keys are a secret: `wrangler secret put JWT_PRIVATE_KEYS` with the same JSON shape.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair } from 'jose';

/** A JWK set with one private Ed25519 key, as JSON (the JWT_PRIVATE_KEYS format). */
export async function createJwtKeySet(kid = `local-${new Date().toISOString().slice(0, 10)}-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return JSON.stringify({ keys: [{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }] });
}

/** Reads `.local-keys.json` under `root`, creating it (mode 600) on first use. */
export async function loadOrCreateLocalKeys(root: string): Promise<{ JWT_PRIVATE_KEYS: string }> {
  const file = `${root}/.local-keys.json`;
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { JWT_PRIVATE_KEYS?: string };
    if (saved.JWT_PRIVATE_KEYS) return { JWT_PRIVATE_KEYS: saved.JWT_PRIVATE_KEYS };
  }
  const keys = { JWT_PRIVATE_KEYS: await createJwtKeySet() };
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  return keys;
}
