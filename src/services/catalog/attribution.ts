/** Links to a title's upstream pages and the credit their licences ask for (pure). */
import type { Attribution } from '../../schemas/content';

export const WIKIPEDIA_LICENSE = {
  name: 'CC BY-SA 4.0',
  url: 'https://creativecommons.org/licenses/by-sa/4.0/',
} as const;

/**
 * The English Wikipedia article for a slug ("Jaws_(film)"). Everything but the characters a
 * MediaWiki title keeps literally in its address ("/" of subpages, ":" of namespaces) is
 * percent-encoded as UTF-8, so "Should_a_Woman_Divorce?" or "Amélie" stay one article.
 */
export function wikipediaUrl(slug: string): string {
  const path = encodeURIComponent(slug.trim().replace(/ /g, '_'))
    .replace(/%2F/g, '/')
    .replace(/%3A/g, ':');
  return `https://en.wikipedia.org/wiki/${path}`;
}

/**
 * The credit a synopsis needs: Wikipedia's text is CC BY-SA 4.0, so it names Wikipedia, the
 * licence and the article (whose history lists the authors). Null when the synopsis is not
 * Wikipedia's (or there is none).
 */
export function synopsisAttribution(
  synopsis: string | null,
  synopsisSource: string | undefined,
  articleUrl: string | null,
): Attribution | null {
  if (!synopsis || synopsisSource !== 'wikipedia') return null;
  return {
    text: `Synopsis from Wikipedia, ${WIKIPEDIA_LICENSE.name}`,
    license: { ...WIKIPEDIA_LICENSE },
    articleUrl,
  };
}
