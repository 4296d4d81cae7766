import { describe, expect, it } from 'vitest';
import { createPbkdf2Hasher, parsePasswordHash } from '../../src/services/accounts/password';

// Low cost keeps the unit tests fast; the algorithm is the same at 100k.
const hasher = createPbkdf2Hasher({ iterations: 1000 });

describe('PBKDF2 password hashes', () => {
  it('stores algorithm and parameters in a PHC-style string and verifies the right password only', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$pbkdf2-sha256\$i=1000\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(parsePasswordHash(stored)).toMatchObject({ alg: 'pbkdf2-sha256', iterations: 1000 });
    expect(await hasher.verify('correct horse battery staple', stored)).toBe(true);
    expect(await hasher.verify('correct horse battery stapler', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('treats Unicode forms of one password alike (NFKC)', async () => {
    const stored = await hasher.hash('caf\u00e9-passw0rd');
    expect(await hasher.verify('cafe\u0301-passw0rd', stored)).toBe(true);
  });

  it('refuses a missing, erased or foreign hash', async () => {
    expect(await hasher.verify('anything', null)).toBe(false);
    expect(await hasher.verify('anything', '!erased')).toBe(false);
    expect(
      await hasher.verify(
        'anything',
        '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
      ),
    ).toBe(false);
    expect(
      await hasher.verify(
        'x',
        '$pbkdf2-sha256$i=99999999$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA',
      ),
    ).toBe(false);
  });

  it('asks for a rehash when the stored cost is below the current one', async () => {
    const old = await createPbkdf2Hasher({ iterations: 500 }).hash('pw-pw-pw-pw');
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('pw-pw-pw-pw'))).toBe(false);
    expect(hasher.needsRehash('!erased')).toBe(true);
    // Old hashes still verify, so they can be upgraded at the next login.
    expect(await hasher.verify('pw-pw-pw-pw', old)).toBe(true);
  });
});
