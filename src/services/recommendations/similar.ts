/** "More like this": content similarity (embeddings) blended with co-watching (item neighbours). */
import { AppError } from '../../lib/errors';
import type { RecTitle } from './ports';
import { seriesOf } from './franchise';
import { diversify, type RecsDeps } from './recommend';

export interface SimilarItem extends RecTitle {
  score: number;
  why: string[];
}

export interface SimilarOutput {
  anchor: { id: string; title: string; releaseYear: number | null };
  items: SimilarItem[];
  legs: { coWatching: 'used' | 'no_data'; content: 'vector' | 'features'; franchise: number };
}

/** Content 0.6, co-watching 0.4: co-watching is sparse for most titles. */
const CONTENT_WEIGHT = 0.6;
const COWATCH_WEIGHT = 0.4;

function featureSimilarity(a: RecTitle, b: RecTitle): number {
  const ga = new Set(a.genres);
  const inter = b.genres.filter((g) => ga.has(g)).length;
  const union = new Set([...a.genres, ...b.genres]).size || 1;
  let s = inter / union;
  if (a.director && a.director === b.director) s += 0.3;
  if (a.releaseYear && b.releaseYear)
    s += 0.15 * Math.max(0, 1 - Math.abs(a.releaseYear - b.releaseYear) / 20);
  return s;
}

export async function similarTitles(
  deps: RecsDeps,
  input: { contentId: string; region: string; limit: number },
): Promise<SimilarOutput> {
  const [anchor] = await deps.repo.describe([input.contentId], input.region);
  if (!anchor) throw new AppError('NOT_FOUND', `No title with id ${input.contentId}`);
  const pool = Math.max(60, input.limit * 4);

  const vectorLeg = async (): Promise<Map<string, number> | null> => {
    if (!deps.vector) return null;
    try {
      const matches = await deps.vector.queryNear([{ id: anchor.id, weight: 1 }], pool + 1);
      if (!matches.length) return null;
      return new Map(matches.filter((m) => m.id !== anchor.id).map((m) => [m.id, m.score]));
    } catch (err) {
      deps.warn?.('vector index did not answer; similar titles from co-watching and features', {
        contentId: anchor.id,
        error: err,
      });
      return null;
    }
  };
  // Sequels and the rest of a franchise come first (Alien → Aliens, Alien 3...), then the blend.
  const franchiseLeg = async () =>
    deps.repo.titlesByPrefix ? seriesOf(anchor, deps.repo.titlesByPrefix.bind(deps.repo)) : [];
  const [neighbours, vectorScores, franchise] = await Promise.all([
    deps.repo.neighbors([anchor.id], pool),
    vectorLeg(),
    franchiseLeg(),
  ]);
  const franchiseIds = franchise.slice(0, Math.max(3, Math.ceil(input.limit / 2))).map((f) => f.id);
  const cowatch = new Map(neighbours.map((n) => [n.neighborId, n.score]));
  const ids = new Set([...cowatch.keys(), ...(vectorScores?.keys() ?? []), ...franchiseIds]);
  if (!vectorScores) {
    for (const t of await deps.repo.popular({
      region: input.region,
      genres: anchor.genres,
      platforms: null,
      availableOnly: false,
      exclude: [anchor.id],
      limit: pool * 2,
    }))
      ids.add(t.id);
  }
  ids.delete(anchor.id);
  const titles = await deps.repo.describe([...ids], input.region);
  const content = new Map(
    titles.map((t) => [
      t.id,
      vectorScores ? (vectorScores.get(t.id) ?? 0) : featureSimilarity(anchor, t),
    ]),
  );
  const maxC = Math.max(1e-9, ...content.values());
  const maxW = Math.max(1e-9, ...cowatch.values());
  const wc = cowatch.size ? COWATCH_WEIGHT : 0;
  const scored = titles.map((t) => {
    const c = (content.get(t.id) ?? 0) / maxC;
    const w = (cowatch.get(t.id) ?? 0) / maxW;
    const why: string[] = [];
    if (w > 0.2) why.push(`people who watched ${anchor.title} also watched this`);
    const shared = t.genres.filter((g) => anchor.genres.includes(g));
    if (anchor.director && t.director === anchor.director)
      why.push(`also directed by ${t.director}`);
    if (shared.length) why.push(`also ${shared.slice(0, 2).join(' and ')}`);
    if (!why.length) why.push(`close in theme to ${anchor.title}`);
    return {
      ...t,
      score: (CONTENT_WEIGHT * c + wc * w) / (CONTENT_WEIGHT + wc) + 0.05 * t.quality,
      why,
    };
  });
  scored.sort((a, b) => b.score - a.score);
  const byId = new Map(scored.map((t) => [t.id, t]));
  const pinned = franchiseIds
    .map((id) => byId.get(id))
    .filter((t): t is SimilarItem => t !== undefined)
    .slice(0, input.limit)
    .map((t) => ({
      ...t,
      why: [
        `from the same series as ${anchor.title}`,
        ...t.why.filter((w) => !w.startsWith('close in theme')),
      ],
    }));
  const rest = scored.filter((t) => !franchiseIds.includes(t.id));
  return {
    anchor: { id: anchor.id, title: anchor.title, releaseYear: anchor.releaseYear },
    items: [...pinned, ...diversify(rest, input.limit - pinned.length, 3)],
    legs: {
      coWatching: cowatch.size ? 'used' : 'no_data',
      content: vectorScores ? 'vector' : 'features',
      franchise: pinned.length,
    },
  };
}
