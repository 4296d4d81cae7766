import { exportJWK, generateKeyPair } from 'jose';
import { newPiiKeyring } from '../../src/lib/pii-cipher';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/env';
import { BINDINGS, productionProblems, SECRETS } from '../../src/production-readiness';
import { checkReadiness, configurationProbe } from '../../src/services/health';

async function keySet(kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' }] });
}

const fn = () => undefined;
/** Stand-ins with the methods each kind of binding has in workerd. */
const bindings = {
  QUERY_CACHE: { get: fn, put: fn, getWithMetadata: fn, list: fn, delete: fn },
  PLATFORM_GATE: { idFromName: fn, get: fn },
  LIVE_UPDATES: { idFromName: fn, get: fn },
  AVAILABILITY_QUEUE: { send: fn, sendBatch: fn },
  CATALOG_QUEUE: { send: fn, sendBatch: fn },
};

let prodKeys: string;
let devKeys: string;
beforeAll(async () => {
  prodKeys = await keySet('marquee-2026-11-29-a1b2c3');
  devKeys = await keySet('local-2026-11-29-x9y8z7');
});

/** A deployment configured as the README's Deploy section says. */
const deployed = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  ENVIRONMENT: 'production',
  CORS_ORIGINS: 'https://marquee.tv,https://www.marquee.tv',
  DATABASE_URL: 'postgresql://app:pw@ep-cool-river-123456.us-east-2.aws.neon.tech/marquee?sslmode=require',
  UPSTASH_REDIS_REST_URL: 'https://eu1-fine-cat-12345.upstash.io',
  UPSTASH_REDIS_REST_TOKEN: 'AX1234token',
  JWT_PRIVATE_KEYS: prodKeys,
  PII_KEYS: JSON.stringify(newPiiKeyring('marquee-2026-11-30-pii001')),
  ...bindings,
  ...over,
});

afterEach(() => vi.restoreAllMocks());

describe('production readiness', () => {
  it('finds nothing wrong with a deployment that has its secrets, bindings and real origins', () => {
    expect(productionProblems(deployed())).toEqual([]);
  });

  it('names each missing required secret, with the command that sets it', () => {
    for (const name of SECRETS.required) {
      const problems = productionProblems(deployed({ [name]: undefined }));
      expect(problems).toEqual([`secret ${name} is not set (wrangler secret put ${name})`]);
    }
    // an empty value counts as missing
    expect(productionProblems(deployed({ DATABASE_URL: '  ' }))).toHaveLength(1);
  });

  it('names each missing binding', () => {
    for (const name of Object.keys(BINDINGS)) {
      const problems = productionProblems(deployed({ [name]: undefined }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^binding ${name} .* is missing`));
    }
    // a var where a binding belongs is not a binding
    expect(productionProblems(deployed({ QUERY_CACHE: 'some-id' }))[0]).toMatch(/binding QUERY_CACHE/);
  });

  it('refuses open CORS, in any position of the list, and a missing CORS_ORIGINS (which means open)', () => {
    expect(productionProblems(deployed({ CORS_ORIGINS: '*' }))).toEqual([expect.stringMatching(/^CORS_ORIGINS is "\*"/)]);
    expect(productionProblems(deployed({ CORS_ORIGINS: 'https://marquee.tv, *' }))).toHaveLength(1);
    expect(productionProblems(deployed({ CORS_ORIGINS: undefined }))).toEqual([expect.stringMatching(/^CORS_ORIGINS is "\*"/)]);
  });

  it("flags wrangler.toml's placeholder origin until it is changed, and local origins", () => {
    expect(productionProblems(deployed({ CORS_ORIGINS: 'https://marquee.example.com' }))).toEqual([
      expect.stringContaining('placeholder or local origin (https://marquee.example.com)'),
    ]);
    expect(productionProblems(deployed({ CORS_ORIGINS: 'https://staging.marquee.example.com' }))).toHaveLength(1);
    expect(productionProblems(deployed({ CORS_ORIGINS: 'https://marquee.tv,http://localhost:5173' }))[0]).toContain('http://localhost:5173');
  });

  it('refuses the development signing keys (npm run dev, tests) and names their kids', () => {
    const problems = productionProblems(deployed({ JWT_PRIVATE_KEYS: devKeys }));
    expect(problems).toEqual([expect.stringContaining('JWT_PRIVATE_KEYS holds development keys (kid local-2026-11-29-x9y8z7)')]);
    expect(productionProblems(deployed({ JWT_PRIVATE_KEYS: 'not json' }))).toEqual(['JWT_PRIVATE_KEYS is not a JSON JWK set']);
  });

  it('refuses the local stack: its pipe, its simulated platforms, a loopback database or Redis bridge', () => {
    expect(productionProblems(deployed({ PG_WS_PROXY: '127.0.0.1:5488/v1' }))).toEqual([expect.stringMatching(/^PG_WS_PROXY is set/)]);
    expect(productionProblems(deployed({ PLATFORM_SIM_URL: 'http://127.0.0.1:7001' }))).toEqual([expect.stringMatching(/^PLATFORM_SIM_URL is set/)]);
    expect(productionProblems(deployed({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/marquee' }))).toEqual([
      'DATABASE_URL points at this machine (a development database)',
    ]);
    expect(productionProblems(deployed({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079' }))).toHaveLength(1);
    expect(productionProblems(deployed({ CONTENT_FEED_URL: 'http://127.0.0.1:8791' }))).toEqual([expect.stringMatching(/^CONTENT_FEED_URL points at this machine/)]);
    expect(productionProblems(deployed({ CONTENT_FEED_URL: 'https://feed.marquee.tv' }))).toEqual([]);
  });

  it('says when Pinecone is half configured', () => {
    expect(productionProblems(deployed({ PINECONE_API_KEY: 'pc-key' }))).toEqual([expect.stringContaining('without PINECONE_INDEX')]);
    expect(productionProblems(deployed({ PINECONE_API_KEY: 'pc-key', PINECONE_INDEX: 'marquee' }))).toEqual([]);
  });

  it('lists every problem at once, never a secret value', () => {
    const problems = productionProblems({ ENVIRONMENT: 'production', CORS_ORIGINS: '*', JWT_PRIVATE_KEYS: devKeys, UPSTASH_REDIS_REST_TOKEN: 'AXsecret' });
    // three secrets, every binding, open CORS, development keys
    expect(problems.length).toBe(3 + Object.keys(BINDINGS).length + 2);
    expect(problems.join(' ')).not.toContain('AXsecret');
  });
});

describe('PII_KEYS in a deployment', () => {
  it('refuses development kids and a malformed keyring, never printing a key', () => {
    const dev = JSON.stringify(newPiiKeyring('local-2026-11-30-abc123'));
    expect(productionProblems(deployed({ PII_KEYS: dev }))).toEqual([expect.stringContaining('PII_KEYS holds development keys (kid local-2026-11-30-abc123)')]);
    const bad = productionProblems(deployed({ PII_KEYS: '{"keys":[{"kid":"k","k":"short"}],"index":"x"}' }));
    expect(bad).toEqual([expect.stringContaining('PII_KEYS is malformed')]);
    expect(bad.join(' ')).not.toContain('short');
  });
});

describe('parseConfig and /ready', () => {
  it('leaves development and test as they were: no check, no log line', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(parseConfig({}).productionProblems).toEqual([]);
    expect(parseConfig({ ENVIRONMENT: 'test', CORS_ORIGINS: '*' }).productionProblems).toEqual([]);
    expect(parseConfig({ ENVIRONMENT: 'development', JWT_PRIVATE_KEYS: devKeys }).productionProblems).toEqual([]);
    expect(log).not.toHaveBeenCalled();
  });

  it('checks staging and production, writing one error line naming the problems', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const config = parseConfig(deployed({ ENVIRONMENT: 'staging', CORS_ORIGINS: '*', UPSTASH_REDIS_REST_TOKEN: undefined }));
    expect(config.environment).toBe('staging');
    expect(config.productionProblems).toHaveLength(2);
    expect(log).toHaveBeenCalledTimes(1);
    const line = JSON.parse(log.mock.calls[0]![0] as string);
    expect(line).toMatchObject({ level: 'error', environment: 'staging', problems: config.productionProblems });
    expect(parseConfig(deployed()).productionProblems).toEqual([]);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('makes readiness down (503) with a configuration check that names what is missing', async () => {
    const problems = productionProblems(deployed({ DATABASE_URL: undefined, CORS_ORIGINS: '*' }));
    const ok = { name: 'database', required: true, check: async () => ({ status: 'ok' as const, backend: 'neon' }) };
    const r = await checkReadiness([configurationProbe(problems), ok]);
    expect(r.ready).toBe(false);
    expect(r.status).toBe('down');
    expect(r.checks.configuration).toMatchObject({ status: 'down' });
    expect(r.checks.configuration!.message).toContain('secret DATABASE_URL is not set');
    expect(r.checks.configuration!.message).toContain('CORS_ORIGINS is "*"');
    const fine = await checkReadiness([configurationProbe([]), ok]);
    expect(fine).toMatchObject({ ready: true, status: 'ok' });
  });
});
