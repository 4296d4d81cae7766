/**
 * Which client answers for a platform: Watchmode (it has prices and formats) when its key is
 * set, else TMDB, else the local simulated platforms, else none (on-demand checks then report
 * each platform as failed and polling skips them).
 */
import type { Config } from '../../env';
import type { PlatformClient } from '../../services/availability/ports';
import { createTmdbClients } from '../tmdb';
import { createWatchmodeClients } from '../watchmode';
import { createSimulatedPlatformClient } from './simulated';

export function choosePlatformClients(
  config: Config['platforms'],
  /** A title's name and year, for the aggregators that look titles up by name. */
  titleOf: Parameters<typeof createTmdbClients>[0]['titleOf'],
): (platformId: string) => PlatformClient | undefined {
  if (config.watchmodeApiKey)
    return createWatchmodeClients({ apiKey: config.watchmodeApiKey, titleOf });
  if (config.tmdbApiKey) return createTmdbClients({ token: config.tmdbApiKey, titleOf });
  const simUrl = config.simUrl;
  if (simUrl) return (platformId) => createSimulatedPlatformClient(simUrl, platformId);
  return () => undefined;
}
