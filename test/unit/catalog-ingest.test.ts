/** The pure steps of catalog ingestion: validation, title keys, de-duplication, matching, merge by precedence, planning. */
import { describe, expect, it } from 'vitest';
import { CatalogRecordSchema, type CatalogRecordInput } from '../../src/schemas/catalog';
import { EMPTY_VALUES, mergeRecord } from '../../src/services/catalog/ingest/merge';
import { assignId, dedupePage, findMatch, planPage } from '../../src/services/catalog/ingest/plan';
import { titleKey } from '../../src/services/catalog/ingest/title-key';
import { validateRecords } from '../../src/services/catalog/ingest/validate';
import type { ExistingTitle } from '../../src/services/catalog/ports';

const rec = (r: Partial<CatalogRecordInput> = {}) =>
  CatalogRecordSchema.parse({
    sourceKey: 'wiki:Jaws_(film)',
    title: 'Jaws',
    releaseYear: 1975,
    ...r,
  });
const AT = '2026-11-29T00:00:00.000Z';

function stored(id: string, over: Partial<ExistingTitle> = {}): ExistingTitle {
  return {
    id,
    titleKey: 'jaws',
    releaseYear: 1975,
    values: { ...EMPTY_VALUES, title: 'Jaws' },
    fieldSources: {},
    externalIds: [],
    ...over,
  };
}

describe('validation', () => {
  it('keeps good records and quarantines each bad one with a reason a person can group by', () => {
    const v = validateRecords([
      { sourceKey: 'a', title: 'Fine', releaseYear: 2001 },
      { sourceKey: 'b', releaseYear: 2001 },
      { sourceKey: 'c', title: 'Future', releaseYear: 3001 },
      { sourceKey: 'd', title: 'Extra', releaseYear: 2001, rating: 5 },
      null,
      { sourceKey: 'e', title: '   ', releaseYear: 2001 },
      {
        sourceKey: 'f',
        title: 'Poster',
        releaseYear: 2001,
        poster: { url: 'javascript:alert(1)', width: 1, height: 1 },
      },
    ]);
    expect(v.records.map((r) => r.sourceKey)).toEqual(['a']);
    expect(v.quarantined.map((q) => [q.sourceKey, q.reason])).toEqual([
      ['b', 'missing title'],
      ['c', 'invalid releaseYear'],
      ['d', 'unknown field rating'],
      ['#unkeyed:4', 'not an object'],
      ['e', 'invalid title'],
      ['f', 'invalid poster'],
    ]);
  });
});

describe('title keys', () => {
  it('agree across spellings of one title and tell different titles apart', () => {
    expect(titleKey('The Godfather: Part II')).toBe(titleKey('Godfather Part 2, The'));
    expect(titleKey('Jaws (film)')).toBe('jaws');
    expect(titleKey('Amélie')).toBe(titleKey('Amelie'));
    expect(titleKey('Ocean’s Eleven')).toBe(titleKey("Ocean's Eleven"));
    expect(titleKey('Alien')).not.toBe(titleKey('Aliens'));
  });
});

describe('de-duplication within a page', () => {
  it('merges records with the same key or a shared external id, later fields winning', () => {
    const { records, merged } = dedupePage('bundled', [
      rec({ synopsis: 'first', externalIds: { wikipedia: 'Jaws_(film)' } }),
      rec({
        sourceKey: 'wiki:jaws:1975',
        synopsis: 'second',
        externalIds: { wikipedia: 'Jaws_(film)' },
        cast: ['Roy Scheider'],
      }),
      rec({ sourceKey: 'wiki:Jaws_2', title: 'Jaws 2', releaseYear: 1978 }),
    ]);
    expect(merged).toBe(1);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      sourceKey: 'wiki:Jaws_(film)',
      synopsis: 'second',
      cast: ['Roy Scheider'],
    });
  });
});

describe('matching a record to a stored title', () => {
  it('prefers a linked external id, then the proposed id, then the only title of that name within a year', () => {
    const linked = stored('jaws-1975', { externalIds: ['wikipedia:Jaws_(film)'] });
    expect(
      findMatch('tmdb', rec({ externalIds: { wikipedia: 'Jaws_(film)' } }), [
        stored('other', { titleKey: 'x' }),
        linked,
      ]),
    ).toEqual({ title: linked });
    expect(findMatch('tmdb', rec({ releaseYear: 1976 }), [stored('jaws-1975')])).toEqual({
      title: stored('jaws-1975'),
    });
    expect(findMatch('tmdb', rec({ releaseYear: 1980 }), [stored('jaws-1975')])).toBeNull();
  });

  it('keeps films that share a title apart (Titanic 1953 and 1997) and refuses to guess between two', () => {
    const t53 = stored('titanic-1953', { titleKey: 'titanic', releaseYear: 1953 });
    const t97 = stored('titanic-1997', { titleKey: 'titanic', releaseYear: 1997 });
    expect(findMatch('tmdb', rec({ title: 'Titanic', releaseYear: 1997 }), [t53, t97])).toEqual({
      title: t97,
    });
    const a = stored('the-fugitive-1947', { titleKey: 'fugitive', releaseYear: 1947 });
    const b = stored('the-fugitive-1947-2', { titleKey: 'fugitive', releaseYear: 1948 });
    expect(findMatch('tmdb', rec({ title: 'The Fugitive', releaseYear: 1947 }), [a, b])).toEqual({
      title: a,
    });
    const c = stored('the-fugitive-1950', { titleKey: 'fugitive', releaseYear: 1950 });
    expect(findMatch('tmdb', rec({ title: 'The Fugitive', releaseYear: 1949 }), [b, c])).toEqual({
      ambiguous: ['the-fugitive-1947-2', 'the-fugitive-1950'],
    });
  });

  it('never folds a second record of the same source into a title another record of it owns', () => {
    const owned = stored('the-fugitive-1947', {
      titleKey: 'fugitive',
      releaseYear: 1947,
      externalIds: ['bundled:wiki:The_Fugitive_(1947_film)'],
    });
    expect(
      findMatch(
        'bundled',
        rec({ sourceKey: 'wiki:The_Fugitive_(serial)', title: 'The Fugitive', releaseYear: 1947 }),
        [owned],
      ),
    ).toBeNull();
  });

  it('gives a new title its proposed id, or the next free suffix', () => {
    expect(assignId(rec({ proposedId: 'jaws-1975' }), new Set())).toBe('jaws-1975');
    expect(assignId(rec({ proposedId: 'jaws-1975' }), new Set(['jaws-1975', 'jaws-1975-2']))).toBe(
      'jaws-1975-3',
    );
    expect(assignId(rec({ title: 'Amélie & Co.', releaseYear: 2001 }), new Set())).toBe(
      'amelie-and-co-2001',
    );
  });
});

describe('merge by field precedence', () => {
  it('takes every stated field for a new title, crediting its upstream', () => {
    const m = mergeRecord(
      null,
      rec({ synopsis: 'A shark.', cast: ['Roy Scheider'], provenance: { cast: 'wikipedia' } }),
      'wikipedia',
      AT,
    );
    expect(m.values).toMatchObject({ title: 'Jaws', synopsis: 'A shark.', cast: ['Roy Scheider'] });
    expect(m.fieldSources.synopsis).toEqual({ source: 'wikipedia', at: AT });
  });

  it('lets a more trusted upstream replace a value and a less trusted one only fill a gap', () => {
    const base = mergeRecord(
      null,
      rec({
        synopsis: 'Wikipedia lead.',
        runtimeMinutes: 120,
        provenance: { runtimeMinutes: 'vega-datasets' },
      }),
      'wikipedia',
      AT,
    );
    const tmdb = mergeRecord(
      base,
      rec({
        synopsis: 'TMDB overview.',
        runtimeMinutes: 124,
        poster: { url: 'https://image.tmdb.org/x.jpg', width: 342, height: 513 },
      }),
      'tmdb',
      'later',
    );
    expect(tmdb.values.synopsis).toBe('Wikipedia lead.');
    expect(tmdb.values.runtimeMinutes).toBe(124);
    expect(tmdb.values.poster?.url).toBe('https://image.tmdb.org/x.jpg');
    expect(tmdb.changed.sort()).toEqual(['poster', 'runtimeMinutes']);
    expect(tmdb.fieldSources.synopsis).toEqual({ source: 'wikipedia', at: AT });
    const watchmode = mergeRecord(
      tmdb,
      rec({ runtimeMinutes: 99, mpaaRating: 'PG' }),
      'watchmode',
      'latest',
    );
    expect(watchmode.values.runtimeMinutes).toBe(124);
    expect(watchmode.values.mpaaRating).toBe('PG');
  });

  it('reports no change for the same record twice, whatever the order of its sets', () => {
    const first = mergeRecord(
      null,
      rec({ genres: ['thriller', 'horror'], cast: ['Roy Scheider', 'Robert Shaw'] }),
      'wikipedia',
      AT,
    );
    const again = mergeRecord(
      first,
      rec({ genres: ['horror', 'thriller'], cast: ['Roy Scheider', 'Robert Shaw'] }),
      'wikipedia',
      'later',
    );
    expect(again.changed).toEqual([]);
  });

  it('counts one person once in a cast, however the source spells them', () => {
    const m = mergeRecord(
      null,
      rec({ cast: ['José Ferrer', 'Jose Ferrer', '(', 'Mel Ferrer'] }),
      'wikipedia',
      AT,
    );
    expect(m.values.cast).toEqual(['José Ferrer', 'Mel Ferrer']);
  });
});

describe('planning a page', () => {
  it('sorts records into inserts, updates and unchanged, and merges two records of one new title', () => {
    const existing = [
      stored('jaws-1975', {
        externalIds: ['bundled:wiki:Jaws_(film)'],
        values: { ...EMPTY_VALUES, title: 'Jaws', synopsis: 'A shark.' },
        fieldSources: { synopsis: { source: 'wikipedia', at: AT } },
      }),
      stored('alien-1979', {
        titleKey: 'alien',
        releaseYear: 1979,
        externalIds: ['bundled:wiki:Alien_(film)'],
        values: { ...EMPTY_VALUES, title: 'Alien' },
        fieldSources: { title: { source: 'wikipedia', at: AT } },
      }),
    ];
    const plan = planPage({
      source: 'bundled',
      upstream: 'wikipedia',
      existing,
      taken: new Set(['jaws-1975', 'alien-1979']),
      at: AT,
      records: [
        rec({ synopsis: 'A great white shark.' }),
        rec({ sourceKey: 'wiki:Alien_(film)', title: 'Alien', releaseYear: 1979 }),
        rec({
          sourceKey: 'wiki:Aliens_(film)',
          title: 'Aliens',
          releaseYear: 1986,
          proposedId: 'aliens-1986',
        }),
        rec({
          sourceKey: 'wiki:Aliens_(film)',
          title: 'Aliens',
          releaseYear: 1986,
          proposedId: 'aliens-1986',
          cast: ['Sigourney Weaver'],
        }),
      ],
    });
    expect(plan.updates.map((p) => [p.id, p.changed])).toEqual([['jaws-1975', ['synopsis']]]);
    expect(plan.unchanged).toEqual(['alien-1979']);
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]).toMatchObject({
      id: 'aliens-1986',
      externalIds: ['bundled:wiki:Aliens_(film)'],
      values: { cast: ['Sigourney Weaver'] },
    });
  });
});
