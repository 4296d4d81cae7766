import type { LivePublisher } from '../../services/availability/ports';

export function createLivePublisher(ns: Env['LIVE_UPDATES']): LivePublisher {
  return {
    async publish(contentId, region, platformId, events) {
      await ns.get(ns.idFromName(contentId)).publish({
        contentId,
        region,
        platformId,
        changes: events.map((e) => ({ kind: e.kind, priceTier: e.priceTier })),
        at: new Date().toISOString(),
      });
    },
  };
}
