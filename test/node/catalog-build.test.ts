import { describe, expect, it } from 'vitest';
import { CatalogRecordSchema } from '../../src/schemas/catalog.ts';
import { loadBundledRecords } from '../../scripts/catalog/bundled.ts';
import { cleanCast } from '../../scripts/catalog/clean-cast.ts';
import { cleanExtract, cleanTitle, posterUrl, titleKey } from '../../scripts/catalog/clean-text.ts';
import { deriveCatalog, WIKI_PRIOR_CAP } from '../../scripts/catalog/derive.ts';
import { mapGenreTags } from '../../scripts/catalog/genres.ts';
import { cleanWikipedia } from '../../scripts/catalog/wikipedia.ts';

/** A Wikipedia list row with defaults. */
const row = (o: Record<string, unknown>) => ({
  title: 'Untitled',
  year: 1950,
  cast: [],
  genres: ['Drama'],
  ...o,
});
/** A vega-datasets row with defaults. */
const vega = (o: Record<string, unknown>) => ({
  Title: 'Untitled',
  'US Gross': 1_000_000,
  'Worldwide Gross': 2_000_000,
  'Production Budget': 500_000,
  'Release Date': 'Jun 12 1998',
  'MPAA Rating': 'PG',
  'Running Time min': 100,
  Distributor: 'Universal',
  Source: 'Original Screenplay',
  'Major Genre': 'Comedy',
  'Creative Type': 'Contemporary Fiction',
  Director: null,
  'Rotten Tomatoes Rating': 80,
  'IMDB Rating': 7,
  'IMDB Votes': 20_000,
  ...o,
});

describe('titles', () => {
  it('drops Wikipedia disambiguators, a year suffix equal to the year, stylesheet junk and language markers; keeps real parentheses', () => {
    expect(cleanTitle('An Enemy to the King (film)', 1916).title).toBe('An Enemy to the King');
    expect(cleanTitle('Stronger Than Death (1920 film)', 1920).title).toBe('Stronger Than Death');
    expect(cleanTitle('The Perils of Pauline (1933 serial)', 1933).title).toBe(
      'The Perils of Pauline',
    );
    expect(cleanTitle('Arrival of Prince Henry (of Prussia) (1902)', 1902).title).toBe(
      'Arrival of Prince Henry (of Prussia)',
    );
    expect(
      cleanTitle(
        'Naked Gun .mw-parser-output .frac{white-space:nowrap}.mw-parser-output .frac .den{vertical-align:sub}33+1⁄3: The Final Insult',
        1994,
      ).title,
    ).toBe('Naked Gun 33⅓: The Final Insult');
    expect(cleanTitle('Fly by Night [fr]', 1993).title).toBe('Fly by Night');
    expect(cleanTitle('  The  Kid &amp; Me ', 1921).title).toBe('The Kid & Me');
    expect(cleanTitle('(500) Days of Summer', 2009).title).toBe('(500) Days of Summer');
    expect(cleanTitle('Susan Lenox (Her Fall and Rise)', 1931).title).toBe(
      'Susan Lenox (Her Fall and Rise)',
    );
  });

  it('compares titles without case, accents, punctuation, a leading article or "&"', () => {
    expect(titleKey('The Good, the Bad & the Ugly')).toBe(titleKey('good the bad and the ugly'));
    expect(titleKey('Léon')).toBe(titleKey('Leon'));
    expect(titleKey('A Star Is Born')).toBe('star is born');
  });
});

describe('cast', () => {
  it('strips disambiguators and drops notes, brackets and empty entries', () => {
    expect(
      cleanCast([
        'Harry Carter (actor)',
        'John Wood (English actor)',
        '(uncredited bit)',
        '(',
        ')',
        '',
        '.',
        '[a]',
        'Katherine MacDonald]]',
      ]).cast,
    ).toEqual(['Harry Carter', 'John Wood', 'Katherine MacDonald']);
  });

  it('drops a note split over several entries with the entries inside it', () => {
    expect(
      cleanCast([
        'William Powell',
        '(',
        'Best Actor',
        'nominee)',
        'Carole Lombard',
        '(',
        'Academy Award for Best Actress',
        ')',
      ]).cast,
    ).toEqual(['William Powell', 'Carole Lombard']);
    expect(cleanCast(["Franny's Feet", ')', 'Phoebe McAuley']).cast).toEqual(['Phoebe McAuley']);
  });

  it('drops writers listed as cast: a plural note covers the names before it, a singular one the last name', () => {
    expect(cleanCast(['Burr Steers', 'Craig Pearce', '(screenwriters)', 'Zac Efron']).cast).toEqual(
      ['Zac Efron'],
    );
    expect(cleanCast(['Cesare Pavese', '(novel)', 'Eleonora Rossi Drago']).cast).toEqual([
      'Eleonora Rossi Drago',
    ]);
    expect(cleanCast(['Melanie Wistar (Screenplay)', 'Scott Elrod']).cast).toEqual(['Scott Elrod']);
  });

  it('moves directors out of the cast', () => {
    expect(cleanCast(['Anurag Basu', '(Director', 'Screenplay)', 'Ranbir Kapoor'])).toEqual({
      cast: ['Ranbir Kapoor'],
      directors: ['Anurag Basu'],
    });
    expect(cleanCast(['Dir.: Steve Asquith', 'Cast:', 'Pierce Brosnan', '(final cut)'])).toEqual({
      cast: ['Pierce Brosnan'],
      directors: ['Steve Asquith'],
    });
  });

  it('rejoins a split "Sr.", writes "Jr." without a comma, drops stopwords and fragments, keeps stylised names', () => {
    expect(cleanCast(['House Peters', 'Sr.', 'Myrtle Stedman']).cast).toEqual([
      'House Peters Sr.',
      'Myrtle Stedman',
    ]);
    expect(
      cleanCast([
        'Robert Downey, Jr.',
        'voices of',
        'and',
        'the life of',
        'punk subculture',
        'will.i.am',
        'and Ateesh Randev',
      ]).cast,
    ).toEqual(['Robert Downey Jr.', 'will.i.am', 'Ateesh Randev']);
    expect(cleanCast(['Chris “Ludacris” Bridges', 'Cuba Gooding  Jr.']).cast).toEqual([
      'Chris "Ludacris" Bridges',
      'Cuba Gooding Jr.',
    ]);
  });

  it('keeps the first billing of a person and at most 50 leads', () => {
    expect(cleanCast(['Nick Swardson', 'Jon Heder', 'Nick Swardson']).cast).toEqual([
      'Nick Swardson',
      'Jon Heder',
    ]);
    expect(
      cleanCast(
        Array.from(
          { length: 59 },
          (_, i) => `Actor Number${String.fromCharCode(65 + (i % 26))}${i}`,
        ),
      ).cast,
    ).toHaveLength(50);
  });
});

describe('leads and posters', () => {
  it('removes hatnotes and repairs whitespace', () => {
    expect(cleanExtract('\n(For the 1929 talkie see The Isle of Lost Ships )').synopsis).toBeNull();
    expect(
      cleanExtract(
        "\n\nFor the 1942 film starring Eddie Albert and William Frawley, see Treat 'Em Rough.",
      ).synopsis,
    ).toBeNull();
    expect(
      cleanExtract(',\nThe Great Love is a 1925 American silent  comedy film .').synopsis,
    ).toBe('The Great Love is a 1925 American silent comedy film.');
    expect(
      cleanExtract('For Her Sake is a 1911 American silent short film. See also the 1912 remake.')
        .synopsis,
    ).toMatch(/^For Her Sake is a 1911/);
  });

  it('notes leads describing a series and spots leads about something else', () => {
    expect(
      cleanExtract(
        'Duck Dodgers is an American animated television series based on the 1953 theatrical short.',
      ).kind,
    ).toBe('tv-series');
    expect(
      cleanExtract(
        'The Lone Ranger is a 1956 Western film based on The Lone Ranger television series.',
      ).kind,
    ).toBe('film');
    expect(cleanExtract('King Lear is a tragedy written by William Shakespeare.').kind).toBe(
      'off-topic',
    );
  });

  it('keeps posters https only', () => {
    expect(posterUrl('http://upload.wikimedia.org/a.jpg')).toEqual({
      url: 'https://upload.wikimedia.org/a.jpg',
      upgraded: true,
    });
    expect(posterUrl('https://upload.wikimedia.org/a.jpg').url).toBe(
      'https://upload.wikimedia.org/a.jpg',
    );
    expect(posterUrl('ftp://x/a.jpg').url).toBeNull();
  });
});

describe('genres', () => {
  it('maps tags to coarse genres, keeps every tag as a theme ("Sports" as "sport") and derives a creative type only where a tag says it', () => {
    expect(mapGenreTags(['Sports', 'Drama', 'Sport'])).toMatchObject({
      genres: ['sport', 'drama'],
      themes: ['sport', 'drama'],
      creativeType: null,
      aliased: 1,
    });
    expect(mapGenreTags(['Noir', 'Slasher', 'Animated', 'Spy'])).toMatchObject({
      genres: ['crime', 'horror', 'animation', 'thriller'],
      themes: ['noir', 'slasher', 'animated', 'spy'],
    });
    expect(mapGenreTags(['Science Fiction', 'Superhero']).creativeType).toBe('Super Hero');
    expect(mapGenreTags(['Historical', 'Drama']).creativeType).toBe('Historical Fiction');
    expect(mapGenreTags(['Silent', 'Short', 'Found Footage'])).toMatchObject({
      genres: [],
      themes: ['silent', 'short', 'found footage'],
      unknownTags: [],
    });
  });
});

describe('duplicates in the Wikipedia list', () => {
  it('merges one film listed twice under one article: union of cast and tags, the longest lead', () => {
    const { films, counts } = cleanWikipedia([
      row({
        title: 'In Old Arizona',
        year: 1928,
        href: 'In_Old_Arizona',
        cast: ['Warner Baxter', 'Edmund Lowe'],
        genres: ['Western'],
        extract: 'In Old Arizona is a 1928 American pre-Code Western film.',
      }),
      row({
        title: 'In Old Arizona',
        year: 1929,
        href: 'In_Old_Arizona',
        cast: ['Warner Baxter', 'Dorothy Burgess'],
        genres: ['Drama'],
        extract: 'In Old Arizona is a 1928 film.',
      }),
    ]);
    expect(films).toHaveLength(1);
    expect(films[0]).toMatchObject({
      sourceKey: 'wiki:In_Old_Arizona',
      year: 1928,
      cast: ['Warner Baxter', 'Edmund Lowe', 'Dorothy Burgess'],
      tags: ['Western', 'Drama'],
      synopsis: 'In Old Arizona is a 1928 American pre-Code Western film.',
    });
    expect(counts).toMatchObject({
      duplicateHrefs: 1,
      duplicateHrefRows: 2,
      sharedArticleRowsMerged: 1,
      duplicateTitleYearPairs: 0,
    });
  });

  it('merges a 3D re-release into its film', () => {
    const { films } = cleanWikipedia([
      row({
        title: 'Titanic',
        year: 1997,
        href: 'Titanic_(1997_film)',
        cast: ['Leonardo DiCaprio', 'Kate Winslet'],
        extract: 'Titanic is a 1997 American epic romance film.',
      }),
      row({
        title: 'Titanic 3D',
        year: 2012,
        href: 'Titanic_(1997_film)',
        cast: ['Leonardo DiCaprio', 'Billy Zane'],
        extract: 'Titanic is a 1997 American epic romance film.',
      }),
      row({
        title: 'Titanic',
        year: 1953,
        href: 'Titanic_(1953_film)',
        cast: ['Barbara Stanwyck'],
        extract: 'Titanic is a 1953 American drama film.',
      }),
    ]);
    expect(films.map((f) => [f.sourceKey, f.title, f.year])).toEqual([
      ['wiki:Titanic_(1997_film)', 'Titanic', 1997],
      ['wiki:Titanic_(1953_film)', 'Titanic', 1953],
    ]);
  });

  it('keeps different films linked to one article apart; the article goes to the year its lead states', () => {
    const { films, counts } = cleanWikipedia([
      row({
        title: 'Miracle on 34th Street',
        year: 1947,
        href: 'Miracle_on_34th_Street',
        cast: ['Edmund Gwenn'],
        extract: 'Miracle on 34th Street is a 1947 American Christmas film.',
        thumbnail: 'https://upload.wikimedia.org/m.jpg',
      }),
      row({
        title: 'Miracle on 34th Street',
        year: 1994,
        href: 'Miracle_on_34th_Street',
        cast: ['Richard Attenborough'],
        extract: 'Miracle on 34th Street is a 1947 American Christmas film.',
        thumbnail: 'https://upload.wikimedia.org/m.jpg',
      }),
    ]);
    expect(
      films.map((f) => [f.sourceKey, f.year, f.linked, f.synopsis !== null, f.poster !== null]),
    ).toEqual([
      ['wiki:Miracle_on_34th_Street', 1947, true, true, true],
      ['wiki:miracle-on-34th-street:1994', 1994, false, false, false],
    ]);
    expect(counts.sharedArticleFilmsKeptApart).toBe(1);
  });

  it('keeps two films of one title and year with their own articles (Carmen 1915) and several films per title', () => {
    const { films, counts } = cleanWikipedia([
      row({
        title: 'Carmen',
        year: 1915,
        href: 'Carmen_(1915_Cecil_B._DeMille_film)',
        cast: ['Geraldine Farrar'],
      }),
      row({
        title: 'Carmen',
        year: 1915,
        href: 'Carmen_(1915_Raoul_Walsh_film)',
        cast: ['Theda Bara'],
      }),
      ...[1910, 1925, 1933, 1947, 1993].map((year) =>
        row({ title: 'The Fugitive', year, href: `The_Fugitive_(${year}_film)` }),
      ),
      row({ title: 'The Fugitive', year: 1916, href: null, cast: ['Florence La Badie'] }),
    ]);
    expect(films).toHaveLength(8);
    expect(new Set(films.map((f) => f.sourceKey)).size).toBe(8);
    expect(films.find((f) => f.year === 1916)!.sourceKey).toBe('wiki:the-fugitive:1916');
    expect(counts).toMatchObject({ duplicateTitleYearPairs: 1, withoutHref: 1 });
  });

  it('merges rows without an article when the casts overlap, and keeps them apart when they do not', () => {
    const { films, counts } = cleanWikipedia([
      row({
        title: 'This Is America',
        year: 1933,
        cast: ['Alois Havrilla'],
        genres: ['Documentary'],
      }),
      row({
        title: 'This Is America',
        year: 1933,
        cast: ['Alois Havrilla (narrator)'],
        genres: ['Documentary'],
      }),
      row({
        title: 'The Decoy',
        year: 1916,
        href: null,
        cast: ['Frances Nelson'],
        genres: ['Crime'],
      }),
      row({
        title: 'The Decoy',
        year: 1916,
        href: 'The_Decoy_(1916_film)',
        cast: ['William Garwood'],
      }),
    ]);
    expect(films.map((f) => f.sourceKey).sort()).toEqual([
      'wiki:The_Decoy_(1916_film)',
      'wiki:the-decoy:1916',
      'wiki:this-is-america:1933',
    ]);
    expect(counts).toMatchObject({
      titleYearRowsMergedWithoutArticle: 1,
      duplicateTitleYearPairs: 2,
    });
  });

  it('drops a lead about something else with its link and poster, but keeps the film', () => {
    const { films, counts } = cleanWikipedia([
      row({
        title: 'King Lear',
        year: 1909,
        href: 'King_Lear',
        extract: 'King Lear is a tragedy written by William Shakespeare.',
        thumbnail: 'https://upload.wikimedia.org/k.jpg',
      }),
    ]);
    expect(films[0]).toMatchObject({
      sourceKey: 'wiki:King_Lear',
      linked: false,
      synopsis: null,
      poster: null,
    });
    expect(counts.extractsOffTopic).toBe(1);
  });
});

describe('the merged catalog', () => {
  const wikiRows = [
    row({
      title: 'The Godfather',
      year: 1972,
      href: 'The_Godfather',
      cast: ['Marlon Brando', 'Al Pacino'],
      genres: ['Crime', 'Drama'],
      extract: 'The Godfather is a 1972 American crime film directed by Francis Ford Coppola.',
      thumbnail: 'https://upload.wikimedia.org/g.jpg',
      thumbnail_width: 220,
      thumbnail_height: 330,
    }),
    row({
      title: 'Good Will Hunting',
      year: 1997,
      href: 'Good_Will_Hunting',
      cast: ['Matt Damon'],
      extract: 'Good Will Hunting is a 1997 American drama film directed by Gus Van Sant.',
    }),
    row({
      title: 'Out of Sight',
      year: 1997,
      href: 'Out_of_Sight',
      cast: ['George Clooney'],
      extract: 'Out of Sight is a 1998 American crime comedy film.',
    }),
    row({
      title: 'Dracula',
      year: 1931,
      href: 'Dracula_(1931_film)',
      cast: ['Bela Lugosi'],
      genres: ['Horror'],
      extract: 'Dracula is a 1931 American horror film.',
    }),
    row({
      title: 'Hugo',
      year: 2011,
      href: 'Hugo_(film)',
      cast: Array.from({ length: 10 }, (_, i) => `Lead Person${String.fromCharCode(65 + i)}`),
      genres: ['Fantasy', 'Family'],
      extract:
        'Hugo is a 2011 American historical adventure drama film directed by Martin Scorsese. '.repeat(
          12,
        ),
      thumbnail: 'https://upload.wikimedia.org/h.jpg',
    }),
  ];
  const vegaRows = [
    vega({
      Title: 'Godfather, The',
      'Release Date': 'Mar 15 1972',
      'Major Genre': 'Drama',
      Director: 'Francis Ford Coppola',
      'IMDB Votes': 411_088,
      'Worldwide Gross': 268_500_000,
    }),
    // Vega's date is wrong by ten years; the lead's director confirms the film.
    vega({ Title: 'Good Will Hunting', 'Release Date': 'Feb 20 1987', Director: 'Gus Van Sant' }),
    // A two-digit year parsed into the wrong century, one year after the Wikipedia list's year.
    vega({ Title: 'Out of Sight', 'Release Date': 'Jun 26 2098' }),
    vega({
      Title: 'Dracula',
      'Release Date': 'Nov 13 1992',
      Director: 'Francis Ford Coppola',
      'Major Genre': 'Horror',
    }),
  ];
  const { records, report } = deriveCatalog(wikiRows, vegaRows);
  const byId = new Map(records.map((r) => [r.proposedId, r]));

  it('every record passes the contract, ids and keys are unique, and a rebuild is identical', () => {
    for (const r of records) expect(() => CatalogRecordSchema.parse(r)).not.toThrow();
    expect(new Set(records.map((r) => r.proposedId)).size).toBe(records.length);
    expect(new Set(records.map((r) => r.sourceKey)).size).toBe(records.length);
    expect(JSON.stringify(deriveCatalog(wikiRows, vegaRows).records)).toBe(JSON.stringify(records));
  });

  it('keeps vega ids for matched films and credits each field to its upstream', () => {
    const g = byId.get('the-godfather-1972')!;
    expect(g).toMatchObject({
      sourceKey: 'wiki:The_Godfather',
      title: 'The Godfather',
      releaseYear: 1972,
      releaseDate: '1972-03-15',
      genres: ['drama', 'crime'],
      themes: ['crime', 'drama'],
      cast: ['Marlon Brando', 'Al Pacino'],
      directors: ['Francis Ford Coppola'],
      externalIds: { wikipedia: 'The_Godfather' },
      poster: { url: 'https://upload.wikimedia.org/g.jpg', width: 220, height: 330 },
      modifiedAt: '2026-11-01T00:00:00Z',
    });
    expect(g.provenance).toMatchObject({
      title: 'wikipedia',
      synopsis: 'wikipedia',
      cast: 'wikipedia',
      releaseDate: 'vega-datasets',
      directors: 'vega-datasets',
      popularity: 'vega-datasets',
      genres: 'vega-datasets',
    });
  });

  it("matches a year apart, and further only when the lead names the director (then Wikipedia's year, no vega date)", () => {
    expect(byId.get('out-of-sight-1998')).toMatchObject({
      sourceKey: 'wiki:Out_of_Sight',
      releaseYear: 1998,
    });
    const gwh = byId.get('good-will-hunting-1987')!;
    expect(gwh).toMatchObject({ sourceKey: 'wiki:Good_Will_Hunting', releaseYear: 1997 });
    expect(gwh.releaseDate).toBeUndefined();
    expect(report.match).toMatchObject({
      matched: 3,
      byTier: { 'title-year': 2, 'loose-title-year': 0, 'director-confirmed': 1 },
    });
  });

  it('keeps unmatched vega films and unmatched Wikipedia films as their own records', () => {
    expect(byId.get('dracula-1992')).toMatchObject({
      sourceKey: 'vega:dracula-1992',
      genres: ['horror'],
      provenance: { title: 'vega-datasets' },
    });
    expect(byId.get('dracula-1931')).toMatchObject({
      sourceKey: 'wiki:Dracula_(1931_film)',
      genres: ['horror'],
    });
    expect(report.records).toEqual({ total: 6, merged: 3, wikipediaOnly: 2, vegaOnly: 1 });
  });

  it('gives Wikipedia-only films a capped prior and a creative type only from a clear tag', () => {
    const hugo = byId.get('hugo-2011')!;
    expect(hugo.popularity).toBeCloseTo(WIKI_PRIOR_CAP, 3);
    expect(hugo.creativeType).toBe('Fantasy');
    expect(byId.get('dracula-1931')!.popularity!).toBeLessThan(0.5);
    expect(byId.get('dracula-1931')!.creativeType).toBeUndefined();
  });
});

describe('the committed edition', () => {
  it('loads, passes the contract, and has unique ids, keys and article links', () => {
    const records = loadBundledRecords();
    expect(records.length).toBeGreaterThan(36_000);
    const bad = records
      .filter((r) => !CatalogRecordSchema.safeParse(r).success)
      .map((r) => r.sourceKey);
    expect(bad).toEqual([]);
    const unique = (xs: unknown[]) => new Set(xs).size === xs.length;
    expect(unique(records.map((r) => r.proposedId))).toBe(true);
    expect(unique(records.map((r) => r.sourceKey))).toBe(true);
    expect(unique(records.map((r) => r.externalIds?.wikipedia).filter(Boolean))).toBe(true);
    // Existing catalog ids are kept.
    for (const id of ['the-godfather-1972', 'jaws-1975', 'gone-with-the-wind-1939', 'alien-1979'])
      expect(records.some((r) => r.proposedId === id)).toBe(true);
  });
});
