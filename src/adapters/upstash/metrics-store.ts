/**
 * The shared metrics store: two Redis hashes (counters added with HINCRBY, last-value gauges
 * with HSET), written in one MULTI/EXEC round trip per flush and read with HGETALL per scrape.
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type { MetricsStore } from '../../lib/metrics/flusher';

const COUNTERS = 'metrics:v1:counters';
const GAUGES = 'metrics:v1:gauges';

export function createRedisMetricsStore(redis: Redis): MetricsStore {
  return {
    async add(d) {
      const tx = redis.multi();
      for (const [field, n] of d.counters) tx.hincrby(COUNTERS, field, n);
      if (d.gauges.size) tx.hset(GAUGES, Object.fromEntries(d.gauges));
      await tx.exec();
    },
    async read() {
      const [counters, gauges] = await Promise.all([
        redis.hgetall<Record<string, unknown>>(COUNTERS),
        redis.hgetall<Record<string, unknown>>(GAUGES),
      ]);
      return { counters: counters ?? {}, gauges: gauges ?? {} };
    },
  };
}
