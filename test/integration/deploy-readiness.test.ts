import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app';

afterEach(() => vi.restoreAllMocks());

/** The test stack's bindings and secrets, as a deployment would see them, but for ENVIRONMENT. */
const as = (environment: string, over: Record<string, unknown> = {}) => ({ ...env, ENVIRONMENT: environment, ...over }) as Env;

describe('a deployment that is not configured for production', () => {
  it('answers /ready 503, naming every development default, and logs one line per isolate', async () => {
    const log = vi.spyOn(console, 'log');
    const app = createApp();
    // The test stack is a development setup through and through: open CORS, test keys, local pipe.
    const production = as('production', { CORS_ORIGINS: '*' });
    const res = await app.request('/ready', {}, production);
    expect(res.status).toBe(503);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ ready: false, status: 'down' });
    expect(Object.keys(body.checks)[0]).toBe('configuration');
    const message: string = body.checks.configuration.message;
    expect(message).toContain('CORS_ORIGINS is "*"');
    expect(message).toContain('JWT_PRIVATE_KEYS holds development keys (kid test-key-1)');
    expect(message).toContain('PII_KEYS holds development keys (kid test-pii-1)');
    expect(message).toContain('PG_WS_PROXY is set');
    expect(message).toContain('PLATFORM_SIM_URL is set');
    expect(message).toContain('DATABASE_URL points at this machine');
    // the dependencies are still probed and reported
    expect(body.checks.database).toMatchObject({ status: 'ok' });
    expect(body.checks.redis).toMatchObject({ status: 'ok' });

    await app.request('/ready', {}, production);
    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('not configured for production'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', environment: 'production' });
  });

  it('names a missing binding and a missing secret (staging is checked too)', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const res = await createApp().request('/ready', {}, as('staging', { QUERY_CACHE: undefined, UPSTASH_REDIS_REST_TOKEN: undefined }));
    expect(res.status).toBe(503);
    const message: string = ((await res.json()) as any).checks.configuration.message;
    expect(message).toContain('binding QUERY_CACHE (kv namespace) is missing');
    expect(message).toContain('secret UPSTASH_REDIS_REST_TOKEN is not set (wrangler secret put UPSTASH_REDIS_REST_TOKEN)');
  });

  it('leaves development as it was: ready, with no configuration check', async () => {
    const res = await createApp().request('/ready', {}, as('development', { CORS_ORIGINS: '*' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.ready).toBe(true);
    expect(body.checks.configuration).toBeUndefined();
  });
});
