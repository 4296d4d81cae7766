/** Scores candidates: relevance signals, mood boosts, quality and popularity priors, availability and the user's tastes. */
import type { Entities } from '../../schemas/search';
import type { Candidate } from './ports';
import { MOODS } from './vocabulary';

/**
 * How the legs are fused for a query with words. Chosen on the tuning split of the discovery
 * set (scripts/bench/discovery-set.ts), never on its test split: the keyword leg carries most
 * of the evidence, the vector leg re-ranks and adds what words miss, the priors break ties.
 */
export interface FusionWeights {
  title: number;
  keyword: number;
  /** The keyword leg's weight of a word in the title (synopsis 0.4, cast and themes 0.6). */
  keywordTitle: number;
  vector: number;
  /** Cosine below this is no evidence (USE-lite puts unrelated texts near 0.1–0.25). */
  vectorFloor: number;
  priors: number;
}

export const DEFAULT_FUSION: FusionWeights = {
  title: 1.5,
  keyword: 1.5,
  keywordTitle: 0.4,
  vector: 1,
  vectorFloor: 0.3,
  priors: 2.5,
};

export interface RankContext {
  entities: Entities;
  hasText: boolean;
  /** Cosine similarity from the vector leg, by content id. */
  vector: Map<string, number>;
  /** Keyword-leg score normalised to 0..1 (the best candidate 1), by content id. */
  keyword?: Map<string, number>;
  /** Soft negations ("not too dark"): genres or themes that lower a score without excluding. */
  damp?: string[];
  /** Titles whose text holds a negated word ("not too gory"): lower, not excluded. */
  dampIds?: Set<string>;
  /** "not too long" / "not too short": runtimes beyond these lower a score. */
  softRuntime?: { max?: number; min?: number };
  fusion?: FusionWeights;
  user?: { platforms: string[]; genres: string[] };
  /** Genres to favour softly (e.g. the anchor title's, for "like X"). */
  extraBoost?: string[];
}

export interface Ranked {
  candidate: Candidate;
  score: number;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

export function weightedRating(c: Candidate): number {
  const v = c.imdbVotes ?? 0;
  return (v / (v + 5000)) * (c.imdbRating ?? 0) + (5000 / (v + 5000)) * 6.3;
}

export function scoreCandidate(c: Candidate, ctx: RankContext): number {
  const f = ctx.fusion ?? DEFAULT_FUSION;
  let s = 0;
  if (ctx.hasText) {
    s += f.title * c.titleSimilarity;
    s += ctx.keyword ? f.keyword * (ctx.keyword.get(c.id) ?? 0) : 0.5 * clamp01(c.textRank * 5);
  }
  const cos = ctx.vector.get(c.id);
  if (cos !== undefined) s += f.vector * Math.max(0, (cos - f.vectorFloor) / (1 - f.vectorFloor));
  if (ctx.damp?.length && c.genres.some((g) => ctx.damp!.includes(g))) s -= 0.5;
  if (ctx.dampIds?.has(c.id)) s -= 0.5;
  const rt = c.runtimeMinutes;
  if (rt !== null && ctx.softRuntime) {
    if (ctx.softRuntime.max !== undefined && rt > ctx.softRuntime.max)
      s -= Math.min(0.8, 0.4 + (rt - ctx.softRuntime.max) / 100);
    if (ctx.softRuntime.min !== undefined && rt < ctx.softRuntime.min) s -= 0.4;
  }
  // "like Alien but funnier": against a strong similarity signal the mood must weigh more.
  const moodWeight = ctx.extraBoost ? 0.6 : 0.3;
  for (const mood of ctx.entities.moods) {
    const m = MOODS[mood];
    if (!m) continue;
    if (c.genres.some((g) => m.boost.includes(g))) s += moodWeight;
    if (c.genres.some((g) => m.damp.includes(g))) s -= moodWeight + 0.1;
  }
  if (ctx.extraBoost?.length && c.genres.some((g) => ctx.extraBoost!.includes(g))) s += 0.2;
  s += f.priors * (0.4 * clamp01((weightedRating(c) - 5) / 4) + 0.2 * clamp01(c.popularity));
  if (c.regionPlatforms.length > 0) s += 0.1;
  if (ctx.user) {
    if (c.regionPlatforms.some((p) => ctx.user!.platforms.includes(p))) s += 0.3;
    if (c.genres.some((g) => ctx.user!.genres.includes(g))) s += 0.15;
  }
  return Math.round(s * 1000) / 1000;
}

/**
 * Relevance order re-sorts by score; an explicit sort cue ("newest", "best") keeps the
 * order retrieval produced for that key and uses the score only to report.
 */
export function rankCandidates(cands: Candidate[], ctx: RankContext): Ranked[] {
  const ranked = cands.map((candidate) => ({ candidate, score: scoreCandidate(candidate, ctx) }));
  if (ctx.entities.sort === 'relevance')
    ranked.sort((a, b) => b.score - a.score || a.candidate.id.localeCompare(b.candidate.id));
  return ranked;
}
