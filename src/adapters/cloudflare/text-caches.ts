/** TextCache over the Workers Cache API (per data centre) and over KV (global). */
import type { TextCache } from '../../services/search/ports';

const CACHE_ORIGIN = 'https://cache.marquee.internal/';

export function edgeTextCache(cache: Cache): TextCache {
  const url = (key: string) => `${CACHE_ORIGIN}${encodeURIComponent(key)}`;
  return {
    async get(key) {
      const res = await cache.match(url(key));
      return res ? res.text() : null;
    },
    async put(key, value, ttlSeconds) {
      await cache.put(
        url(key),
        new Response(value, {
          headers: {
            'Content-Type': 'application/json',
            'Cache-Control': `public, max-age=${ttlSeconds}`,
          },
        }),
      );
    },
  };
}

export function kvTextCache(kv: KVNamespace): TextCache {
  return {
    get: (key) => kv.get(key),
    // KV's minimum TTL is 60 s.
    put: (key, value, ttlSeconds) =>
      kv.put(key, value, { expirationTtl: Math.max(60, ttlSeconds) }),
  };
}
