/** Recommendations as the API serves them (REST and GraphQL): the person's region, platforms and genres applied. */
import { AppError } from '../../lib/errors';
import type { RecsCache } from './ports';
import { readPerson, recommend, type RecommendOutput, type RecsDeps } from './recommend';

/** Long enough to answer a person's repeat visits; the hourly model refresh and offer changes show up after it. */
export const RECS_CACHE_TTL_SECONDS = 600;

export interface PersonalRecommendations extends RecommendOutput {
  region: string;
  platforms: string[] | 'any' | 'any in region';
  tookMs: number;
  cache: 'hit' | 'miss';
}

export async function recommendationsFor(
  deps: RecsDeps & { cache?: RecsCache; background?: (task: Promise<unknown>) => void },
  userId: string,
  q: { limit: number; region?: string; anyPlatform?: boolean },
): Promise<PersonalRecommendations> {
  const started = Date.now();
  const variant = `${q.region ?? '-'}:${q.limit}:${q.anyPlatform ? 1 : 0}`;
  const unread = (err: unknown) => {
    deps.warn?.('recommendations cache not read; computing the list', { error: err });
    return null;
  };
  const read = deps.cache ? await deps.cache.get(userId, variant).catch(unread) : null;
  const cached = read?.json;
  if (cached) return { ...(JSON.parse(cached) as PersonalRecommendations), tookMs: Date.now() - started, cache: 'hit' };
  const person = await readPerson(deps, userId);
  if (!person) throw new AppError('UNAUTHORIZED', 'This account no longer exists');
  const prefs = person.preferences;
  const region = q.region ?? prefs.region;
  // Without consent to personalisation the person's activity and tastes are not read: the
  // cold-start list (popular in their region, on their platforms).
  const personal = person.personalisation;
  const out = await recommend(deps, {
    userId,
    region,
    platforms: prefs.platforms,
    genres: personal ? prefs.genres : [],
    limit: q.limit,
    anyPlatform: q.anyPlatform,
    signals: personal ? person.signals : [],
  });
  if (!personal) out.notes = [...(out.notes ?? []), 'personalisation is off: consent withdrawn (PUT /api/v1/me/consent)'];
  const answer: PersonalRecommendations = {
    ...out,
    region,
    platforms: q.anyPlatform ? 'any' : prefs.platforms.length ? prefs.platforms : 'any in region',
    tookMs: Date.now() - started,
    cache: 'miss',
  };
  // A cache that cannot be written only costs the next request a recomputation.
  if (deps.cache && read) {
    const put = deps.cache.put(userId, variant, JSON.stringify(answer), RECS_CACHE_TTL_SECONDS, read.generation).catch(() => false);
    if (deps.background) deps.background(put);
    else await put;
  }
  return answer;
}
