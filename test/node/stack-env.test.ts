import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStackEnv, writeStackEnv } from '../../scripts/lib/stack-env.ts';

describe('the dev stack env file', () => {
  it('keeps a JSON value literal (dotenv does not unescape \\" in double quotes) and reads back what it wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-env-'));
    try {
      const vars = {
        JWT_PRIVATE_KEYS: JSON.stringify({ keys: [{ kid: 'k1', x: 'a-b_c' }] }),
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
      };
      writeStackEnv(join(dir, 'env'), vars);
      expect(readFileSync(join(dir, 'env'), 'utf8')).toContain(
        `JWT_PRIVATE_KEYS='{"keys":[{"kid":"k1","x":"a-b_c"}]}'`,
      );
      expect(readStackEnv(join(dir, 'env'))).toEqual(vars);
      expect(() => writeStackEnv(join(dir, 'bad'), { X: "it's" })).toThrow(/single quote/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
