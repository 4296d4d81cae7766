/**
 * Short-lived access tokens: JWTs signed with an asymmetric key (EdDSA/Ed25519, or ES256),
 * verified against an algorithm allow-list, issuer, audience and `typ`. Keys come from a JWK
 * set with kids so they can rotate: the first key signs, every key verifies.
 */
import { SignJWT, createLocalJWKSet, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import type { AuthConfig } from '../../env';
import { AppError } from '../../lib/errors';
import { RoleSchema } from '../../schemas/accounts';
import type { AccessClaims, AccessTokens } from './ports';

const TOKEN_TYPE = 'at+jwt';
const CLOCK_TOLERANCE_SEC = 5;
/** Members of a JWK that are secret; none of them may be published. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const ClaimsSchema = z.object({
  sub: z.uuid(),
  role: RoleSchema,
  sid: z.uuid(),
  jti: z.uuid(),
  exp: z.number(),
  iat: z.number(),
});

function algorithmFor(jwk: JWK): 'EdDSA' | 'ES256' {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  throw new AppError(
    'INTERNAL',
    `JWT key ${jwk.kid ?? '?'}: only Ed25519 (EdDSA) and P-256 (ES256) keys are accepted`,
  );
}

/** Parses JWT_PRIVATE_KEYS: `{"keys":[...]}`, a bare array, or a single JWK. */
export function parseKeySet(json: string): JWK[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AppError('INTERNAL', 'JWT_PRIVATE_KEYS is not valid JSON');
  }
  const keys = (Array.isArray(raw) ? raw : ((raw as { keys?: unknown })?.keys ?? [raw])) as JWK[];
  if (!Array.isArray(keys) || keys.length === 0)
    throw new AppError('INTERNAL', 'JWT_PRIVATE_KEYS holds no keys');
  const kids = new Set<string>();
  for (const k of keys) {
    if (!k || typeof k !== 'object' || typeof k.kid !== 'string' || !k.kid)
      throw new AppError('INTERNAL', 'every JWT key needs a "kid"');
    if (kids.has(k.kid)) throw new AppError('INTERNAL', `duplicate JWT key id ${k.kid}`);
    kids.add(k.kid);
    algorithmFor(k);
  }
  if (typeof keys[0]!.d !== 'string')
    throw new AppError('INTERNAL', 'the first JWT key signs, so it must be a private key');
  return keys;
}

export function publicJwk(jwk: JWK): JWK {
  const pub: Record<string, unknown> = { ...jwk, alg: algorithmFor(jwk), use: 'sig' };
  for (const m of PRIVATE_MEMBERS) delete pub[m];
  delete pub.key_ops;
  return pub as JWK;
}

function unauthorized(message: string): AppError {
  return new AppError('UNAUTHORIZED', message, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });
}

export async function createAccessTokens(
  cfg: Pick<AuthConfig, 'privateKeys' | 'issuer' | 'audience' | 'accessTtlSec'>,
): Promise<AccessTokens> {
  if (!cfg.privateKeys) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      'Sign-in is not configured on this deployment (JWT_PRIVATE_KEYS is unset)',
    );
  }
  const keys = parseKeySet(cfg.privateKeys);
  const signer = keys[0]!;
  const signAlg = algorithmFor(signer);
  const signingKey = await importJWK({ ...signer, alg: signAlg }, signAlg);
  const published = keys.map(publicJwk);
  const keyStore = createLocalJWKSet({ keys: published });
  const algorithms = [...new Set(published.map((k) => k.alg as string))];

  return {
    async sign({ sub, role, sid }) {
      const jti = crypto.randomUUID();
      const token = await new SignJWT({ role, sid })
        .setProtectedHeader({ alg: signAlg, kid: signer.kid!, typ: TOKEN_TYPE })
        .setSubject(sub)
        .setIssuer(cfg.issuer)
        .setAudience(cfg.audience)
        .setJti(jti)
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime(`${cfg.accessTtlSec}s`)
        .sign(signingKey);
      return { token, jti, expiresIn: cfg.accessTtlSec };
    },

    async verify(token): Promise<AccessClaims> {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keyStore, {
          issuer: cfg.issuer,
          audience: cfg.audience,
          algorithms,
          typ: TOKEN_TYPE,
          requiredClaims: ['sub', 'jti', 'exp', 'iat'],
          clockTolerance: CLOCK_TOLERANCE_SEC,
        }));
      } catch (err) {
        if (err instanceof errors.JWTExpired)
          throw unauthorized('The access token has expired; refresh it');
        if (err instanceof errors.JOSEError) throw unauthorized('The access token is not valid');
        throw err;
      }
      const claims = ClaimsSchema.safeParse(payload);
      if (!claims.success) throw unauthorized('The access token is not valid');
      return claims.data;
    },

    jwks: () => ({ keys: published as Record<string, unknown>[] }),
  };
}
