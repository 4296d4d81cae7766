/**
 * Forged and broken access tokens, each aimed at a victim's watchlist: every one is a 401 in
 * the error shape, and the victim's data is untouched afterwards.
 */
import { SignJWT, UnsecuredJWT, base64url, generateKeyPair } from 'jose';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { authConfig, countFor, send, signUp, signWithRealKey, type Account } from './auth-helpers';
import { call, expectErrorShape } from './helpers';

let victim: Account;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  victim = await signUp('victim');
});

function claims(over: Record<string, unknown> = {}) {
  const cfg = authConfig();
  return {
    sub: victim.id,
    role: 'super_admin',
    sid: crypto.randomUUID(),
    jti: crypto.randomUUID(),
    iss: cfg.issuer,
    aud: cfg.audience,
    iat: now(),
    exp: now() + 600,
    ...over,
  };
}

async function expectRefused(token: string, why: RegExp = /not valid|expired|revoked/) {
  const r = await send('POST', `/api/v1/users/${victim.id}/watchlist`, {
    token,
    body: { contentId: 'the-godfather-1972' },
  });
  expect(r.status).toBe(401);
  expectErrorShape(r.body, 'UNAUTHORIZED');
  expect(r.body.error.message).toMatch(why);
  expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(await countFor('watchlist', victim.id)).toBe(0);
}

describe('forged or broken access tokens are refused and leave no trace', () => {
  it('a real token works (control)', async () => {
    const r = await send('GET', `/api/v1/users/${victim.id}`, { token: victim.accessToken });
    expect(r.status).toBe(200);
  });

  it('alg: none', async () => {
    await expectRefused(new UnsecuredJWT(claims()).encode());
  });

  it('signed with a key that is not ours', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const kid = JSON.parse((env as any).JWT_PRIVATE_KEYS).keys[0].kid;
    await expectRefused(
      await new SignJWT(claims())
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
        .sign(privateKey),
    );
  });

  it('HS256 signed with our public key (algorithm confusion)', async () => {
    const jwks = await call('/.well-known/jwks.json');
    const pub = jwks.body.keys[0];
    for (const secret of [JSON.stringify(pub), pub.x, base64url.decode(pub.x)]) {
      const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
      await expectRefused(
        await new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', kid: pub.kid, typ: 'at+jwt' })
          .sign(key),
      );
    }
  });

  it('expired', async () => {
    await expectRefused(
      await signWithRealKey(claims({ iat: now() - 3600, exp: now() - 60 })),
      /expired/,
    );
  });

  it('not yet valid', async () => {
    await expectRefused(await signWithRealKey(claims({ nbf: now() + 3600 })));
  });

  it('wrong issuer or audience', async () => {
    await expectRefused(await signWithRealKey(claims({ iss: 'https://evil.example' })));
    await expectRefused(await signWithRealKey(claims({ aud: 'some-other-api' })));
  });

  it('wrong token type (an ID token or other JWT of ours)', async () => {
    await expectRefused(await signWithRealKey(claims(), { typ: 'JWT' }));
  });

  it('tampered payload (role raised, subject swapped)', async () => {
    const attacker = await signUp('attacker');
    const [h, p, s] = attacker.accessToken.split('.');
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
    const forged = base64url.encode(
      JSON.stringify({ ...payload, role: 'super_admin', sub: victim.id }),
    );
    await expectRefused(`${h}.${forged}.${s}`);
  });

  it('revoked jti (after logout)', async () => {
    const other = await signUp('revoked');
    expect((await send('POST', '/api/v1/auth/logout', { token: other.accessToken })).status).toBe(
      204,
    );
    const r = await send('GET', '/api/v1/me', { token: other.accessToken });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/revoked/);
  });

  it('garbage and malformed Authorization headers', async () => {
    for (const header of [
      'Bearer',
      'Bearer not.a.jwt',
      'Basic dXNlcjpwYXNz',
      `Bearer ${victim.accessToken}x`,
      `Token ${victim.accessToken}`,
    ]) {
      const r = await send('POST', `/api/v1/users/${victim.id}/watchlist`, {
        headers: { authorization: header },
        body: { contentId: 'the-godfather-1972' },
      });
      expect(r.status, header.slice(0, 20)).toBe(401);
      expectErrorShape(r.body, 'UNAUTHORIZED');
    }
    expect(await countFor('watchlist', victim.id)).toBe(0);
  });

  it('a presented but invalid token is refused even on public routes (never silently anonymous)', async () => {
    const r = await send('GET', '/api/v1/content/the-godfather-1972', {
      token: new UnsecuredJWT(claims()).encode(),
    });
    expect(r.status).toBe(401);
  });
});
