/**
 * Semantic search: the caller brings an embedding; its nearest titles are filtered like a
 * search (the same retrieval plan) and ordered by similarity.
 */
import { AppError } from '../../lib/errors';
import type { Filters, SearchResult } from '../../schemas/search';
import { EMBEDDING_DIMENSIONS } from '../ports';
import { emptyPlan, type SearchDeps } from './search';
import { toSearchResult } from './result';

export interface SemanticInput {
  embedding: number[];
  topK: number;
  region: string;
  filters?: Filters;
}

export interface SemanticOutput {
  results: SearchResult[];
  meta: { total: number; took_ms: number; vector: string };
}

export async function semanticSearch(deps: Pick<SearchDeps, 'repo' | 'vector'>, input: SemanticInput): Promise<SemanticOutput> {
  if (input.embedding.length !== EMBEDDING_DIMENSIONS) {
    throw new AppError('VALIDATION_FAILED', `embedding must have ${EMBEDDING_DIMENSIONS} dimensions (got ${input.embedding.length})`);
  }
  if (!deps.vector) throw new AppError('DEPENDENCY_UNAVAILABLE', 'Vector search is not available on this deployment (no pgvector or Pinecone)');
  const started = Date.now();
  const f = input.filters ?? {};
  const matches = await deps.vector.query(input.embedding, input.topK, { yearMin: f.yearMin, yearMax: f.yearMax, genres: f.genres });
  const ids = matches.map((m) => m.id);
  const plan = {
    ...emptyPlan(input.region),
    ids,
    limit: ids.length,
    yearMin: f.yearMin,
    yearMax: f.yearMax,
    runtimeMin: f.runtimeMin,
    runtimeMax: f.runtimeMax,
    ratingMin: f.ratingMin,
    mpaaIn: f.mpaa ?? [],
    genresAny: f.genres ?? [],
    genresNone: f.excludeGenres ?? [],
    platforms: f.platforms ?? [],
    priceTiers: f.priceTiers ?? [],
    availableOnly: Boolean(f.availableOnly),
  };
  const rows = ids.length ? (await deps.repo.retrieve(plan)).rows : [];
  const score = new Map(matches.map((m) => [m.id, m.score]));
  rows.sort((a, b) => (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0));
  const offers = await deps.repo.offers(rows.map((r) => r.id), input.region);
  const results: SearchResult[] = rows.map((r) =>
    toSearchResult(r, {
      availability: (offers.get(r.id) ?? []).slice(0, 6),
      score: Math.round((score.get(r.id) ?? 0) * 1000) / 1000,
      why: ['nearest neighbour of the given embedding'],
    }),
  );
  return { results, meta: { total: results.length, took_ms: Date.now() - started, vector: deps.vector.backend } };
}
