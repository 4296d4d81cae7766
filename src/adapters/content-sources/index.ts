/** Which content sources a deployment syncs: every one that is configured. */
import type { Config } from '../../env';
import type { ContentSourceName } from '../../schemas/catalog';
import type { ContentSource } from '../../services/catalog/ports';
import { createBundledFeedSource } from './bundled';
import { createTmdbContentSource } from './tmdb';
import { createWatchmodeContentSource } from './watchmode';

export function contentSourcesFrom(
  cfg: Config['catalog'],
): Partial<Record<ContentSourceName, ContentSource>> {
  return {
    ...(cfg.feedUrl
      ? { bundled: createBundledFeedSource({ url: cfg.feedUrl, token: cfg.feedToken }) }
      : {}),
    ...(cfg.tmdbApiKey ? { tmdb: createTmdbContentSource({ token: cfg.tmdbApiKey }) } : {}),
    ...(cfg.watchmodeApiKey
      ? { watchmode: createWatchmodeContentSource({ apiKey: cfg.watchmodeApiKey }) }
      : {}),
  };
}
