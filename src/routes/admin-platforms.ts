import { Hono } from 'hono';
import { requireRole } from '../middleware/auth';
import type { AppEnv } from '../types';

/** GET /api/v1/admin/platforms: each platform's gate — breaker state, tokens, in-flight calls, counters. */
export const adminPlatforms = new Hono<AppEnv>().get('/', requireRole('admin'), async (c) => {
  const platforms = await c.var.services.catalog().platformLimits();
  const ns = c.env.PLATFORM_GATE;
  const gates = await Promise.all(
    platforms.map(async (p) => {
      const gate = ns.get(ns.idFromName(p.id));
      // Limits come from the platforms table; configuring is idempotent and keeps the bucket's tokens.
      const snapshot = await gate.configure({ ratePerSecond: p.ratePerSecond, ratePerHour: p.ratePerHour, burst: p.burst });
      return { ...snapshot, platformId: p.id, name: p.name };
    }),
  );
  return c.json({ platforms: gates });
});
