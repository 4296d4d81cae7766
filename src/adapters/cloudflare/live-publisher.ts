import type { LiveEvent, LivePublisher } from '../../services/availability/ports';
import { liveHub } from './live-hubs';

/** At most this many person hubs are called at once (each call is a subrequest). */
const FAN_OUT = 16;

export function createLivePublisher(ns: Env['LIVE_UPDATES']): LivePublisher {
  return {
    async publish(contentId, region, platformId, events, notifiedUserIds = []) {
      const event: LiveEvent = {
        contentId,
        region,
        platformId,
        changes: events.map((e) => ({ kind: e.kind, priceTier: e.priceTier })),
        at: new Date().toISOString(),
      };
      await liveHub(ns, { contentId }).publish(event);
      // Each notified person's own hub; one unreachable hub does not stop the others.
      for (let i = 0; i < notifiedUserIds.length; i += FAN_OUT) {
        await Promise.allSettled(
          notifiedUserIds
            .slice(i, i + FAN_OUT)
            .map((userId) => liveHub(ns, { userId }).publish(event)),
        );
      }
    },
  };
}
