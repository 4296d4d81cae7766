import { Hono } from 'hono';
import { requireRole } from '../middleware/auth';
import { gateStatuses } from '../services/ops/platform-gates';
import type { AppEnv } from '../types';

/** GET /api/v1/admin/platforms: each platform's gate — breaker state, tokens, in-flight calls, counters. */
export const adminPlatforms = new Hono<AppEnv>().get('/', requireRole('admin'), async (c) => {
  return c.json({ platforms: await gateStatuses(c.var.services.platformGates()) });
});
