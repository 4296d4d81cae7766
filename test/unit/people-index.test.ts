import { describe, expect, it } from 'vitest';
import {
  buildPeopleIndex,
  editDistance,
  matchFullName,
  matchSurname,
  peopleIndexFor,
} from '../../src/services/search/people-index';

const people = [
  { name: 'Tom Hanks', credits: 48 },
  { name: 'Colin Hanks', credits: 6 },
  { name: 'John Candy', credits: 25 },
  { name: 'Steven Spielberg', credits: 30 },
  { name: 'Thelma White', credits: 3 },
  { name: 'Harrison Ford', credits: 40 },
  { name: 'Harrison Ford', credits: 12 },
  { name: 'Robert De Niro', credits: 80 },
  { name: 'Lupita Nyong\u2019o', credits: 4 },
  { name: 'Penélope Cruz', credits: 20 },
  { name: 'Ann Smith', credits: 6 },
  { name: 'Bob Smith', credits: 5 },
];
const ix = buildPeopleIndex(people);

describe('people index', () => {
  it('counts a transposition as one edit and gives up above the bound', () => {
    expect(editDistance('jonh', 'john', 1)).toBe(1);
    expect(editDistance('spielburg', 'spielberg', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('whole names: exact, accents and apostrophes ignored, one typo in one word', () => {
    expect(matchFullName(ix, ['tom', 'hanks'])).toEqual({ name: 'Tom Hanks', distance: 0 });
    expect(matchFullName(ix, ['penelope', 'cruz'])?.name).toBe('Penélope Cruz');
    expect(matchFullName(ix, ['lupita', 'nyongo'])?.name).toBe('Lupita Nyong\u2019o');
    expect(matchFullName(ix, ['jonh', 'candy'])).toEqual({ name: 'John Candy', distance: 1 });
    expect(matchFullName(ix, ['stephen', 'spielburg'])?.name).toBe('Steven Spielberg');
    expect(matchFullName(ix, ['the', 'white'])).toBeUndefined();
    expect(matchFullName(ix, ['robert', 'de', 'niro'])?.name).toBe('Robert De Niro');
  });

  it('a lone surname only when one bearer dominates', () => {
    expect(matchSurname(ix, 'hanks')?.name).toBe('Tom Hanks');
    expect(matchSurname(ix, 'de niro')?.name).toBe('Robert De Niro');
    expect(matchSurname(ix, 'spielburg')).toEqual({ name: 'Steven Spielberg', distance: 1 });
    expect(matchSurname(ix, 'smith')).toBeUndefined();
    expect(matchSurname(ix, 'white')).toBeUndefined();
  });

  it('is built once for an unchanged list (a refreshed gazetteer reuses it)', () => {
    const a = peopleIndexFor(people.map((p) => ({ ...p })));
    expect(peopleIndexFor(people.map((p) => ({ ...p })))).toBe(a);
    expect(peopleIndexFor([...people, { name: 'New Person', credits: 2 }])).not.toBe(a);
  });
});
