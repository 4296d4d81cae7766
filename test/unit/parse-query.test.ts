import { describe, expect, it } from 'vitest';
import movies from '../../node_modules/vega-datasets/data/movies.json' with { type: 'json' };
import { parseQuery, type Gazetteer } from '../../src/services/search/parse-query';

const gaz: Gazetteer = {
  genres: ['comedy', 'drama', 'action', 'adventure', 'horror', 'thriller', 'western', 'musical', 'documentary', 'romance', 'black comedy', 'concert'],
  creativeTypes: ['Contemporary Fiction', 'Science Fiction', 'Historical Fiction', 'Fantasy', 'Dramatization', 'Factual', 'Super Hero', 'Kids Fiction'],
  sources: ['Original Screenplay', 'Based on Book/Short Story', 'Remake', 'Based on Comic/Graphic Novel', 'Based on Real Life Events', 'Based on TV', 'Based on Play', 'Based on Game'],
  people: [...new Set((movies as { Director: string | null }[]).map((m) => m.Director).filter((d): d is string => Boolean(d)))],
  platforms: ['netflix', 'prime-video', 'disney-plus', 'hulu', 'max', 'apple-tv-plus', 'peacock', 'paramount-plus', 'tubi'],
  latestYear: 2010,
};
const p = (q: string) => parseQuery(q, gaz);

describe('parseQuery', () => {
  it('reads the product example end to end', () => {
    const r = p('a feel-good 90s comedy under two hours on something I already pay for');
    expect(r.intent).toBe('browse');
    expect(r.entities).toMatchObject({ genres: ['comedy'], moods: ['feel-good'], years: { min: 1990, max: 1999 }, runtime: { max: 120 }, myPlatforms: true });
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

  it('sources, creative types, platforms and tiers', () => {
    expect(p('thrillers based on a true story').entities.sources).toEqual(['Based on Real Life Events']);
    expect(p('movies based on a book').entities.sources).toEqual(['Based on Book/Short Story']);
    expect(p('biggest superhero movies on netflix').entities).toMatchObject({ creativeTypes: ['Super Hero'], platforms: ['netflix'], sort: 'biggest' });
    expect(p('free documentaries').entities.priceTiers).toEqual(['free', 'ads']);
    expect(p('family friendly fantasy').entities.mpaa).toEqual(['G', 'PG']);
  });

  it('intent', () => {
    expect(p('godfahter').intent).toBe('title_lookup');
    expect(p('something like Alien but funnier')).toMatchObject({ intent: 'recommend', entities: { similarTo: 'alien', moods: ['funny'] } });
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
