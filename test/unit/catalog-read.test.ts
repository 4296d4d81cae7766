import { describe, expect, it } from 'vitest';
import { synopsisAttribution, wikipediaUrl } from '../../src/services/catalog/attribution';
import { decodePersonCursor, encodePersonCursor } from '../../src/services/catalog/person';
import { rankSuggestions } from '../../src/services/search/suggest';
import type { SuggestionCandidate } from '../../src/services/search/ports';

describe('wikipediaUrl', () => {
  it('encodes what would end or split the path, keeping what MediaWiki keeps literally', () => {
    expect(wikipediaUrl('Jaws_(film)')).toBe('https://en.wikipedia.org/wiki/Jaws_(film)');
    expect(wikipediaUrl('Should_a_Woman_Divorce?')).toBe(
      'https://en.wikipedia.org/wiki/Should_a_Woman_Divorce%3F',
    );
    expect(wikipediaUrl('Dead_&_Buried')).toBe('https://en.wikipedia.org/wiki/Dead_%26_Buried');
    expect(wikipediaUrl('9½_Weeks')).toBe('https://en.wikipedia.org/wiki/9%C2%BD_Weeks');
    expect(wikipediaUrl('Face/Off')).toBe('https://en.wikipedia.org/wiki/Face/Off');
    expect(wikipediaUrl('Star Wars: Episode IV')).toBe(
      'https://en.wikipedia.org/wiki/Star_Wars:_Episode_IV',
    );
    expect(wikipediaUrl('100%_Arabica#Plot')).toBe(
      'https://en.wikipedia.org/wiki/100%25_Arabica%23Plot',
    );
  });
});

describe('synopsisAttribution', () => {
  it('credits Wikipedia only for a synopsis Wikipedia gave', () => {
    expect(
      synopsisAttribution('A shark.', 'wikipedia', 'https://en.wikipedia.org/wiki/Jaws_(film)'),
    ).toMatchObject({
      text: 'Synopsis from Wikipedia, CC BY-SA 4.0',
      articleUrl: 'https://en.wikipedia.org/wiki/Jaws_(film)',
    });
    expect(synopsisAttribution('A shark.', 'tmdb', null)).toBeNull();
    expect(synopsisAttribution(null, 'wikipedia', 'https://en.wikipedia.org/wiki/X')).toBeNull();
  });
});

describe('person cursors', () => {
  it('round-trips a position and refuses one from another person', () => {
    const c = encodePersonCursor('p-tom-hanks', { year: 1994, id: 'forrest-gump-1994' });
    expect(decodePersonCursor('p-tom-hanks', c)).toEqual({ year: 1994, id: 'forrest-gump-1994' });
    expect(decodePersonCursor('p-a', encodePersonCursor('p-a', { year: null, id: 'x' }))).toEqual({
      year: null,
      id: 'x',
    });
    expect(() => decodePersonCursor('p-meg-ryan', c)).toThrow(/another person/);
    expect(() => decodePersonCursor('p-tom-hanks', '%%%')).toThrow(/not valid/);
  });
});

describe('rankSuggestions', () => {
  const person = (text: string, match: number, credits: number): SuggestionCandidate => ({
    kind: 'person',
    text,
    id: `p-${text}`,
    match,
    weight: credits,
    role: 'actor',
    credits,
  });
  const title = (text: string, match: number, popularity: number): SuggestionCandidate => ({
    kind: 'title',
    text,
    id: text,
    match,
    weight: popularity,
    year: 2000,
  });

  it('ranks by match, then weight, each title or person once, without internals', () => {
    const out = rankSuggestions([
      title('Tom Horn', 0.625, 0.4),
      person('Tom Harper', 0.75, 2),
      person('Tom Hanks', 0.875, 60),
      person('Tom Hanks', 0.5, 60), // the same person from a weaker leg
    ]);
    expect(out.map((s) => s.text)).toEqual(['Tom Hanks', 'Tom Harper', 'Tom Horn']);
    expect(out[0]).toEqual({
      kind: 'person',
      text: 'Tom Hanks',
      id: 'p-Tom Hanks',
      role: 'actor',
      credits: 60,
    });
  });

  it('prefers the more credited of equally good name matches', () => {
    expect(
      rankSuggestions([person('Colin Hanks', 1, 7), person('Tom Hanks', 1, 27)]).map((s) => s.text),
    ).toEqual(['Tom Hanks', 'Colin Hanks']);
  });

  it('keeps a popular title prefix above a little-known person prefix', () => {
    expect(
      rankSuggestions([person('Godfrey Cambridge', 1, 4), title('The Godfather', 1, 0.9)])[0]!.text,
    ).toBe('The Godfather');
  });
});
