/**
 * The embedded local stack shared by `npm run dev`, the db scripts and the test setup:
 * Postgres (PGlite unless DATABASE_URL is set) behind the WebSocket pipe, Redis behind
 * the Upstash-REST bridge (an in-process engine unless REDIS_URL is set), the simulated
 * partner platforms and the simulated content feed (the bundled catalog).
 * Returns the Worker vars that point the app at it.
 */
import { randomBytes } from 'node:crypto';
import { startContentFeed } from './content-feed.ts';
import { connectNodeDb } from '../../scripts/lib/node-db.ts';
import { describeDistance, NO_DISTANCE, type Distance } from './distance.ts';
import { startEmbeddingProcess } from './embeddings/process.ts';
import { createLocalEmbedder, type LocalEmbedder } from './embeddings/service.ts';
import { LOCAL_USE_DIMENSIONS, LOCAL_USE_MODEL } from './embeddings/store.ts';
import { startNeonHttp } from './neon-http.ts';
import { startPgliteServer, type PgliteServer } from './pglite-server.ts';
import { startPlatformSim } from './platform-sim.ts';
import { startRedisBridge, type RedisBridge } from './redis-bridge.ts';
import { startTcpPipe } from './tcp-pipe.ts';
import { startWsPipe, type WsPipe } from './ws-pipe.ts';

export interface LocalStackOptions {
  /** PGlite data folder; undefined = in memory. Ignored when databaseUrl is set. */
  dataDir?: string;
  /** A real Postgres (Neon or any server); the embedded PGlite is not started. */
  databaseUrl?: string;
  /** Use an existing Upstash endpoint instead of the bridge. */
  upstash?: { url: string; token: string };
  /** Real Redis behind the bridge; otherwise the bridge's embedded engine. */
  redisUrl?: string;
  ports?: { pg?: number; pipe?: number; redis?: number; http?: number; embeddings?: number };
  /** The simulated content feed: titles held back until released (default none), a bearer token (default none). */
  contentFeed?: {
    holdBack?: number | readonly string[];
    token?: string;
    records?: () => readonly unknown[];
  };
  /** The local embedding service (OpenAI wire format); false leaves it out (the hashing embedder answers). */
  embeddings?: boolean;
  log?: (msg: string) => void;
  /** Emulated round trips per backend (STACK_RTT_MS and overrides, see distance.ts); default none. */
  distance?: Distance;
}

export interface LocalStack {
  /**
   * Worker vars: DATABASE_URL, PG_WS_PROXY?, PG_HTTP_ENDPOINT?, UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN, PLATFORM_SIM_URL,
   * CONTENT_FEED_URL, CONTENT_FEED_TOKEN?, EMBEDDINGS_URL?, EMBEDDINGS_MODEL?.
   */
  vars: Record<string, string>;
  /** The same for Node-side tools (migrate, seed, vacuum): the database without the emulated distance. */
  toolVars: Record<string, string>;
  /**
   * A local server only: the connection string for a `HYPERDRIVE` binding (wrangler's
   * localConnectionString), through the TCP pipe with the emulated distance (tcp-pipe.ts).
   */
  hyperdriveUrl?: string;
  describe: { database: string; redis: string; distance: string };
  /**
   * The model behind EMBEDDINGS_URL (which runs in a process of its own), also in this process:
   * a first load embeds the catalog through it directly (its precomputed vectors answer at once)
   * rather than over HTTP.
   */
  embedder?: LocalEmbedder;
  close(): Promise<void>;
}

const isLoopback = (url: string) =>
  ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(url).hostname);

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const log = opts.log ?? (() => {});
  const distance = opts.distance ?? NO_DISTANCE;
  const started: { close(): Promise<void> }[] = [];
  try {
    let pg: PgliteServer | undefined;
    let databaseUrl = opts.databaseUrl;
    if (!databaseUrl) {
      // Room for a TCP driver's connections (DB_DRIVER=hyperdrive: a pool per request, a
      // connection per statement sent at once, 20 requests at once in bench:search) beside the
      // pipes' and tools': PGlite runs one request at a time whatever the count (pg-relay.ts).
      pg = await startPgliteServer({
        dataDir: opts.dataDir,
        port: opts.ports?.pg ?? 0,
        maxConnections: 256,
      });
      started.push(pg);
      databaseUrl = pg.url;
    }
    // Neon is reached directly; a local server (PGlite or PostgreSQL) through the pipe.
    let pipe: WsPipe | undefined;
    if (isLoopback(databaseUrl)) {
      pipe = await startWsPipe({ port: opts.ports?.pipe ?? 0, log, rttMs: distance.db });
      started.push(pipe);
    }
    // Where a TCP driver reaches it, as through Hyperdrive (the DB_DRIVER=hyperdrive switch).
    let hyperdriveUrl: string | undefined;
    if (pipe) {
      const u = new URL(databaseUrl);
      const tcp = await startTcpPipe({
        target: { host: u.hostname, port: Number(u.port || 5432) },
        rttMs: distance.db,
        log,
      });
      started.push(tcp);
      // wrangler refuses a Hyperdrive connection string without a password; a server that
      // trusts local connections ignores this one.
      if (!u.password) u.password = 'local';
      hyperdriveUrl = tcp.urlFor(u.toString());
    }
    let redis: RedisBridge | undefined;
    let upstash = opts.upstash;
    if (!upstash) {
      redis = await startRedisBridge({
        port: opts.ports?.redis ?? 0,
        token: `local-${randomBytes(12).toString('hex')}`,
        redisUrl: opts.redisUrl,
        log,
        rttMs: distance.redis,
      });
      started.push(redis);
      upstash = { url: redis.url, token: redis.token };
    }
    const sim = await startPlatformSim({ log });
    started.push(sim);
    const feed = await startContentFeed({
      holdBack: opts.contentFeed?.holdBack,
      token: opts.contentFeed?.token,
      records: opts.contentFeed?.records,
      log,
    });
    started.push(feed);
    const vars: Record<string, string> = {
      PLATFORM_SIM_URL: sim.url,
      CONTENT_FEED_URL: feed.url,
      DATABASE_URL: databaseUrl,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
    };
    // The Worker reaches the database from afar (STACK_RTT_DB_MS); Node-side tools do not.
    if (pipe) vars.PG_WS_PROXY = distance.db > 0 ? pipe.farWsProxy : pipe.wsProxy;
    // Neon's HTTP SQL endpoint, stood in for over the same server (a local one only: Neon has its own).
    if (pipe) {
      const conn = connectNodeDb(databaseUrl, pipe.wsProxy);
      started.push(conn);
      const http = await startNeonHttp({
        pool: conn.pool,
        connectionString: databaseUrl,
        port: opts.ports?.http ?? 0,
        rttMs: distance.db,
        log,
      });
      started.push(http);
      vars.PG_HTTP_ENDPOINT = http.url;
    }
    if (opts.contentFeed?.token) vars.CONTENT_FEED_TOKEN = opts.contentFeed.token;
    let embedder: LocalEmbedder | undefined;
    if (opts.embeddings !== false) {
      const emb = await startEmbeddingProcess({
        port: opts.ports?.embeddings ?? 0,
        rttMs: distance.embed,
        log,
      });
      started.push(emb);
      vars.EMBEDDINGS_URL = emb.url;
      vars.EMBEDDINGS_MODEL = emb.model;
      // The same model in this process, made on first use (its precomputed file is 75 MB).
      let local: LocalEmbedder | undefined;
      const inProcess = () => (local ??= createLocalEmbedder());
      embedder = {
        model: LOCAL_USE_MODEL,
        dimensions: LOCAL_USE_DIMENSIONS,
        embed: (texts) => inProcess().embed(texts),
        stats: () => inProcess().stats(),
      };
    }
    return {
      vars,
      embedder,
      hyperdriveUrl,
      toolVars: pipe ? { ...vars, PG_WS_PROXY: pipe.wsProxy } : vars,
      describe: {
        database: pg
          ? `PGlite ${opts.dataDir ? `(${opts.dataDir})` : '(in memory)'}`
          : `PostgreSQL ${new URL(databaseUrl).host}`,
        distance: describeDistance(distance),
        redis: redis
          ? `Upstash bridge → ${redis.backend === 'redis' ? opts.redisUrl : 'embedded engine'}`
          : `Upstash ${new URL(upstash.url).host}`,
      },
      async close() {
        for (const s of started.reverse()) await s.close().catch(() => {});
      },
    };
  } catch (err) {
    for (const s of started.reverse()) await s.close().catch(() => {});
    throw err;
  }
}
