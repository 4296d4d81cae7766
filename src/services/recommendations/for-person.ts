/** Recommendations as the API serves them (REST and GraphQL): the person's region, platforms and genres applied. */
import { AppError } from '../../lib/errors';
import { recommend, type RecommendOutput, type RecsDeps } from './recommend';

export interface PersonPreferences {
  region: string;
  platforms: string[];
  genres: string[];
}

export interface PersonalRecommendations extends RecommendOutput {
  region: string;
  platforms: string[] | 'any' | 'any in region';
  tookMs: number;
}

export async function recommendationsFor(
  deps: RecsDeps & { preferences: (userId: string) => Promise<PersonPreferences | null> },
  userId: string,
  q: { limit: number; region?: string; anyPlatform?: boolean },
): Promise<PersonalRecommendations> {
  const started = Date.now();
  const prefs = await deps.preferences(userId);
  if (!prefs) throw new AppError('UNAUTHORIZED', 'This account no longer exists');
  const region = q.region ?? prefs.region;
  const out = await recommend(deps, { userId, region, platforms: prefs.platforms, genres: prefs.genres, limit: q.limit, anyPlatform: q.anyPlatform });
  return {
    ...out,
    region,
    platforms: q.anyPlatform ? 'any' : prefs.platforms.length ? prefs.platforms : 'any in region',
    tookMs: Date.now() - started,
  };
}
