/**
 * Trending titles: Redis sorted sets per region in hourly and daily buckets, fed by views,
 * watchlist adds and searches that named a title, read with exponential time decay. When
 * Redis holds nothing (a flush, a new instance) the answer comes from Postgres and the cron
 * job writes the buckets back.
 */
import type { RecTitle, RecsRepository, TrendingEvent, TrendingStore, TrendingWindow } from './ports';

export const EVENT_WEIGHTS = { view: 3, watchlist: 2, search: 1 } as const;

/** Half-life of a contribution: 6 hours in the day window, 2 days in the week window. */
export const HALF_LIFE_MS: Record<TrendingWindow, number> = { day: 6 * 3600_000, week: 2 * 86_400_000 };
export const WINDOW_MS: Record<TrendingWindow, number> = { day: 86_400_000, week: 7 * 86_400_000 };

export const decay = (window: TrendingWindow, ageMs: number) => 0.5 ** (Math.max(0, ageMs) / HALF_LIFE_MS[window]);

export interface TrendingDeps {
  store: TrendingStore;
  repo: RecsRepository;
  now?: () => number;
}

export interface TrendingItem extends RecTitle {
  score: number;
  rank: number;
}

export interface TrendingOutput {
  window: TrendingWindow;
  region: string;
  source: 'redis' | 'database';
  items: TrendingItem[];
}

/** Decayed scores from raw events (the Postgres fallback and the rebuild). */
export function scoreEvents(events: TrendingEvent[], window: TrendingWindow, region: string, now: number): Map<string, number> {
  const scores = new Map<string, number>();
  for (const e of events) {
    if (e.region !== region || now - e.at > WINDOW_MS[window]) continue;
    scores.set(e.contentId, (scores.get(e.contentId) ?? 0) + e.weight * decay(window, now - e.at));
  }
  return scores;
}

export async function trending(deps: TrendingDeps, input: { window: TrendingWindow; region: string; limit: number }): Promise<TrendingOutput> {
  const now = (deps.now ?? Date.now)();
  let source: TrendingOutput['source'] = 'redis';
  let ranked: { contentId: string; score: number }[] = [];
  try {
    ranked = await deps.store.top(input.window, input.region, input.limit * 2, now);
  } catch {
    // Redis down or not configured: Postgres answers below, and `source: 'database'` says so.
    ranked = [];
  }
  if (ranked.length === 0) {
    source = 'database';
    const events = await deps.repo.interactionCounts(new Date(now - WINDOW_MS[input.window]), 5000);
    ranked = [...scoreEvents(events, input.window, input.region, now)].map(([contentId, score]) => ({ contentId, score })).sort((a, b) => b.score - a.score);
  }
  const ids = ranked.slice(0, input.limit * 2).map((r) => r.contentId);
  const titles = new Map((await deps.repo.describe(ids, input.region)).map((t) => [t.id, t]));
  const items = ranked
    .filter((r) => titles.has(r.contentId))
    .slice(0, input.limit)
    .map((r, i) => ({ ...titles.get(r.contentId)!, score: Number(r.score.toFixed(4)), rank: i + 1 }));
  return { window: input.window, region: input.region, source, items };
}

/** Cron: when a region's buckets are empty in Redis, write them back from Postgres. */
export async function rebuildTrendingIfEmpty(deps: TrendingDeps, regions: string[]): Promise<{ rebuilt: string[]; events: number }> {
  const now = (deps.now ?? Date.now)();
  const empty: string[] = [];
  for (const region of regions) if (await deps.store.isEmpty('week', region, now)) empty.push(region);
  if (!empty.length) return { rebuilt: [], events: 0 };
  const events = (await deps.repo.interactionCounts(new Date(now - WINDOW_MS.week), 100_000)).filter((e) => empty.includes(e.region));
  if (events.length) await deps.store.record(events);
  return { rebuilt: empty, events: events.length };
}

export interface EngagementDeps {
  store: TrendingStore;
  /** The person's region preference (undefined: no such account). */
  regionOf: (userId: string) => Promise<string | undefined>;
}

/** A person's view or watchlist add counts toward trending in their region (US without a preference). */
export async function countEngagement(deps: EngagementDeps, e: { userId: string; contentId: string; weight: number }): Promise<void> {
  const region = (await deps.regionOf(e.userId)) ?? 'US';
  await deps.store.record([{ contentId: e.contentId, region, weight: e.weight, at: Date.now() }]);
}
