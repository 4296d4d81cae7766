/**
 * The search pipeline: understand → probe titles → retrieve (SQL) + nearest neighbours
 * (vector) → fuse and rank → page → where to watch. Pure over its ports.
 */
import { AppError } from '../../lib/errors';
import { withTimeout } from '../../lib/with-timeout';
import {
  UnderstoodBoundsSchema,
  type Filters,
  type ParsedQuery,
  type SearchResult,
} from '../../schemas/search';
import type { VectorIndex } from '../ports';
import { LOCAL_EMBEDDING_MODEL } from '../embedding/local-embedder';
import { decodeCursor, encodeCursor } from './cursor';
import { asksForAKind, normalizeQuery, parseQuery, type Gazetteer } from './parse-query';
import {
  NO_TRACER,
  type Candidate,
  type Embedder,
  type OfferSummary,
  type QueryUnderstanding,
  type RetrievalPlan,
  type SearchRepository,
  type StageTracer,
  type TitleMatch,
} from './ports';
import { DEFAULT_FUSION, rankCandidates, type FusionWeights, type Ranked } from './rank';
import { toSearchResult } from './result';
import { MOODS } from './vocabulary';
import { ratingsUpTo } from '../parental-limit';

/** The recommend intent answered without the person: replaced when their recommendations answer instead. */
export const GENERIC_RECOMMEND_NOTE =
  'personal recommendations come from /api/v1/recommendations; showing well-rated titles available in your region';

export interface SearchUser {
  id: string;
  platforms: string[];
  genres: string[];
}

export interface SearchDeps {
  repo: SearchRepository;
  gazetteer: () => Promise<Gazetteer>;
  embedder: Embedder;
  /** Absent when the vector leg is off; a failing one is skipped and reported. */
  vector?: VectorIndex;
  understanding?: QueryUnderstanding;
  understandingTimeoutMs?: number;
  /** Fusion weights other than the tuned defaults (the relevance bench's tuning). */
  fusion?: Partial<FusionWeights>;
  /** A query embedding slower than this is given up (the lexical legs answer; default 1 s). */
  embedTimeoutMs?: number;
  /** A vector index slower than this to answer is given up too (default 1 s). */
  vectorTimeoutMs?: number;
  now?: () => number;
  /** Spans and duration log lines per stage (parse, embed, retrieve, rank, availability). */
  tracer?: StageTracer;
  /**
   * "like Alien": the anchor's series (Aliens, Alien 3…), in the order similar titles pin them
   * (services/recommendations/franchise.ts). Absent: no franchise links.
   */
  franchise?: (anchor: {
    id: string;
    title: string;
    releaseYear: number | null;
  }) => Promise<string[]>;
}

/** Series members pinned first for "like X" (as the similar-titles route does). */
const FRANCHISE_PINNED = 3;

export interface SearchInput {
  query: string;
  region: string;
  filters?: Filters;
  limit: number;
  cursor?: string;
  user?: SearchUser;
  /** The signed-in person's parental limit (absent: none); applies with or without `user`. */
  maxRating?: string | null;
}

export interface SearchMeta {
  /** Matching titles, counted up to 1,000 (then totalCapped is true). */
  total: number;
  totalCapped: boolean;
  took_ms: number;
  nextCursor: string | null;
  /** Which retrieval legs ran. */
  legs: { sql: boolean; vector: 'used' | 'skipped' | 'unavailable'; titleProbe: boolean };
  /** Degradations the caller should know about (a failing OpenAI or vector index...). */
  fallbacks: string[];
  notes: string[];
}

export interface SearchOutput {
  query: ParsedQuery;
  results: SearchResult[];
  meta: SearchMeta;
}

const TITLE_LOOKUP_SIMILARITY = 0.3;
/**
 * A query of four words or more that the parser could take for a title ("scottish rebel fights
 * the english king for freedom") is a title only when it is close to one: typed titles with a
 * typo or two stay above 0.7 ("the shawshank redemtion" 0.81), a description sharing a word or
 * two with a title is near 0.4 ("The Fight for Freedom").
 */
const LONG_TITLE_LOOKUP_SIMILARITY = 0.5;
const titleLookupFloor = (text: string) =>
  text.split(' ').length >= 4 ? LONG_TITLE_LOOKUP_SIMILARITY : TITLE_LOOKUP_SIMILARITY;
/** Keyword-leg candidates per query (the vector leg adds its own 100). */
const KEYWORD_CANDIDATES = 200;
const EXACT_TITLE_SIMILARITY = 0.8;
/** Titles holding a negated word that are ranked lower ("not too gory"). */
const NEGATED_CANDIDATES = 300;
const SOFT_FACET_TITLE_SIMILARITY = 0.6;

/** A query that asks for a number outside FACET_BOUNDS ("over 99999 minutes") is a 400, not SQL's overflow. */
function withinBounds(q: ParsedQuery): ParsedQuery {
  const r = UnderstoodBoundsSchema.safeParse(q.entities);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppError(
      'VALIDATION_FAILED',
      `Invalid query: ${issue?.message ?? 'a number in it is out of range'}`,
      {
        details: r.error.issues.map((i) => ({
          path: ['query', ...i.path].map(String).join('.'),
          message: i.message,
        })),
      },
    );
  }
  return q;
}

export async function understand(
  deps: SearchDeps,
  query: string,
  fallbacks: string[],
): Promise<ParsedQuery> {
  const gaz = await deps.gazetteer();
  const local = parseQuery(query, gaz);
  if (!deps.understanding) return withinBounds(local);
  let llm: Omit<ParsedQuery, 'raw' | 'normalized' | 'parser'>;
  try {
    const ms = deps.understandingTimeoutMs ?? 1500;
    llm = await withTimeout(
      deps.understanding.parse(query),
      ms,
      `query understanding took longer than ${ms} ms`,
    );
  } catch (err) {
    fallbacks.push(
      `LLM query understanding failed (${err instanceof Error ? err.message : 'error'}): used the local parser`,
    );
    return withinBounds(local);
  }
  return withinBounds({ ...llm, raw: query, normalized: local.normalized, parser: 'openai' });
}

function planFrom(q: ParsedQuery, input: SearchInput, limit: number): RetrievalPlan {
  const e = q.entities;
  const f = input.filters ?? {};
  const platforms = [...e.platforms, ...(f.platforms ?? [])];
  if (e.myPlatforms && input.user?.platforms.length) platforms.push(...input.user.platforms);
  const pick = (a?: number, b?: number, fn: (...x: number[]) => number = Math.max) =>
    a === undefined ? b : b === undefined ? a : fn(a, b);
  return {
    region: input.region,
    text: q.text,
    yearMin: pick(e.years?.min, f.yearMin),
    yearMax: pick(e.years?.max, f.yearMax, Math.min),
    runtimeMin: pick(e.runtime?.min, f.runtimeMin),
    runtimeMax: pick(e.runtime?.max, f.runtimeMax, Math.min),
    ratingMin: pick(e.rating?.min, f.ratingMin),
    ratingMax: e.rating?.max,
    mpaaIn: [...e.mpaa, ...(f.mpaa ?? [])].map((m) => (m === 'NR' ? 'Not Rated' : m)),
    mpaaNotIn: q.negations.mpaa,
    ...(ratingsUpTo(input.maxRating) ? { mpaaAllowed: ratingsUpTo(input.maxRating)! } : {}),
    genresAny: [...e.genres, ...(f.genres ?? [])],
    genresAll: e.genresAll ?? [],
    genresNone: [...q.negations.genres, ...(f.excludeGenres ?? [])],
    creativeAny: e.creativeTypes,
    creativeNone: q.negations.creativeTypes,
    sourcesAny: e.sources,
    sourcesNone: q.negations.sources,
    peopleAny: e.people,
    peopleNone: q.negations.people,
    platforms: [...new Set(platforms)],
    platformsNone: q.negations.platforms ?? [],
    priceTiers: [...new Set([...e.priceTiers, ...(f.priceTiers ?? [])])],
    availableOnly: Boolean(f.availableOnly),
    yearsNone: q.negations.years,
    leavingWithinDays: e.leavingWithinDays,
    addedWithinDays: e.addedWithinDays,
    excludeIds: [],
    order: e.sort,
    limit,
  };
}

function why(
  c: Candidate,
  q: ParsedQuery,
  plan: RetrievalPlan,
  vecSim: number | undefined,
  titleHit: boolean,
  offers: OfferSummary[],
): string[] {
  const out: string[] = [];
  if (titleHit) out.push('title match');
  const genres = c.genres.filter((g) => plan.genresAny.includes(g));
  if (genres.length) out.push(`genre: ${genres.join(', ')}`);
  if (c.creativeType && plan.creativeAny.includes(c.creativeType))
    out.push(`type: ${c.creativeType}`);
  if (c.source && plan.sourcesAny.includes(c.source)) out.push(`source: ${c.source}`);
  if (c.director && plan.peopleAny.includes(c.director)) out.push(`director: ${c.director}`);
  // The filter holds only titles crediting one of the people: whoever did not direct it is in its cast.
  const cast = plan.peopleAny.filter((p) => p !== c.director);
  if (cast.length && !(c.director && plan.peopleAny.includes(c.director)))
    out.push(`with ${cast.join(' or ')}`);
  if (plan.yearMin !== undefined || plan.yearMax !== undefined) out.push(`year: ${c.releaseYear}`);
  if (plan.runtimeMin !== undefined || plan.runtimeMax !== undefined)
    out.push(`runtime: ${c.runtimeMinutes} min`);
  if (plan.ratingMin !== undefined || q.entities.sort === 'best')
    out.push(`rated ${c.imdbRating ?? '?'} on IMDb`);
  if (plan.mpaaIn.length && c.mpaaRating) out.push(`rated ${c.mpaaRating}`);
  for (const mood of q.entities.moods) {
    if (c.genres.some((g) => MOODS[mood]?.boost.includes(g))) out.push(`mood: ${mood}`);
  }
  if (vecSim !== undefined && vecSim > 0.25) out.push('similar in theme');
  if (plan.leavingWithinDays !== undefined)
    out.push(`leaving within ${plan.leavingWithinDays} days`);
  if (plan.addedWithinDays !== undefined)
    out.push(`added in the last ${plan.addedWithinDays} days`);
  if (
    q.entities.sort !== 'relevance' &&
    q.entities.sort !== 'leaving_soon' &&
    q.entities.sort !== 'recently_added'
  )
    out.push(`sorted: ${q.entities.sort}`);
  if (plan.platforms.length || plan.priceTiers.length) {
    const hit = offers.find(
      (o) =>
        (!plan.platforms.length || plan.platforms.includes(o.platformId)) &&
        (!plan.priceTiers.length || plan.priceTiers.includes(o.priceTier)),
    );
    if (hit) out.push(`on ${hit.platformName} (${hit.priceTier})`);
  } else if (offers[0]) out.push(`watch on ${offers[0].platformName}`);
  return out;
}

export async function searchCatalog(deps: SearchDeps, input: SearchInput): Promise<SearchOutput> {
  const now = deps.now ?? (() => Date.now());
  const started = now();
  const fallbacks: string[] = [];
  const notes: string[] = [];
  const normalized = normalizeQuery(input.query);
  const queryKey = JSON.stringify([
    normalized,
    input.region,
    input.filters ?? null,
    input.user?.id ?? null,
    input.maxRating ?? null,
  ]);
  const offset = decodeCursor(input.cursor, queryKey);
  const tracer = deps.tracer ?? NO_TRACER;
  /**
   * Starts the retrieval legs: SQL (keywords and/or facets), vector, negated words. `probe` is
   * the title probe's question when the legs start before its answer (the keyword statement then
   * asks it too); `known` is what the probe answered when they start after it.
   */
  function startLegs(
    q: ParsedQuery,
    plan: RetrievalPlan,
    hardFacets: number,
    probe: { text: string; minSimilarity: number } | undefined,
    known?: { isTitleLookup: boolean; titleMatches: TitleMatch[]; anchor?: Candidate },
  ): Legs {
    // A leg's degradations are the answer's only if the answer uses the leg (see Legs.fallbacks).
    const fallbacks: string[] = [];
    const isTitleLookup = known?.isTitleLookup ?? false;
    const titleMatches = known?.titleMatches ?? [];
    const anchor = known?.anchor;
    const vectorScores = new Map<string, number>();
    let vectorLeg: SearchMeta['legs']['vector'] = 'skipped';
    // The hashing embedder knows words, not moods: mood words only help a semantic embedder.
    const vectorText = (
      deps.embedder.model === LOCAL_EMBEDDING_MODEL
        ? q.text
        : [q.text, ...q.entities.moods].join(' ')
    ).trim();
    let abandoned = false;
    const runVector = async (): Promise<Candidate[]> => {
      if (isTitleLookup || (!vectorText && !anchor)) return [];
      if (!deps.vector) {
        // No usable index (none configured, pgvector absent, or its status unreadable): the
        // answer says so in legs.vector; not a fallback, so such a deployment's answers are cached.
        vectorLeg = 'unavailable';
        return [];
      }
      const index = deps.vector;
      const vectorMs = deps.vectorTimeoutMs ?? 1000;
      const bounded = <T>(work: Promise<T>) =>
        withTimeout(work, vectorMs, `the vector index took longer than ${vectorMs} ms`);
      try {
        // "like Alien": the anchor's own stored vector (its synopsis), else the query's.
        const stored = anchor
          ? (await bounded(index.vectorsOf([anchor.id]))).get(anchor.id)
          : undefined;
        const embedding =
          stored ??
          (await tracer.stage('embed', () =>
            withTimeout(
              deps.embedder.embed(anchor ? anchor.title : vectorText),
              deps.embedTimeoutMs ?? 1000,
              'the query embedding',
            ),
          ));
        // Dropped meanwhile (the probe named a title): the neighbours would go unread.
        if (abandoned) return [];
        const filter = {
          model: deps.embedder.model,
          yearMin: plan.yearMin,
          yearMax: plan.yearMax,
          genres: plan.genresAny.length ? plan.genresAny : undefined,
        };
        // The neighbours and their rows in one round trip where the index lives in the database.
        const fused =
          index.backend === 'pgvector' && deps.repo.vectorRetrieve
            ? await bounded(deps.repo.vectorRetrieve(embedding, 100, filter, plan))
            : undefined;
        if (fused) {
          for (const c of fused.rows)
            if (c.vectorScore !== undefined) vectorScores.set(c.id, c.vectorScore);
          vectorLeg = 'used';
          return fused.rows;
        }
        const matches = await bounded(index.query(embedding, 100, filter));
        for (const m of matches) vectorScores.set(m.id, m.score);
        vectorLeg = 'used';
        const ids = matches.map((m) => m.id).filter((id) => !plan.excludeIds.includes(id));
        if (!ids.length) return [];
        return (await deps.repo.retrieve({ ...plan, ids, limit: ids.length })).rows;
      } catch (err) {
        vectorLeg = 'unavailable';
        fallbacks.push(
          `vector search failed (${err instanceof Error ? err.message : 'error'}): ranked without it`,
        );
        return [];
      }
    };
    // Words the vocabulary does not know are topic evidence: the keyword leg finds titles whose
    // text document holds them (title, cast, themes, synopsis), the vector leg what they mean.
    const wordsQuery = !isTitleLookup && !anchor && q.text.trim() !== '';
    const filtersGiven = Boolean(input.filters && Object.keys(input.filters).length);
    const keywordOnly =
      wordsQuery && hardFacets === 0 && !filtersGiven && (q.negations.platforms ?? []).length === 0;
    const keywordScores = new Map<string, number>();
    const titleWeight = deps.fusion?.keywordTitle ?? DEFAULT_FUSION.keywordTitle;
    /** The probe's answer when the keyword or facets' statement asked it (see Legs.probed). */
    let probed: Promise<TitleMatch[] | undefined> | undefined;
    const runSql = async (): Promise<{ rows: Candidate[]; total: number }> => {
      if (isTitleLookup) {
        const ids = titleMatches.filter((t) => t.similarity >= 0.3).map((t) => t.id);
        const r = await deps.repo.retrieve({ ...emptyPlan(input.region), ids, limit: ids.length });
        const order = new Map(ids.map((id, i) => [id, i]));
        r.rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        return r;
      }
      if (!wordsQuery) {
        // No words, no keyword statement: the facets' statement asks the probe's question.
        if (!probe) return deps.repo.retrieve(plan);
        const asking = deps.repo.retrieve(plan, { ...probe, limit: 20 });
        probed = asking.then((r) => r.titleMatches);
        return asking;
      }
      // Facets and words: the facets' titles, plus those the words find. The words' titles (and
      // the probe's) in one statement with their rows, the facets' asked with it (one request
      // where the repository can; else at once).
      const probeAsked = probe ? { ...probe, limit: 20 } : undefined;
      const asking = deps.repo.keywordRetrieve?.(
        { ...plan, limit: KEYWORD_CANDIDATES + 20 },
        {
          text: q.text,
          limit: KEYWORD_CANDIDATES,
          titleWeight,
          titleProbe: probeAsked,
          facets: keywordOnly ? undefined : plan,
        },
      );
      const facets = keywordOnly
        ? undefined
        : asking
          ? asking.then((r) => r?.facets ?? deps.repo.retrieve(plan))
          : deps.repo.retrieve(plan);
      facets?.catch(() => {});
      if (asking && probeAsked) probed = asking.then((r) => r?.titleMatches);
      const fused = asking ? await asking : undefined;
      let wordRows: Candidate[];
      if (fused) {
        for (const c of fused.rows)
          if (c.keywordScore !== undefined) keywordScores.set(c.id, c.keywordScore);
        wordRows = fused.rows;
        if (keywordOnly) return { rows: wordRows, total: wordRows.length };
      } else {
        const matches = await deps.repo.keywordMatches(q.text, KEYWORD_CANDIDATES, { titleWeight });
        const best = matches[0]?.score ?? 0;
        for (const m of matches) keywordScores.set(m.id, best > 0 ? m.score / best : 0);
        const probed = probe
          ? await deps.repo.titleMatches(probe.text, 20, probe.minSimilarity)
          : titleMatches;
        const ids = [
          ...new Set([
            ...matches.map((m) => m.id),
            ...probed.filter((t) => t.similarity >= 0.3).map((t) => t.id),
          ]),
        ];
        if (keywordOnly) {
          // Nothing but words: the candidates are what the words found (no facet to browse by).
          if (!ids.length) return { rows: [], total: 0 };
          const r = await deps.repo.retrieve({ ...plan, ids, limit: ids.length });
          return { rows: r.rows, total: r.rows.length };
        }
        wordRows = ids.length
          ? (await deps.repo.retrieve({ ...plan, ids, limit: ids.length })).rows
          : [];
      }
      // The facets' titles, plus those the words found that pass the facets.
      const facetRows = await facets!;
      const seen = new Set(facetRows.rows.map((c) => c.id));
      return {
        rows: [...facetRows.rows, ...wordRows.filter((c) => !seen.has(c.id))],
        total: facetRows.total,
      };
    };
    // Negated words ("not too gory"): the titles whose text holds them, to rank lower.
    const negatedTerms = q.negations.terms ?? [];
    const runNegated = async (): Promise<Set<string>> => {
      if (isTitleLookup || !negatedTerms.length) return new Set();
      return new Set(
        (await deps.repo.keywordMatches(negatedTerms.join(' '), NEGATED_CANDIDATES)).map(
          (m) => m.id,
        ),
      );
    };
    const all = Promise.all([runSql(), runVector(), runNegated()]);
    return {
      all,
      probed: () => probed,
      vectorScores,
      keywordScores,
      vectorLeg: () => vectorLeg,
      abandon: () => {
        abandoned = true;
      },
      fallbacks,
      wordsQuery,
      keywordOnly,
    };
  }

  let speculative: Legs | undefined;
  // "parse" is understanding the query: the parser or LLM, whether it names a title, the plan.
  const { q, titleMatches, isTitleLookup, plan, anchor, hardFacets } = await tracer.stage(
    'parse',
    async () => {
      const q = await understand(deps, input.query, fallbacks);

      // 1. Does the whole query name a title? ("godfahter", "Free Willy", "1776")
      const probeText = q.entities.similarTo ?? normalized;
      const filtersGiven = Boolean(input.filters && Object.keys(input.filters).length);
      // Moods and sort cues are soft: "the dark night" is a title with a mood word in it.
      const e = q.entities;
      const hardFacets =
        e.genres.length +
        e.people.length +
        e.mpaa.length +
        e.platforms.length +
        e.priceTiers.length +
        e.sources.length +
        e.creativeTypes.length +
        (e.years ? 1 : 0) +
        (e.runtime ? 1 : 0) +
        (e.rating ? 1 : 0) +
        (e.leavingWithinDays !== undefined ? 1 : 0) +
        (e.addedWithinDays !== undefined ? 1 : 0);
      // The weakest title match that could change what happens next (see isTitleLookup below):
      // the probe asks for no less, so a query full of facets costs one cheap, strict scan.
      const weakest =
        q.entities.similarTo !== undefined
          ? TITLE_LOOKUP_SIMILARITY
          : q.intent === 'title_lookup'
            ? titleLookupFloor(normalized)
            : hardFacets === 0
              ? SOFT_FACET_TITLE_SIMILARITY
              : EXACT_TITLE_SIMILARITY;
      // Long requests full of facets are not titles, and explicit filters rule a title look-up
      // out: skipping the probe saves a trigram scan.
      const probe =
        q.entities.similarTo !== undefined ||
        (!filtersGiven && (q.intent === 'title_lookup' || probeText.split(' ').length <= 5));
      // Without "like X" nothing the legs need waits on the probe: they start beside it (one
      // round trip instead of two in turn), and are dropped if the probe finds the title asked for.
      // When their keyword statement asks the probe's question too, its answer is the probe's:
      // one statement (and, in the Worker, one HTTP request) fewer.
      if (!q.entities.similarTo) {
        const early = planFrom(q, input, Math.min(1000, offset + input.limit + 100));
        if (q.intent === 'recommend' && early.order === 'relevance') early.order = 'best';
        if (q.intent === 'recommend') early.availableOnly = true;
        speculative = startLegs(
          q,
          early,
          hardFacets,
          probe ? { text: probeText, minSimilarity: weakest } : undefined,
        );
        // An abandoned leg's failure is not this request's.
        speculative.all.catch(() => {});
      }
      const asked = probe ? speculative?.probed() : undefined;
      const titleMatches =
        (asked && (await asked)) ??
        (probe ? await deps.repo.titleMatches(probeText, 20, weakest) : []);
      const top = titleMatches[0];
      // "disaster movies" asks for the theme, not for Disaster Movie (typed exactly, it is that film).
      const kindAsked =
        hardFacets > 0 &&
        asksForAKind(normalized) &&
        top !== undefined &&
        normalizeQuery(top.title) !== normalized;
      const isTitleLookup =
        !q.entities.similarTo &&
        top !== undefined &&
        !filtersGiven &&
        !kindAsked &&
        (top.similarity >= EXACT_TITLE_SIMILARITY ||
          (q.intent === 'title_lookup' && top.similarity >= titleLookupFloor(normalized)) ||
          (hardFacets === 0 && top.similarity >= SOFT_FACET_TITLE_SIMILARITY));
      if (isTitleLookup) {
        q.intent = 'title_lookup';
        if (normalizeQuery(top.title) !== normalized && top.similarity < 1)
          q.correction = { from: input.query, to: top.title };
      } else if (q.intent === 'title_lookup') {
        // The parser's guess, and no title is close enough: the words describe a film.
        q.intent = 'search';
      }

      const window = Math.min(1000, offset + input.limit + 100);
      const plan = planFrom(q, input, window);
      let anchor: Candidate | undefined;
      if (q.entities.similarTo && top && top.similarity >= TITLE_LOOKUP_SIMILARITY) {
        anchor = (await deps.repo.retrieve({ ...emptyPlan(input.region), ids: [top.id], limit: 1 }))
          .rows[0];
        if (anchor) {
          plan.excludeIds.push(anchor.id);
          notes.push(`like "${anchor.title}" (${anchor.releaseYear ?? 'n/a'})`);
        }
      } else if (q.intent === 'recommend') {
        notes.push(GENERIC_RECOMMEND_NOTE);
        if (plan.order === 'relevance') plan.order = 'best';
        plan.availableOnly = true;
      }
      if (q.entities.myPlatforms && !input.user?.platforms.length) {
        notes.push('sign in and set your platforms to limit results to services you pay for');
      }
      return { q, titleMatches, isTitleLookup, plan, anchor, hardFacets };
    },
  );

  // 2. Retrieval legs, in parallel (started beside the probe unless it made this a title look-up).
  if (speculative && isTitleLookup) {
    speculative.abandon();
    speculative = undefined;
  }
  const legs =
    speculative ??
    startLegs(q, plan, hardFacets, undefined, { isTitleLookup, titleMatches, anchor });
  // "like Alien": its series, asked beside the legs (a failure only loses the pinning).
  const series =
    anchor && deps.franchise && q.entities.sort === 'relevance'
      ? deps.franchise(anchor).then(
          (ids) => ids.slice(0, FRANCHISE_PINNED),
          () => [] as string[],
        )
      : Promise.resolve([] as string[]);
  const [sqlLeg, vecRows, dampIds] = await tracer.stage('retrieve', () => legs.all);
  const seriesIds = await series;
  // Series members the legs did not bring, read with the query's filters ("on netflix").
  const seriesMissing = seriesIds.filter(
    (id) => !sqlLeg.rows.some((c) => c.id === id) && !vecRows.some((c) => c.id === id),
  );
  if (seriesMissing.length)
    vecRows.push(
      ...(await deps.repo.retrieve({ ...plan, ids: seriesMissing, limit: seriesMissing.length }))
        .rows,
    );
  fallbacks.push(...legs.fallbacks);
  const { vectorScores, keywordScores } = legs;
  const vectorLeg = legs.vectorLeg();
  const wordsQuery = legs.wordsQuery;
  const keywordOnly = legs.keywordOnly;
  // Gibberish ("asdkjhqwe"): no word, title or facet of the catalog matches. An honest empty
  // answer; the nearest vectors of nonsense are nonsense too.
  const nothingMatched = keywordOnly && sqlLeg.rows.length === 0;
  if (nothingMatched) {
    vecRows.length = 0;
    notes.push(
      `nothing in the catalog matches "${input.query.trim()}": check the spelling, or try a title, a person or a genre`,
    );
  }

  // 3. Fuse and rank.
  const simById = new Map(titleMatches.map((t) => [t.id, t.similarity]));
  const ranked = await tracer.stage('rank', async () => {
    const byId = new Map(sqlLeg.rows.map((c) => [c.id, c]));
    for (const c of vecRows) if (!byId.has(c.id)) byId.set(c.id, c);
    let ranked: Ranked[];
    if (isTitleLookup) {
      ranked = sqlLeg.rows.map((c) => ({
        candidate: c,
        score: Math.round((simById.get(c.id) ?? 0) * 1000) / 1000,
      }));
    } else {
      ranked = rankCandidates([...byId.values()], {
        entities: q.entities,
        hasText: q.text !== '',
        vector: vectorScores,
        keyword: wordsQuery ? keywordScores : undefined,
        damp: q.negations.soft,
        dampIds,
        softRuntime: { max: q.negations.softRuntimeMax, min: q.negations.softRuntimeMin },
        fusion: deps.fusion ? { ...DEFAULT_FUSION, ...deps.fusion } : undefined,
        user: input.user,
        extraBoost: anchor?.genres,
      });
      // "like Alien": Aliens, Alien 3… first, in the series' order, when they pass the filters.
      if (seriesIds.length) {
        const pinned = seriesIds
          .map((id) => ranked.find((r) => r.candidate.id === id))
          .filter((r): r is Ranked => r !== undefined);
        ranked = [...pinned, ...ranked.filter((r) => !pinned.includes(r))];
      }
    }
    return ranked;
  });
  const total = isTitleLookup ? ranked.length : Math.max(sqlLeg.total, ranked.length);
  const page = ranked.slice(offset, offset + input.limit);
  // The rows carry their offers when the repository read them together: no round trip left.
  const offers = await tracer.stage('availability', async () =>
    page.every((r) => r.candidate.offers)
      ? new Map(page.map((r) => [r.candidate.id, r.candidate.offers!]))
      : deps.repo.offers(
          page.map((r) => r.candidate.id),
          input.region,
        ),
  );

  const results: SearchResult[] = page.map(({ candidate: c, score }) => {
    const o = offers.get(c.id) ?? [];
    const tiers = plan.priceTiers;
    return toSearchResult(c, {
      availability: (tiers.length ? o.filter((x) => tiers.includes(x.priceTier)) : o).slice(0, 6),
      score,
      why: [
        ...(anchor && seriesIds.includes(c.id) ? [`from the same series as ${anchor.title}`] : []),
        ...why(
          c,
          q,
          plan,
          vectorScores.get(c.id),
          isTitleLookup && (simById.get(c.id) ?? 0) >= TITLE_LOOKUP_SIMILARITY,
          o,
        ),
      ],
    });
  });
  const nextOffset = offset + input.limit;
  return {
    query: q,
    results,
    meta: {
      total,
      totalCapped: !isTitleLookup && sqlLeg.total >= 1000,
      took_ms: now() - started,
      nextCursor: nextOffset < ranked.length ? encodeCursor(nextOffset, queryKey) : null,
      legs: { sql: true, vector: vectorLeg, titleProbe: titleMatches.length > 0 },
      fallbacks,
      notes,
    },
  };
}

interface Legs {
  all: Promise<[{ rows: Candidate[]; total: number }, Candidate[], Set<string>]>;
  /**
   * What the title probe found, when the legs' keyword or facets' statement asked it (started
   * with a `probe`); undefined when neither did (the repository cannot, or another leg runs).
   */
  probed(): Promise<TitleMatch[] | undefined> | undefined;
  vectorScores: Map<string, number>;
  keywordScores: Map<string, number>;
  vectorLeg(): SearchMeta['legs']['vector'];
  /** Legs the answer will not use: statements not yet sent are not sent (the neighbours'). */
  abandon(): void;
  /** What the legs gave up (a failing vector index...): the answer's fallbacks once adopted. */
  fallbacks: string[];
  wordsQuery: boolean;
  keywordOnly: boolean;
}

export function emptyPlan(region: string): RetrievalPlan {
  return {
    region,
    text: '',
    mpaaIn: [],
    mpaaNotIn: [],
    genresAny: [],
    genresNone: [],
    creativeAny: [],
    creativeNone: [],
    sourcesAny: [],
    sourcesNone: [],
    peopleAny: [],
    peopleNone: [],
    platforms: [],
    priceTiers: [],
    availableOnly: false,
    excludeIds: [],
    order: 'relevance',
    limit: 20,
  };
}
