import { describe, expect, it } from 'vitest';
import movies from '../../node_modules/vega-datasets/data/movies.json' with { type: 'json' };
import { parseQuery, type Gazetteer } from '../../src/services/search/parse-query';

const gaz: Gazetteer = {
  genres: [
    'comedy',
    'drama',
    'action',
    'adventure',
    'horror',
    'thriller',
    'western',
    'musical',
    'documentary',
    'romance',
    'black comedy',
    'concert',
    'animation',
  ],
  creativeTypes: [
    'Contemporary Fiction',
    'Science Fiction',
    'Historical Fiction',
    'Fantasy',
    'Dramatization',
    'Factual',
    'Super Hero',
    'Kids Fiction',
  ],
  sources: [
    'Original Screenplay',
    'Based on Book/Short Story',
    'Remake',
    'Based on Comic/Graphic Novel',
    'Based on Real Life Events',
    'Based on TV',
    'Based on Play',
    'Based on Game',
  ],
  people: [
    ...Object.entries(
      (movies as { Director: string | null }[]).reduce<Record<string, number>>((acc, m) => {
        if (m.Director) acc[m.Director] = (acc[m.Director] ?? 0) + 1;
        return acc;
      }, {}),
    ).map(([name, credits]) => ({ name, credits })),
    // Actors, as the catalog's cast lists give them (with their credit counts).
    { name: 'Tom Hanks', credits: 48 },
    { name: 'Denzel Washington', credits: 40 },
    { name: 'Meryl Streep', credits: 45 },
    { name: 'John Candy', credits: 25 },
    { name: 'Arnold Schwarzenegger', credits: 35 },
    { name: 'Robert De Niro', credits: 80 },
    { name: 'Samuel L. Jackson', credits: 90 },
    { name: 'Thelma White', credits: 3 },
    { name: 'Colin Hanks', credits: 6 },
    { name: 'Nicolas Cage', credits: 60 },
    { name: 'Jean-Claude Van Damme', credits: 30 },
    { name: 'Method Man', credits: 20 },
  ],
  platforms: [
    'netflix',
    'prime-video',
    'disney-plus',
    'hulu',
    'max',
    'apple-tv-plus',
    'peacock',
    'paramount-plus',
    'tubi',
  ],
  latestYear: 2010,
};
const p = (q: string) => parseQuery(q, gaz);

describe('parseQuery', () => {
  it('reads the product example end to end', () => {
    const r = p('a feel-good 90s comedy under two hours on something I already pay for');
    expect(r.intent).toBe('browse');
    expect(r.entities).toMatchObject({
      genres: ['comedy'],
      moods: ['feel-good'],
      years: { min: 1990, max: 1999 },
      runtime: { max: 120 },
      myPlatforms: true,
    });
    expect(r.text).toBe('');
  });

  it.each([
    ['80s horror', { min: 1980, max: 1989 }],
    ['westerns from the 1930s', { min: 1930, max: 1939 }],
    ['dramas before 1970', { max: 1969 }],
    ['comedies from 2005', { min: 2005, max: 2005 }],
    ['action since 2000', { min: 2000 }],
    ['thrillers after 2000', { min: 2001 }],
    ['early 90s action', { min: 1990, max: 1993 }],
    ['dramas between 1995 and 2000', { min: 1995, max: 2000 }],
    ['eighties comedies', { min: 1980, max: 1989 }],
  ])('time: %s', (q, years) => {
    expect(p(q).entities.years).toEqual(expect.objectContaining(years));
  });

  it.each([
    ['comedies under 90 minutes', { max: 90 }],
    ['dramas over 3 hours', { min: 180 }],
    ['an hour and a half romantic comedy', { max: 90 }],
    ['adventures over two and a half hours', { min: 150 }],
  ])('runtime: %s', (q, runtime) => {
    expect(p(q).entities.runtime).toEqual(expect.objectContaining(runtime));
  });

  it('quality cues and explicit scores combine to the strictest bound', () => {
    expect(p('highly rated dramas').entities.rating?.min).toBe(7.5);
    expect(p('highly rated dramas above 8').entities.rating?.min).toBeGreaterThan(8);
    expect(p('comedies 7+').entities.rating?.min).toBe(7);
    expect(p('best westerns').entities.sort).toBe('best');
  });

  it('negations', () => {
    expect(p('sci-fi not rated R').negations.mpaa).toEqual(['R']);
    expect(p('no horror please, something funny').negations.genres).toEqual(['horror']);
    expect(p('no horror please, something funny').entities.genres).toEqual(['comedy']);
    expect(p('thrillers without romance').negations.genres).toEqual(['romance']);
  });

  it('people, with typos forgiven', () => {
    const r = p('stephen spielburg movies');
    expect(r.entities.people).toEqual(['Steven Spielberg']);
    expect(r.correction).toEqual({ from: 'stephen spielburg', to: 'Steven Spielberg' });
    expect(p('films by scorsese').entities.people).toEqual(['Martin Scorsese']);
  });

  it.each([
    ['movies with tom hanks', ['Tom Hanks'], {}],
    ['tom hanks comedies', ['Tom Hanks'], { genres: ['comedy'] }],
    ['meryl streep 90s', ['Meryl Streep'], { years: { min: 1990, max: 1999 } }],
    ['samuel jackson movies', ['Samuel L. Jackson'], {}],
    ['samuel l. jackson', ['Samuel L. Jackson'], {}],
    ['jean-claude van damme', ['Jean-Claude Van Damme'], {}],
    ['de niro movies', ['Robert De Niro'], {}],
    ['movies starring hanks', ['Tom Hanks'], {}],
    ["kubrick's films", ['Stanley Kubrick'], {}],
  ])('actors and directors by name: %s', (q, people, entities) => {
    const r = p(q);
    expect(r.entities.people).toEqual(people);
    expect(r.entities).toMatchObject(entities);
    expect(r.text).toBe('');
  });

  it('actors with a typo, and the correction', () => {
    const r = p('moveis with jonh candy');
    expect(r.entities.people).toEqual(['John Candy']);
    expect(r.correction).toEqual({ from: 'jonh candy', to: 'John Candy' });
    expect(p('arnold schwarzeneger action').entities).toMatchObject({
      people: ['Arnold Schwarzenegger'],
      genres: ['action'],
    });
    expect(p('nicholas cage movies').entities.people).toEqual(['Nicolas Cage']);
  });

  it("an everyday noun's possessive is not a surname cue", () => {
    expect(p("murdered man's ghost uses a fake psychic").entities.people).toEqual([]);
    expect(p("hanks's dramas").entities.people).toEqual(['Tom Hanks']);
  });

  it('a speed is not a runtime: "50 miles an hour" stays words', () => {
    const r = p('bus rigged to blow up if it drops below 50 miles an hour');
    expect(r.entities.runtime).toBeUndefined();
    expect(r.text).toContain('miles');
    expect(p('a comedy an hour long').entities.runtime).toEqual({ min: 50, max: 70 });
  });

  it('a known item with an actor keeps the description as words', () => {
    const r = p('that denzel washington film where he is a corrupt cop');
    expect(r.entities.people).toEqual(['Denzel Washington']);
    expect(r.text).toContain('corrupt cop');
    expect(r.intent).toBe('search');
  });

  it('title words are not read as names', () => {
    // "the white" is not Thelma White, a lone "hanks" without a cue is a word, and Colin Hanks
    // does not make the surname ambiguous enough to lose Tom.
    expect(p('the white scar').entities.people).toEqual([]);
    expect(p('hanks').entities.people).toEqual([]);
    expect(p('a movie with hanks').entities.people).toEqual(['Tom Hanks']);
    expect(p('tom and jerry').entities.people).toEqual([]);
  });

  it('negated people', () => {
    expect(p('comedies without tom hanks').negations.people).toEqual(['Tom Hanks']);
    expect(p('comedies not with tom hanks').negations.people).toEqual(['Tom Hanks']);
    expect(p('thrillers not by hitchcock').negations.people).toEqual(['Alfred Hitchcock']);
  });

  it.each([
    ['leaving soon', { leavingWithinDays: 14, sort: 'leaving_soon' }],
    [
      "what's leaving netflix",
      { leavingWithinDays: 14, platforms: ['netflix'], sort: 'leaving_soon' },
    ],
    ['movies leaving hulu this month', { leavingWithinDays: 30, platforms: ['hulu'] }],
    ['horror leaving soon', { leavingWithinDays: 14, genres: ['horror'] }],
    ['last chance to watch', { leavingWithinDays: 14 }],
    ['new on hulu', { addedWithinDays: 30, platforms: ['hulu'], sort: 'recently_added' }],
    ["what's new on disney+", { addedWithinDays: 30, platforms: ['disney-plus'] }],
    ['just added to netflix', { addedWithinDays: 30, platforms: ['netflix'] }],
    ['comedies recently added this week', { addedWithinDays: 7, genres: ['comedy'] }],
  ])('availability intents: %s', (q, entities) => {
    const r = p(q);
    expect(r.entities).toMatchObject(entities);
    expect(r.intent).toBe('browse');
    expect(r.text).toBe('');
    expect(r.entities.years).toBeUndefined();
  });

  it('availability words inside titles stay title words; prices are tiers', () => {
    expect(p('leaving las vegas').entities.leavingWithinDays).toBeUndefined();
    expect(p('leaving las vegas').intent).toBe('title_lookup');
    expect(p('new releases').entities.addedWithinDays).toBeUndefined();
    for (const q of ['free tonight', 'free to stream', 'something free to watch tonight']) {
      const r = p(q);
      expect(r.entities.priceTiers, q).toEqual(['free', 'ads']);
      expect(r.intent, q).toBe('browse');
    }
  });

  it('negations of every facet', () => {
    expect(p('not animated')).toMatchObject({
      intent: 'browse',
      negations: { genres: ['animation'] },
      text: '',
    });
    expect(p('comedies, no horror or thrillers').negations.genres).toEqual(['horror', 'thriller']);
    expect(p('not on hulu or netflix')).toMatchObject({
      entities: { platforms: [] },
      negations: { platforms: ['hulu', 'netflix'] },
    });
    expect(p('nothing from the 80s').negations.years).toEqual({ min: 1980, max: 1989 });
    expect(p('dramas not from the nineties')).toMatchObject({
      entities: { genres: ['drama'] },
      negations: { years: { min: 1990, max: 1999 } },
    });
    expect(p('dramas not from the nineties').entities.years).toBeUndefined();
    expect(p('not old').entities.years).toEqual({ min: 1980 });
    expect(p('comedies that are not long').entities.runtime).toEqual({ max: 149 });
    expect(p('not under 90 minutes').entities.runtime).toEqual({ min: 90 });
    expect(p('not short').entities.runtime).toEqual({ min: 96 });
    expect(p('not free').entities.priceTiers).toEqual(['subscription', 'rent', 'buy']);
    expect(p('not based on a true story').negations.sources).toEqual(['Based on Real Life Events']);
    expect(p('no superheroes').negations.creativeTypes).toEqual(['Super Hero']);
    expect(p('thrillers but not r rated').negations.mpaa).toEqual(['R']);
  });

  it('soft negations lower scores instead of filtering', () => {
    const long = p('a thriller, nothing too long');
    expect(long.entities.runtime).toBeUndefined();
    expect(long.negations.softRuntimeMax).toBe(130);
    expect(long.text).toBe('');
    // A mood negated, softly or not, tempers: "not dark" is not a title look-up for "not dark".
    expect(p('not dark')).toMatchObject({
      intent: 'browse',
      negations: { soft: expect.arrayContaining(['thriller', 'horror']) },
    });
    expect(p('not too sad').negations.soft).toEqual(['drama']);
    // Words the vocabulary does not know are evidence against, not for.
    const gory = p('scary but not too gory');
    expect(gory).toMatchObject({
      entities: { genres: ['horror'] },
      negations: { terms: ['gory'] },
      text: '',
    });
  });

  it('sources, creative types, platforms and tiers', () => {
    expect(p('thrillers based on a true story').entities.sources).toEqual([
      'Based on Real Life Events',
    ]);
    expect(p('movies based on a book').entities.sources).toEqual(['Based on Book/Short Story']);
    expect(p('biggest superhero movies on netflix').entities).toMatchObject({
      creativeTypes: ['Super Hero'],
      platforms: ['netflix'],
      sort: 'biggest',
    });
    expect(p('free documentaries').entities.priceTiers).toEqual(['free', 'ads']);
    expect(p('family friendly fantasy').entities.mpaa).toEqual(['G', 'PG']);
  });

  it('intent', () => {
    expect(p('godfahter').intent).toBe('title_lookup');
    expect(p('something like Alien but funnier')).toMatchObject({
      intent: 'recommend',
      entities: { similarTo: 'alien', moods: ['funny'] },
    });
    expect(p('what should I watch tonight').intent).toBe('recommend');
    expect(p('martin scorsese crime dramas').intent).toBe('search');
  });

  it('text that looks like SQL or operators stays text', () => {
    expect(p('Romeo and Juliet').text).toBe('romeo juliet');
    expect(p('R-rated OR PG').entities.mpaa).toEqual(['R', 'PG']);
    expect(p("'; drop table content; --").intent).toBe('title_lookup');
  });

  it('a bare year alone is a title, beside a genre it is a year', () => {
    expect(p('1776').intent).toBe('title_lookup');
    expect(p('comedies 1994').entities.years).toEqual({ min: 1994, max: 1994 });
  });
});
