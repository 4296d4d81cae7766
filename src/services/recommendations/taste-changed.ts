/**
 * What a change to a person's taste (new preferences, a watchlist change, a rating, a view) does
 * to their recommendations: their cached lists are forgotten, then their default list (GET
 * /recommendations without parameters) is computed again in the background, so the next visit
 * reads it from the cache. The accounts service calls this through its `tasteChanged` hook.
 */
import { RecommendationsQuerySchema } from '../../schemas/recommendations';
import { recommendationsFor } from './for-person';
import type { RecsCache } from './ports';

const DEFAULT_RECS_QUERY = RecommendationsQuerySchema.parse({});

export interface TasteChangeDeps {
  cache: RecsCache;
  /** What computing a list needs; absent when nothing would keep the result (no cache). */
  recommendations?: () => Promise<Parameters<typeof recommendationsFor>[0]>;
  background: (task: Promise<unknown>) => void;
  warn: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Forgets the person's cached lists. A failure is left to the cache's time limit. */
export async function forgetRecommendations(
  deps: Pick<TasteChangeDeps, 'cache' | 'warn'>,
  userId: string,
): Promise<void> {
  await deps.cache.forget(userId).catch((err: unknown) => {
    deps.warn('cached recommendations not forgotten; they expire on their own', {
      error: err instanceof Error ? err.message : String(err),
    });
  });
}

/** Forgets, then recomputes the default list after the response. */
export async function tasteChanged(deps: TasteChangeDeps, userId: string): Promise<void> {
  await forgetRecommendations(deps, userId);
  const recommendations = deps.recommendations;
  if (!recommendations) return;
  deps.background(
    (async () => recommendationsFor(await recommendations(), userId, DEFAULT_RECS_QUERY))().catch(
      (err: unknown) => {
        // The next visit computes the list itself.
        deps.warn('default recommendations not recomputed after a taste change', {
          error: err instanceof Error ? err.message : String(err),
        });
      },
    ),
  );
}
