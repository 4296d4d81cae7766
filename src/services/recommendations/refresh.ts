/** The recommendation models' cron job: neighbour lists (incremental hourly, full daily) and trending rebuilds. */
import type { RecsRepository, RefreshReport } from './ports';
import { rebuildTrendingIfEmpty, type TrendingDeps } from './trending';

export const RECS_CRONS: Record<string, { full: boolean }> = {
  '0 * * * *': { full: false },
  '0 2 * * *': { full: true },
};

export async function refreshRecommendations(
  deps: { repo: RecsRepository; trending: TrendingDeps },
  opts: { full: boolean; regions: readonly string[] },
): Promise<{
  neighbours: RefreshReport;
  trending: { rebuilt: string[]; events: number } | { error: string };
}> {
  const neighbours = await deps.repo.refreshNeighbors({ full: opts.full });
  // Redis may be down: the neighbour refresh still counts, the rebuild waits for the next run.
  const trending = await rebuildTrendingIfEmpty(deps.trending, [...opts.regions]).catch(
    (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
  );
  return { neighbours, trending };
}
