import {
  SignJWT,
  UnsecuredJWT,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/lib/errors';
import { createAccessTokens, parseKeySet } from '../../src/services/accounts/access-tokens';
import { createJwtKeySet } from '../../scripts/lib/local-keys';

const cfg = { issuer: 'https://issuer.test', audience: 'marquee-api', accessTtlSec: 900 };
const sub = '6c1f5d0e-3f7e-4d2b-9a51-6f2b2c1d0e9a';
const sid = '0b7c9a4e-1d2f-4e3a-8b5c-7d6e5f4a3b2c';

async function refused(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('UNAUTHORIZED');
  return err as AppError;
}

describe('access tokens', () => {
  it('signs EdDSA JWTs with kid, typ, issuer, audience and jti, and verifies them', async () => {
    const keys = await createAccessTokens({ ...cfg, privateKeys: await createJwtKeySet('k1') });
    const { token, jti, expiresIn } = await keys.sign({ sub, role: 'premium', sid });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' });
    expect(expiresIn).toBe(900);
    const claims = await keys.verify(token);
    expect(claims).toMatchObject({ sub, role: 'premium', sid, jti });
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('publishes only public key material', async () => {
    const keys = await createAccessTokens({ ...cfg, privateKeys: await createJwtKeySet('k1') });
    const [k] = keys.jwks().keys;
    expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: 'k1', alg: 'EdDSA', use: 'sig' });
    expect(k).not.toHaveProperty('d');
  });

  it('rotates: tokens signed by a retired-but-listed key still verify; the first key signs', async () => {
    const oldSet = JSON.parse(await createJwtKeySet('old')).keys;
    const newSet = JSON.parse(await createJwtKeySet('new')).keys;
    const before = await createAccessTokens({
      ...cfg,
      privateKeys: JSON.stringify({ keys: oldSet }),
    });
    const after = await createAccessTokens({
      ...cfg,
      privateKeys: JSON.stringify({ keys: [...newSet, ...oldSet] }),
    });
    const oldToken = (await before.sign({ sub, role: 'user', sid })).token;
    expect((await after.verify(oldToken)).sub).toBe(sub);
    expect(decodeProtectedHeader((await after.sign({ sub, role: 'user', sid })).token).kid).toBe(
      'new',
    );
    expect(after.jwks().keys.map((k) => k.kid)).toEqual(['new', 'old']);
  });

  it('refuses alg none, a foreign key, HS256 with the public key, wrong iss/aud/typ, and expired tokens', async () => {
    const privateKeys = await createJwtKeySet('k1');
    const keys = await createAccessTokens({ ...cfg, privateKeys });
    const jwk = JSON.parse(privateKeys).keys[0];
    const priv = await importJWK(jwk, 'EdDSA');
    const claims = { role: 'user', sid };
    const build = () =>
      new SignJWT(claims)
        .setSubject(sub)
        .setIssuer(cfg.issuer)
        .setAudience(cfg.audience)
        .setJti(crypto.randomUUID())
        .setIssuedAt();

    await refused(
      keys.verify(
        new UnsecuredJWT(claims)
          .setSubject(sub)
          .setIssuer(cfg.issuer)
          .setAudience(cfg.audience)
          .setJti(crypto.randomUUID())
          .setIssuedAt()
          .setExpirationTime('5m')
          .encode(),
      ),
    );
    const foreign = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
    await refused(
      keys.verify(
        await build()
          .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
          .setExpirationTime('5m')
          .sign(foreign),
      ),
    );
    const pubAsSecret = new TextEncoder().encode(
      JSON.stringify(
        await exportJWK(await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA')),
      ),
    );
    await refused(
      keys.verify(
        await build()
          .setProtectedHeader({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' })
          .setExpirationTime('5m')
          .sign(pubAsSecret),
      ),
    );
    await refused(
      keys.verify(
        await build()
          .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
          .setIssuer('https://evil.test')
          .setExpirationTime('5m')
          .sign(priv),
      ),
    );
    await refused(
      keys.verify(
        await build()
          .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
          .setAudience('other-api')
          .setExpirationTime('5m')
          .sign(priv),
      ),
    );
    await refused(
      keys.verify(
        await build()
          .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' })
          .setExpirationTime('5m')
          .sign(priv),
      ),
    );
    const expired = await refused(
      keys.verify(
        await build()
          .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
          .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(priv),
      ),
    );
    expect(expired.message).toMatch(/expired/);
    // A well-signed token whose claims are not ours (role outside the enum).
    await refused(
      keys.verify(
        await new SignJWT({ role: 'root', sid })
          .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
          .setSubject(sub)
          .setIssuer(cfg.issuer)
          .setAudience(cfg.audience)
          .setJti(crypto.randomUUID())
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(priv),
      ),
    );
  });

  it('rejects key sets that are symmetric, lack kids, or start with a public key', async () => {
    expect(() => parseKeySet('{"keys":[{"kty":"oct","k":"c2VjcmV0","kid":"a"}]}')).toThrow(
      /Ed25519/,
    );
    expect(() =>
      parseKeySet('{"keys":[{"kty":"OKP","crv":"Ed25519","x":"abc","d":"def"}]}'),
    ).toThrow(/kid/);
    expect(() =>
      parseKeySet('{"keys":[{"kty":"OKP","crv":"Ed25519","x":"abc","kid":"pub"}]}'),
    ).toThrow(/private/);
    expect(() => parseKeySet('not json')).toThrow(/JSON/);
    await expect(createAccessTokens({ ...cfg, privateKeys: undefined })).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });
});
