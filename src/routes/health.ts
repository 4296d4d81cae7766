import { Hono } from 'hono';
import { checkReadiness } from '../services/health';
import type { AppEnv } from '../types';

export const health = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ status: 'ok', time: new Date().toISOString() }))
  .get('/ready', async (c) => {
    const r = await checkReadiness(c.var.services.probes());
    return c.json(r, r.ready ? 200 : 503);
  });
