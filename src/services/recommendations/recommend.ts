/**
 * "What should I watch tonight?": a hybrid of item-item collaborative filtering (co-occurrence
 * neighbours, precomputed by the cron job) and content-based similarity (the person's taste
 * vector against the catalog's embeddings), weighted 0.6 / 0.4 by default. Cold start comes
 * from stated preferences and popularity. Only titles the person can stream on their
 * platforms in their region, unless they ask otherwise; at most a few per director.
 */
import type { VectorIndex } from '../ports';
import type { OfferSummary, RecTitle, RecsRepository, Signal } from './ports';
import type { RecsConfig } from '../../env';
import type { Warn } from '../../lib/logger';


export const DEFAULT_RECS_CONFIG: RecsConfig = { cfWeight: 0.6, contentWeight: 0.4, maxPerDirector: 2 };

export interface RecsDeps {
  repo: RecsRepository;
  /** Null when the vector leg is not available here: content similarity then uses title features. */
  vector: VectorIndex | null;
  config: RecsConfig;
  /** Reports what fails open (a vector index or a cache that did not answer). */
  warn?: Warn;
}

export interface RecommendInput {
  userId: string;
  region: string;
  /** The person's platforms (empty: any platform in the region). */
  platforms: string[];
  /** Stated genre preferences (cold start). */
  genres: string[];
  limit: number;
  /** "unless they ask otherwise": include titles not on their platforms. */
  anyPlatform?: boolean;
  /** Override the configured blend (benchmarks compare each half alone). */
  weights?: { cf: number; content: number };
  /** Extra constraint on candidates (search's recommend intent passes its facets). */
  accept?: (t: RecTitle) => boolean;
  /** The person's signals when the caller already has them (read in parallel with other things). */
  signals?: Signal[];
}

export interface Recommendation extends RecTitle {
  score: number;
  why: string[];
  signals: { cf: number; content: number };
}

export interface RecommendOutput {
  items: Recommendation[];
  strategy: 'hybrid' | 'cold_start';
  legs: { collaborative: 'used' | 'no_neighbours' | 'off'; content: 'vector' | 'features' | 'off' };
  notes: string[];
}

const SEEDS = 30;
const ALL_SIGNALS = 100_000;
const NEIGHBOURS_PER_SEED = 50;

/** The recommendation pool: the union of both legs' best candidates. */
const poolSize = (limit: number) => Math.max(200, limit * 4);

export function signalPhrase(s: Signal): string {
  if (s.kind === 'rating') return `because you rated ${s.title} ${s.rating}/10`;
  if (s.kind === 'watchlist') return `because ${s.title} is on your watchlist`;
  return `because you watched ${s.title}`;
}

/** Scaled to 0..1 over the pool: cosine scores of a taste vector crowd near the top. */
function minMax(scores: Map<string, number>): Map<string, number> {
  if (!scores.size) return new Map();
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of scores.values()) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo || 1;
  return new Map([...scores].map(([k, v]) => [k, (v - lo) / span]));
}

function normalise(scores: Map<string, number>): Map<string, number> {
  let max = 0;
  for (const v of scores.values()) max = Math.max(max, v);
  if (max <= 0) return new Map();
  return new Map([...scores].map(([k, v]) => [k, Math.max(0, v) / max]));
}

/** Genre weights of the person's taste, summing to 1. */
export function genreProfile(signals: Signal[]): Map<string, number> {
  const p = new Map<string, number>();
  let total = 0;
  for (const s of signals) {
    for (const g of s.genres) {
      const w = s.weight / Math.sqrt(s.genres.length);
      p.set(g, (p.get(g) ?? 0) + w);
      total += w;
    }
  }
  if (total > 0) for (const [g, w] of p) p.set(g, w / total);
  return p;
}

function topGenres(profile: Map<string, number>, n: number): string[] {
  return [...profile].sort((a, b) => b[1] - a[1]).slice(0, n).map(([g]) => g);
}

/** Content similarity over title features when no vector index is available. */
function featureScore(t: RecTitle, profile: Map<string, number>, directors: Map<string, number>): number {
  let s = 0;
  for (const g of t.genres) s += profile.get(g) ?? 0;
  s /= Math.sqrt(Math.max(1, t.genres.length));
  if (t.director) s += 0.5 * (directors.get(t.director) ?? 0);
  return s;
}

export function availableFor(t: RecTitle, platforms: string[]): OfferSummary | undefined {
  return platforms.length ? t.availability.find((o) => platforms.includes(o.platformId)) : t.availability[0];
}

/** Greedy re-rank: best score first, a director cap, and a growing penalty for the same lead genre. */
export function diversify<T extends { score: number; director: string | null; genres: string[] }>(ranked: T[], limit: number, maxPerDirector: number): T[] {
  const picked: T[] = [];
  const byDirector = new Map<string, number>();
  const byGenre = new Map<string, number>();
  const rest = [...ranked];
  while (picked.length < limit && rest.length) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i]!;
      if (c.director && (byDirector.get(c.director) ?? 0) >= maxPerDirector) continue;
      const lead = c.genres[0];
      const s = c.score * (1 - 0.06 * Math.min(4, lead ? (byGenre.get(lead) ?? 0) : 0));
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    if (best < 0) break;
    const [c] = rest.splice(best, 1);
    picked.push(c!);
    if (c!.director) byDirector.set(c!.director, (byDirector.get(c!.director) ?? 0) + 1);
    if (c!.genres[0]) byGenre.set(c!.genres[0], (byGenre.get(c!.genres[0]) ?? 0) + 1);
  }
  return picked;
}

async function coldStart(deps: RecsDeps, input: RecommendInput, seen: Set<string>, notes: string[]): Promise<RecommendOutput> {
  const availableOnly = !input.anyPlatform;
  const ask = (genres: string[], platforms: string[] | null) =>
    deps.repo.popular({ region: input.region, genres, platforms, availableOnly, exclude: [...seen], limit: input.limit * 4 });
  const platforms = input.anyPlatform || !input.platforms.length ? null : input.platforms;
  let pool = input.genres.length ? await ask(input.genres, platforms) : [];
  let fromGenres = pool.length > 0;
  if (pool.length < input.limit) {
    const more = await ask([], platforms);
    const have = new Set(pool.map((t) => t.id));
    pool = [...pool, ...more.filter((t) => !have.has(t.id))];
  }
  if (pool.length === 0 && platforms) {
    notes.push('nothing on your platforms in this region: showing titles available on others');
    pool = await ask(input.genres, null);
    fromGenres = input.genres.length > 0;
  }
  const accepted = input.accept ? pool.filter(input.accept) : pool;
  const scored = accepted.map((t, i) => {
    const offer = availableFor(t, platforms ?? []);
    const inGenre = t.genres.find((g) => input.genres.includes(g));
    const why = [inGenre && fromGenres ? `popular in ${inGenre}, a genre you like` : `well rated and popular in ${input.region}`];
    if (offer) why.push(`on ${offer.platformName} (${offer.priceTier})`);
    return { ...t, score: 1 - i / Math.max(1, accepted.length), why, signals: { cf: 0, content: 0 } };
  });
  return {
    items: diversify(scored, input.limit, deps.config.maxPerDirector),
    strategy: 'cold_start',
    legs: { collaborative: 'off', content: 'off' },
    notes: [...notes, 'no ratings, views or watchlist yet: picked from your stated preferences and what is popular'],
  };
}

/** Every signal of the person: seeds and the seen set come from the same rows. */
export const readSignals = (deps: Pick<RecsDeps, 'repo'>, userId: string) => deps.repo.signals(userId, ALL_SIGNALS);

/** The account's preferences with every signal, in one read. */
export const readPerson = (deps: Pick<RecsDeps, 'repo'>, userId: string) => deps.repo.person(userId, ALL_SIGNALS);

export async function recommend(deps: RecsDeps, input: RecommendInput): Promise<RecommendOutput> {
  const notes: string[] = [];
  // Every title the person rated, watched or listed: the seeds, and never recommended back.
  const signals = input.signals ?? (await readSignals(deps, input.userId));
  const seen = new Set(signals.map((s) => s.contentId));
  const seeds = signals.filter((s) => s.weight > 0).slice(0, SEEDS);
  if (seeds.length === 0) return coldStart(deps, input, seen, notes);

  const weights = input.weights ?? { cf: deps.config.cfWeight, content: deps.config.contentWeight };
  const pool = poolSize(input.limit);
  const profile = genreProfile(seeds);
  const seedWeight = new Map(seeds.map((s) => [s.contentId, s.weight]));
  const bySeed = new Map(seeds.map((s) => [s.contentId, s]));

  // Collaborative leg: sum of seed weight x neighbour similarity; remember the strongest seed for "why".
  const cfLeg = async () => {
    if (weights.cf <= 0) return { scores: new Map<string, number>(), reason: new Map<string, Signal>() };
    const rows = await deps.repo.neighbors(seeds.map((s) => s.contentId), NEIGHBOURS_PER_SEED);
    const scores = new Map<string, number>();
    const best = new Map<string, { w: number; s: Signal }>();
    for (const r of rows) {
      if (seen.has(r.neighborId)) continue;
      const w = (seedWeight.get(r.contentId) ?? 0) * r.score;
      scores.set(r.neighborId, (scores.get(r.neighborId) ?? 0) + w);
      if (w > (best.get(r.neighborId)?.w ?? 0)) best.set(r.neighborId, { w, s: bySeed.get(r.contentId)! });
    }
    return { scores, reason: new Map([...best].map(([k, v]) => [k, v.s])) };
  };

  // Content leg: the taste vector (weighted sum of the seeds' embeddings) against the catalog.
  const contentLeg = async (): Promise<{ scores: Map<string, number>; mode: 'vector' | 'features' | 'off' }> => {
    if (weights.content <= 0) return { scores: new Map(), mode: 'off' };
    if (deps.vector) {
      try {
        const matches = await deps.vector.queryNear(seeds.map((s) => ({ id: s.contentId, weight: s.weight })), pool + seen.size);
        if (matches.length) return { scores: new Map(matches.filter((m) => !seen.has(m.id)).map((m) => [m.id, m.score])), mode: 'vector' };
      } catch {
        notes.push('the vector index did not answer: content similarity used title features instead');
      }
    }
    return { scores: new Map(), mode: 'features' };
  };

  const [cf, content] = await Promise.all([cfLeg(), contentLeg()]);
  const cfN = normalise(cf.scores);
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, pool).map(([id]) => id);
  const ids = new Set([...top(cfN), ...top(content.scores)]);
  const platforms = input.anyPlatform ? [] : input.platforms;
  const isEligible = (t: RecTitle) => !seen.has(t.id) && (input.anyPlatform || availableFor(t, platforms) !== undefined) && (!input.accept || input.accept(t));

  let contentN = minMax(content.scores);
  let titles: RecTitle[] = [];
  if (content.mode === 'features' || ids.size < input.limit * 2) {
    // Features mode (and thin pools): widen with popular titles in the person's genres.
    const more = await deps.repo.popular({ region: input.region, genres: topGenres(profile, 3), platforms: null, availableOnly: false, exclude: [...seen], limit: pool });
    for (const t of more) ids.add(t.id);
  }
  if (content.mode === 'features') {
    titles = await deps.repo.describe([...ids], input.region);
    const directors = new Map<string, number>();
    // Directors of the seeds, by weight (seeds carry genres; directors come from their descriptions).
    const seedTitles = await deps.repo.describe(seeds.map((s) => s.contentId), input.region);
    for (const t of seedTitles) if (t.director) directors.set(t.director, (directors.get(t.director) ?? 0) + (seedWeight.get(t.id) ?? 0));
    const maxD = Math.max(1e-9, ...directors.values());
    for (const [d, w] of directors) directors.set(d, w / maxD);
    contentN = minMax(new Map(titles.map((t) => [t.id, featureScore(t, profile, directors)])));
  } else {
    // Both scores are known by id: describe (offers, director) only the best, a slice at a time,
    // until enough of them pass the platform filter.
    const pre = (id: string) => weights.cf * (cfN.get(id) ?? 0) + weights.content * (contentN.get(id) ?? 0);
    const ordered = [...ids].sort((a, b) => pre(b) - pre(a));
    const step = Math.max(40, input.limit * 2 + 20);
    for (let offset = 0; offset < ordered.length; offset += step) {
      titles.push(...(await deps.repo.describe(ordered.slice(offset, offset + step), input.region)));
      if (titles.filter(isEligible).length >= input.limit * 2) break;
    }
  }
  const eligible = titles.filter(isEligible);
  // With no co-occurrence data for these seeds, the content half carries the whole score.
  const wcf = cfN.size ? weights.cf : 0;
  const wcb = contentN.size ? weights.content : 0;
  const total = wcf + wcb || 1;
  const favourite = topGenres(profile, 4);
  const scored: Recommendation[] = eligible.map((t) => {
    const c = cfN.get(t.id) ?? 0;
    const b = contentN.get(t.id) ?? 0;
    const why: string[] = [];
    const seed = cf.reason.get(t.id);
    if (seed && c * wcf >= b * wcb * 0.5) why.push(signalPhrase(seed));
    const shared = t.genres.filter((g) => favourite.includes(g)).slice(0, 2);
    if (b > 0.3 && shared.length) why.push(`matches your taste for ${shared.join(' and ')}`);
    if (!why.length) why.push(seed ? signalPhrase(seed) : shared.length ? `matches your taste for ${shared.join(' and ')}` : 'close to what you like');
    const offer = availableFor(t, platforms);
    if (offer) why.push(`on ${offer.platformName} (${offer.priceTier})`);
    return { ...t, score: (wcf * c + wcb * b) / total + 0.05 * t.quality, why, signals: { cf: c, content: b } };
  });
  scored.sort((a, b) => b.score - a.score);
  let items = diversify(scored, input.limit, deps.config.maxPerDirector);

  if (items.length < input.limit) {
    // Never a short list: top up from what is popular and available in the person's genres.
    const have = new Set([...items.map((t) => t.id), ...seen]);
    const fill = await deps.repo.popular({ region: input.region, genres: topGenres(profile, 3), platforms: platforms.length ? platforms : null, availableOnly: !input.anyPlatform, exclude: [...have], limit: input.limit * 2 });
    const accepted = input.accept ? fill.filter(input.accept) : fill;
    const extra = accepted.map((t) => {
      const offer = availableFor(t, platforms);
      return { ...t, score: 0, why: ['popular in genres you like', ...(offer ? [`on ${offer.platformName} (${offer.priceTier})`] : [])], signals: { cf: 0, content: 0 } };
    });
    items = diversify([...items, ...extra], input.limit, deps.config.maxPerDirector);
    if (extra.length) notes.push('topped up with popular titles in genres you like');
  }
  return {
    items,
    strategy: 'hybrid',
    legs: { collaborative: cfN.size ? 'used' : weights.cf > 0 ? 'no_neighbours' : 'off', content: content.mode },
    notes,
  };
}
