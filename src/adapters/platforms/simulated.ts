/** PlatformClient for the local simulated partner service (dev/local-stack/platform-sim.ts). */
import { z } from 'zod';
import { IncomingOfferSchema } from '../../schemas/availability';
import { PlatformRateLimitedError, type PlatformClient } from '../../services/availability/ports';

const ResponseSchema = z.object({ offers: z.array(IncomingOfferSchema) });

export function createSimulatedPlatformClient(baseUrl: string, platformId: string): PlatformClient {
  return {
    async offers(contentId, region, signal) {
      const url = `${baseUrl}/${platformId}/v1/offers?contentId=${encodeURIComponent(contentId)}&region=${encodeURIComponent(region)}`;
      const res = await fetch(url, {
        headers: { Authorization: `Bearer sim-${platformId}` },
        signal,
      });
      if (res.status === 429) {
        await res.body?.cancel();
        throw new PlatformRateLimitedError(Number(res.headers.get('retry-after') ?? '30') * 1000);
      }
      if (res.status === 404) {
        await res.body?.cancel();
        return [];
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`${platformId} answered ${res.status}`);
      }
      return ResponseSchema.parse(await res.json()).offers;
    },
  };
}
