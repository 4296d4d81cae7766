import { Hono } from 'hono';
import { checkReadiness, configurationProbe } from '../services/health';
import type { AppEnv } from '../types';

export const health = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ status: 'ok', time: new Date().toISOString() }))
  .get('/ready', async (c) => {
    const { config, probes } = c.var.services;
    // A deployment (staging, production) is also not ready while its configuration is not.
    const deployed = config.environment === 'staging' || config.environment === 'production';
    const r = await checkReadiness(
      deployed ? [configurationProbe(config.productionProblems), ...probes()] : probes(),
    );
    return c.json(r, r.ready ? 200 : 503);
  });
