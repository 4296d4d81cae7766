import { Hono } from 'hono';
import { PROMETHEUS_CONTENT_TYPE, scrapeMetrics } from '../services/ops/metrics-scrape';
import type { AppEnv } from '../types';

/** GET /api/v1/admin/metrics: Prometheus text format (see services/ops/metrics-scrape.ts). */
export const adminMetrics = new Hono<AppEnv>().get('/', async (c) => {
  const text = await scrapeMetrics({ ...c.var.services.metricsScrape(), log: c.var.log });
  return c.body(text, 200, {
    'Content-Type': PROMETHEUS_CONTENT_TYPE,
    'Cache-Control': 'no-store',
  });
});
