/**
 * The vector leg's embedder is an outside service: slow or down, a search still answers from its
 * lexical legs and says so; the local service speaks OpenAI's wire format; words the vocabulary
 * does not know become keyword evidence; negations of every facet, platforms included.
 */
import { describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../../src/adapters/openai/embedder';
import { parseQuery, type Gazetteer } from '../../src/services/search/parse-query';
import type { Candidate, Embedder, SearchRepository } from '../../src/services/search/ports';
import { searchCatalog, type SearchDeps } from '../../src/services/search/search';
import type { VectorIndex } from '../../src/services/ports';
import { titleEmbeddingText } from '../../src/services/embedding/title-text';
import {
  createLocalEmbedder,
  startEmbeddingService,
} from '../../dev/local-stack/embeddings/service';

const gaz: Gazetteer = {
  genres: ['comedy', 'horror', 'drama', 'spy', 'noir', 'war', 'disaster'],
  creativeTypes: [],
  sources: [],
  people: [{ name: 'Steven Spielberg', credits: 30 }],
  platforms: ['netflix', 'hulu'],
  latestYear: 2023,
};

const film = (id: string, title: string, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  title,
  releaseYear: 1975,
  type: 'movie',
  genres: ['thriller'],
  creativeType: null,
  source: null,
  director: null,
  runtimeMinutes: 120,
  mpaaRating: 'PG',
  imdbRating: 8,
  imdbVotes: 500_000,
  rottenTomatoes: 97,
  popularity: 0.9,
  worldwideGross: null,
  textRank: 0,
  titleSimilarity: 0,
  regionPlatforms: [],
  ...extra,
});

/** A repository over three films; the keyword leg finds "shark". */
function fakeRepo(): SearchRepository {
  const films = [
    film('jaws-1975', 'Jaws'),
    film('the-birds-1963', 'The Birds'),
    film('orca-1977', 'Orca'),
  ];
  return {
    gazetteer: async () => gaz,
    titleMatches: async () => [],
    retrieve: async (plan) => {
      const rows = plan.ids ? films.filter((f) => plan.ids!.includes(f.id)) : films;
      return { rows, total: rows.length };
    },
    keywordMatches: async (text) =>
      text.includes('shark')
        ? [
            { id: 'jaws-1975', score: 2, hits: 2 },
            { id: 'orca-1977', score: 1, hits: 1 },
          ]
        : [],
    offers: async () => new Map(),
    suggestions: async () => [],
    recordSearch: async () => {},
    recordSearches: async () => 0,
  };
}

const vector: VectorIndex = {
  backend: 'fake',
  status: async () => ({ status: 'ok', backend: 'fake', message: '' }),
  query: async () => [{ id: 'the-birds-1963', score: 0.5 }],
  upsert: async () => {},
  vectorsOf: async () => new Map(),
  queryNear: async () => [],
};

const embedderThat = (embed: Embedder['embed']): Embedder => ({
  model: 'use-lite-512',
  dimensions: 512,
  embed,
});

const deps = (embedder: Embedder): SearchDeps => ({
  repo: fakeRepo(),
  gazetteer: async () => gaz,
  embedder,
  vector,
  embedTimeoutMs: 100,
});

describe('an embedding service that is slow or down never fails a search', () => {
  const q = { query: 'the one where a shark attacks a beach town', region: 'US', limit: 10 };

  it('down: the lexical legs answer and meta.fallbacks says so', async () => {
    const out = await searchCatalog(
      deps(
        embedderThat(async () => {
          throw new Error('connect ECONNREFUSED');
        }),
      ),
      q,
    );
    expect(out.results[0]?.id).toBe('jaws-1975');
    expect(out.meta.legs.vector).toBe('unavailable');
    expect(out.meta.fallbacks.join(' ')).toMatch(/vector search failed.*ECONNREFUSED/);
  });

  it('slow: given up after the timeout, same answer', async () => {
    const t = Date.now();
    const out = await searchCatalog(
      deps(
        embedderThat(() => new Promise((r) => setTimeout(() => r(new Array(512).fill(0)), 2000))),
      ),
      q,
    );
    expect(Date.now() - t).toBeLessThan(1000);
    expect(out.results[0]?.id).toBe('jaws-1975');
    expect(out.meta.fallbacks.join(' ')).toMatch(/vector search failed \(the query embedding/);
  });

  it('up: the vector leg adds its evidence to the keyword candidates', async () => {
    const out = await searchCatalog(deps(embedderThat(async () => new Array(512).fill(0.1))), q);
    expect(out.meta.legs.vector).toBe('used');
    expect(out.results.map((r) => r.id)).toEqual(
      expect.arrayContaining(['jaws-1975', 'orca-1977', 'the-birds-1963']),
    );
    expect(out.results[0]?.id).toBe('jaws-1975');
  });

  it('gibberish: an honest empty answer with a note, not the nearest vectors of nonsense', async () => {
    const out = await searchCatalog(deps(embedderThat(async () => new Array(512).fill(0.1))), {
      ...q,
      query: 'asdkjhqwe zxqv',
    });
    expect(out.results).toEqual([]);
    expect(out.meta.notes.join(' ')).toMatch(/nothing in the catalog matches/);
  });
});

describe('understanding', () => {
  const p = (s: string) => parseQuery(s, gaz);
  it('a platform negation excludes the platform', () => {
    const q = p('spielberg movies not on netflix');
    expect(q.entities.platforms).toEqual([]);
    expect(q.negations.platforms).toEqual(['netflix']);
    expect(q.entities.people).toEqual(['Steven Spielberg']);
    expect(p('comedies on hulu').entities.platforms).toEqual(['hulu']);
  });
  it('a soft negation lowers rather than excludes', () => {
    const q = p('a drama but not too scary');
    expect(q.negations.genres).toEqual([]);
    expect(q.negations.soft).toContain('horror');
  });
  it('a kind of film or a description is not a title look-up', () => {
    expect(p('a heist movie').intent).not.toBe('title_lookup');
    expect(p('the one where a shark attacks a beach town').intent).toBe('search');
    expect(p('godfahter').intent).toBe('title_lookup');
  });
  it('a theme beside a genre asks for both ("found footage horror", "war dramas")', () => {
    const g: Gazetteer = { ...gaz, genres: [...gaz.genres, 'found footage', 'thriller'] };
    expect(parseQuery('found footage horror', g).entities.genresAll).toEqual([
      'found footage',
      'horror',
    ]);
    expect(parseQuery('war dramas', g).entities.genresAll).toEqual(['war', 'drama']);
    expect(parseQuery('a funny spy movie', g).entities.genresAll).toEqual(['comedy', 'spy']);
    expect(parseQuery('noir thrillers from the 50s', g).entities.genresAll).toEqual([
      'noir',
      'thriller',
    ]);
  });

  it('genres joined by or, and or a comma stay alternatives', () => {
    const g: Gazetteer = { ...gaz, genres: [...gaz.genres, 'thriller'] };
    for (const q of ['comedies or dramas', 'horror, thrillers', 'spy and war movies']) {
      const p = parseQuery(q, g);
      expect(p.entities.genres.length, q).toBe(2);
      expect(p.entities.genresAll, q).toEqual([]);
    }
  });

  it('themes are facets', () => {
    expect(p('spy movies').entities.genres).toEqual(['spy']);
    expect(p('film noir').entities.genres).toEqual(['noir']);
  });
});

describe('a theme that is also a title', () => {
  const disasterMovie = film('disaster-movie-2008', 'Disaster Movie', { genres: ['comedy'] });
  const twister = film('twister-1996', 'Twister', { genres: ['action', 'disaster'] });
  const repo = (): SearchRepository => ({
    ...fakeRepo(),
    titleMatches: async () => [
      { id: disasterMovie.id, title: disasterMovie.title, releaseYear: 2008, similarity: 0.9 },
    ],
    retrieve: async (plan) => {
      const all = [disasterMovie, twister];
      const rows = plan.ids
        ? all.filter((f) => plan.ids!.includes(f.id))
        : all.filter(
            (f) => !plan.genresAny.length || f.genres.some((g) => plan.genresAny.includes(g)),
          );
      return { rows, total: rows.length };
    },
  });
  const search = (query: string) =>
    searchCatalog(
      { ...deps(embedderThat(async () => new Array(512).fill(0.1))), repo: repo() },
      { query, region: 'US', limit: 10 },
    );

  it('"disaster movies" asks for the theme', async () => {
    const out = await search('disaster movies');
    expect(out.results.map((r) => r.id)).toEqual(['twister-1996']);
  });
  it('"Disaster Movie" typed exactly is the film', async () => {
    const out = await search('Disaster Movie');
    expect(out.results[0]?.id).toBe('disaster-movie-2008');
  });
});

describe('the local embedding service (OpenAI wire format)', () => {
  it('answers the OpenAI adapter with precomputed vectors for known texts, in order', async () => {
    const text = titleEmbeddingText({
      title: 'Jaws',
      synopsis: 'Jaws is a 1975 American thriller film. A shark attacks a beach town.',
    });
    const known = new Map([[text, new Array(512).fill(0).map((_, i) => (i === 3 ? 1 : 0))]]);
    const local = createLocalEmbedder({ precomputedFile: null });
    const service = await startEmbeddingService({
      embedder: {
        ...local,
        embed: async (ts) => ts.map((t) => known.get(t) ?? new Array(512).fill(0.5)),
      },
    });
    try {
      const e = createOpenAiEmbedder({
        apiKey: 'local',
        baseURL: service.url,
        model: 'use-lite-512-plot',
        dimensions: 512,
        timeoutMs: 5000,
      });
      const [a, b] = await e.embedMany!([text, 'something else']);
      expect(a![3]).toBe(1);
      expect(b![0]).toBe(0.5);
      const wrong = createOpenAiEmbedder({
        apiKey: 'local',
        baseURL: service.url,
        model: 'text-embedding-3-small',
        dimensions: 512,
        timeoutMs: 5000,
      });
      await expect(wrong.embed('x')).rejects.toThrow(/use-lite-512/);
    } finally {
      await service.close();
    }
  });
});

describe('the local embedder batches what arrives while the model is busy', () => {
  const fakeModel = (calls: string[][], failOn?: string) => async () => ({
    embed: async (texts: string[]) => {
      calls.push(texts);
      await new Promise((r) => setTimeout(r, 5));
      if (failOn && texts.includes(failOn)) throw new Error('model failed');
      return texts.map((t) => new Array(512).fill(t.length));
    },
  });

  it('one call for the first text, one for all that waited, each answer its own', async () => {
    const calls: string[][] = [];
    const e = createLocalEmbedder({ precomputedFile: null, loadModel: fakeModel(calls) });
    const first = e.embed(['a']);
    await new Promise((r) => setTimeout(r, 1)); // the model is now busy with 'a'
    const rest = ['bb', 'ccc', 'dddd', 'eeeee'].map((t) => e.embed([t]));
    const out = await Promise.all([first, ...rest]);
    expect(out.map((v) => v[0]![0])).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual([['a'], ['bb', 'ccc', 'dddd', 'eeeee']]);
    expect(e.stats().computed).toBe(5);
  });

  it('a failed batch fails its own requests only; the next call runs', async () => {
    const calls: string[][] = [];
    const e = createLocalEmbedder({ precomputedFile: null, loadModel: fakeModel(calls, 'bad') });
    const first = e.embed(['ok']);
    await new Promise((r) => setTimeout(r, 1));
    const batch = Promise.allSettled([e.embed(['bad']), e.embed(['fine'])]);
    await expect(first).resolves.toHaveLength(1);
    expect((await batch).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toEqual([['ok'], ['bad', 'fine']]);
    await expect(e.embed(['later'])).resolves.toEqual([new Array(512).fill(5)]);
  });
});

describe('soft negations in ranking', () => {
  const search = (
    query: string,
    films: Candidate[],
    keyword: (text: string) => { id: string; score: number; hits: number }[] = () => [],
  ) =>
    searchCatalog(
      {
        repo: {
          ...fakeRepo(),
          retrieve: async (plan) => ({
            rows: plan.ids ? films.filter((f) => plan.ids!.includes(f.id)) : films,
            total: films.length,
          }),
          keywordMatches: async (t) => keyword(t),
        },
        gazetteer: async () => gaz,
        embedder: embedderThat(async () => new Array(512).fill(0)),
      },
      { query, region: 'US', limit: 10 },
    );

  it('"nothing too long" ranks a long film lower without dropping it', async () => {
    const films = [
      film('epic', 'Epic', { runtimeMinutes: 200, genres: ['drama'] }),
      film('brief', 'Brief', { runtimeMinutes: 95, genres: ['drama'], imdbRating: 7 }),
    ];
    const plain = await search('dramas', films);
    expect(plain.results[0]!.id).toBe('epic');
    const out = await search('dramas, nothing too long', films);
    expect(out.results.map((r) => r.id)).toEqual(['brief', 'epic']);
  });

  it('"scary but not too gory": titles whose text holds the word rank lower', async () => {
    const films = [
      film('gore-fest', 'Gore Fest', { genres: ['horror'] }),
      film('ghost', 'Ghost Story', { genres: ['horror'], imdbRating: 7 }),
    ];
    const out = await search('scary but not too gory', films, (t) =>
      t.includes('gory') ? [{ id: 'gore-fest', score: 1, hits: 1 }] : [],
    );
    expect(out.query.negations.terms).toEqual(['gory']);
    expect(out.results.map((r) => r.id)).toEqual(['ghost', 'gore-fest']);
  });
});
