/** Availability: offers and changes in Postgres, platform clients behind their gates, the queue, live updates, webhooks. */
import { createLiveFeed } from '../adapters/cloudflare/live-feed';
import { createLivePublisher } from '../adapters/cloudflare/live-publisher';
import { createGateConfigurer, createGates } from '../adapters/cloudflare/platform-gates';
import { choosePlatformClients } from '../adapters/platforms';
import { createAvailabilityRepository } from '../db/repositories/availability';
import { createCatalogRepository } from '../db/repositories/catalog';
import { createNotificationRepository } from '../db/repositories/notifications';
import type { Warn } from '../lib/logger';
import { M } from '../lib/metrics/families';
import type { MetricsRecorder } from '../lib/metrics/recorder';
import type { Outbox } from '../services/availability/polling';
import type {
  AvailabilityRepository,
  LivePublisher,
  ReplayGuard,
} from '../services/availability/ports';
import { createReplayGuard } from '../services/availability/replay-guard';
import { createReplayRecord } from '../db/repositories/webhook-events';
import type { WebhookDeps } from '../services/availability/receive-webhook';
import type { VerifyDeps } from '../services/availability/verify';
import type { GateStatusDeps } from '../services/ops/platform-gates';
import { bumpVersion } from './catalog';
import { piiCipher } from './isolate';
import type { RequestScope } from './request-scope';

export const AVAILABILITY_QUEUE_NAME = 'availability-checks';

export interface AvailabilityServices {
  /** Availability: storage of offers and changes, and the webhook replay guard. */
  availability(): {
    repo: AvailabilityRepository;
    replay: ReplayGuard;
    bumpCatalogVersion: () => Promise<number>;
    live: LivePublisher;
    warn: Warn;
  };
  /** What on-demand verification needs: storage, the platform gates and a client per platform. */
  verification(): VerifyDeps;
  /** The availability queue, counting what is sent (queue depth metrics). */
  availabilityOutbox(): Outbox;
  /** What receiving a platform's webhook needs (the route adds its logger). */
  webhooks(): Omit<WebhookDeps, 'log'>;
  /** The platforms' gates as operators see them. */
  platformGates(): GateStatusDeps<Awaited<ReturnType<ReturnType<typeof createGateConfigurer>>>>;
  /** Live availability: subscribe to a title's or a person's hub (SSE through the LiveUpdateHub). */
  live(): ReturnType<typeof createLiveFeed>;
  /** The caller's availability notifications. */
  notifications(): ReturnType<typeof createNotificationRepository>;
}

export function availabilityServices(scope: RequestScope): AvailabilityServices {
  const { iso, db } = scope;
  const recorder = iso.metrics.recorder;
  const availability = () => ({
    repo: createAvailabilityRepository(db(), () => piiCipher(iso)),
    replay: createReplayGuard({
      cache: () => {
        const redis = scope.redis();
        return {
          seen: async (key: string) => (await redis.exists(key)) > 0,
          remember: async (key: string, ttlSeconds: number) =>
            void (await redis.set(key, 1, { ex: ttlSeconds })),
          forget: async (key: string) => void (await redis.del(key)),
        };
      },
      record: () => createReplayRecord(db()),
      log: scope.log,
    }),
    bumpCatalogVersion: () => bumpVersion(scope),
    live: createLivePublisher(iso.env.LIVE_UPDATES),
    warn: scope.log.warn,
  });
  const availabilityOutbox = () => countingOutbox(iso.env.AVAILABILITY_QUEUE, recorder);
  return {
    availability,
    availabilityOutbox,
    webhooks: () => {
      const { repo, replay } = availability();
      return { repo, replay, outbox: availabilityOutbox() };
    },
    verification: () => {
      const repo = createAvailabilityRepository(db(), () => piiCipher(iso));
      return {
        repo,
        gates: createGates(iso.env.PLATFORM_GATE),
        clientFor: choosePlatformClients(iso.config.platforms, (id) => repo.titleRef(id)),
        bumpCatalogVersion: () => bumpVersion(scope),
        live: createLivePublisher(iso.env.LIVE_UPDATES),
        warn: scope.log.warn,
        timeoutMs: iso.config.platforms.timeoutMs,
        observeCall: (platformId, outcome, latencyMs) => {
          recorder.inc(M.platformRequests, { platform: platformId, outcome });
          if (latencyMs !== undefined)
            recorder.observe(M.platformDuration, { platform: platformId }, latencyMs / 1000);
        },
      };
    },
    platformGates: () => ({
      platforms: () => createCatalogRepository(db()).platformLimits(),
      configure: createGateConfigurer(iso.env.PLATFORM_GATE),
    }),
    live: () => createLiveFeed(iso.env.LIVE_UPDATES),
    notifications: () => createNotificationRepository(db()),
  };
}

/** Sends to the availability queue and counts each message as enqueued. */
export function countingOutbox(
  queue: Env['AVAILABILITY_QUEUE'],
  recorder: MetricsRecorder,
): Outbox {
  return {
    async send(messages) {
      // sendBatch takes at most 100 messages.
      for (let i = 0; i < messages.length; i += 100) {
        const chunk = messages.slice(i, i + 100);
        await queue.sendBatch(chunk);
        recorder.inc(M.queueEnqueued, { queue: AVAILABILITY_QUEUE_NAME }, chunk.length);
      }
    },
  };
}
