/**
 * The catalog's read side inside workerd, on the sample catalog (see scripts/lib/prepare.ts):
 * a title's synopsis, cast, poster, Wikipedia link, attribution and provenance; people and
 * their films; actors among suggestions; the same fields through GraphQL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentDetailSchema } from '../../src/schemas/content';
import { PersonDetailSchema } from '../../src/schemas/people';
import { gql } from './graphql-helpers';
import { call, expectErrorShape } from './helpers';

describe('title details from the merged catalog', () => {
  beforeAll(() => call('/health'), 120_000);

  it('gives Jaws its synopsis, cast in billing order, poster, Wikipedia link, attribution and provenance', async () => {
    const r = await call('/api/v1/content/jaws-1975');
    expect(r.status).toBe(200);
    const d = ContentDetailSchema.parse(r.body);
    expect(d.synopsis).toMatch(
      /^Jaws is a 1975 American thriller film directed by Steven Spielberg/,
    );
    expect(d.themes).toEqual(expect.arrayContaining(['thriller']));
    expect(d.cast).toEqual([
      { personId: 'p-roy-scheider', name: 'Roy Scheider', role: 'actor' },
      { personId: 'p-robert-shaw', name: 'Robert Shaw', role: 'actor' },
      { personId: 'p-richard-dreyfuss', name: 'Richard Dreyfuss', role: 'actor' },
    ]);
    // credits keep every role, the director too
    expect(d.credits).toContainEqual({
      personId: 'p-steven-spielberg',
      name: 'Steven Spielberg',
      role: 'director',
    });
    expect(d.director).toBe('Steven Spielberg');
    expect(d.poster).toEqual({
      url: 'https://upload.wikimedia.org/wikipedia/en/e/eb/JAWS_Movie_poster.jpg',
      width: 256,
      height: 389,
    });
    expect(d.links.wikipedia).toBe('https://en.wikipedia.org/wiki/Jaws_(film)');
    expect(d.attribution).toEqual({
      text: 'Synopsis from Wikipedia, CC BY-SA 4.0',
      license: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
      articleUrl: 'https://en.wikipedia.org/wiki/Jaws_(film)',
    });
    expect(d.provenance.synopsis).toEqual({
      source: 'wikipedia',
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(d.provenance.worldwideGross?.source).toBe('vega-datasets');
    // the stored search documents are not part of the answer
    expect(JSON.stringify(r.body)).not.toMatch(/text_doc|search_doc/);
  });

  it('percent-encodes Wikipedia slugs so each link reaches its article', async () => {
    const links = async (id: string) =>
      ContentDetailSchema.parse((await call(`/api/v1/content/${id}`)).body).links.wikipedia;
    expect(await links('should-a-woman-divorce-1914')).toBe(
      'https://en.wikipedia.org/wiki/Should_a_Woman_Divorce%3F',
    );
    expect(await links('willy-wonka-and-the-chocolate-factory-1971')).toBe(
      'https://en.wikipedia.org/wiki/Willy_Wonka_%26_the_Chocolate_Factory',
    );
    expect(await links('the-naked-gun-2-1-2-the-smell-of-fear-1991')).toBe(
      'https://en.wikipedia.org/wiki/The_Naked_Gun_2%C2%BD:_The_Smell_of_Fear',
    );
  });

  it('has no attribution, poster or link where the catalog has no Wikipedia text or image', async () => {
    const d = ContentDetailSchema.parse((await call('/api/v1/content/midway-dance-1901')).body);
    expect(d).toMatchObject({
      synopsis: null,
      poster: null,
      links: { wikipedia: null },
      attribution: null,
      cast: [],
    });
  });
});

describe('people', () => {
  it('shows a person with counts and their films newest first, a page at a time', async () => {
    const first = await call('/api/v1/people/p-tom-hanks?limit=5');
    expect(first.status).toBe(200);
    const p = PersonDetailSchema.parse(first.body);
    expect(p).toMatchObject({
      id: 'p-tom-hanks',
      name: 'Tom Hanks',
      counts: { films: 26, acting: 26, directing: 1 },
    });
    expect(p.films.map((f) => f.id)).toEqual([
      'extremely-loud-and-incredibly-close-2011',
      'toy-story-3-2010',
      'angels-and-demons-2009',
      // 2007: two films, by id
      'charlie-wilsons-war-2007',
      'the-simpsons-movie-2007',
    ]);
    expect(p.films[1]).toMatchObject({
      title: 'Toy Story 3',
      year: 2010,
      role: 'actor',
      roles: ['actor'],
    });
    expect(p.films[0]!.poster?.url).toMatch(/^https:\/\/upload\.wikimedia\.org\//);
    expect(p.nextCursor).toEqual(expect.any(String));

    // every page after the first, to the end: all 26 films once, years never rising
    const seen = [...p.films];
    let cursor = p.nextCursor;
    while (cursor) {
      const next = PersonDetailSchema.parse(
        (await call(`/api/v1/people/p-tom-hanks?limit=10&cursor=${encodeURIComponent(cursor)}`))
          .body,
      );
      seen.push(...next.films);
      cursor = next.nextCursor;
    }
    expect(seen).toHaveLength(26);
    expect(new Set(seen.map((f) => f.id)).size).toBe(26);
    const years = seen.map((f) => f.year ?? 0);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(seen.find((f) => f.id === 'that-thing-you-do-1996')).toMatchObject({
      role: 'actor',
      roles: ['actor', 'director'],
    });
  });

  it('answers 404 in the error shape for an unknown person', async () => {
    const r = await call('/api/v1/people/p-nobody-with-this-name');
    expect(r.status).toBe(404);
    expectErrorShape(r.body, 'NOT_FOUND');
  });

  it('refuses malformed ids, limits and cursors with 400', async () => {
    for (const path of [
      '/api/v1/people/Tom%20Hanks',
      '/api/v1/people/tom-hanks',
      '/api/v1/people/p-tom-hanks?limit=0',
      '/api/v1/people/p-tom-hanks?limit=101',
      '/api/v1/people/p-tom-hanks?limit=ten',
      '/api/v1/people/p-tom-hanks?cursor=not-a-cursor',
    ]) {
      const r = await call(path);
      expect(r.status, path).toBe(400);
      expectErrorShape(r.body, 'VALIDATION_FAILED');
    }
    // a cursor from someone else's films is refused rather than read as a position in these
    const other = PersonDetailSchema.parse(
      (await call('/api/v1/people/p-steven-spielberg?limit=1')).body,
    );
    const r = await call(`/api/v1/people/p-tom-hanks?cursor=${other.nextCursor}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/another person/);
  });
});

describe('suggestions with people', () => {
  const suggest = async (partial: string) => {
    const r = await call(`/api/v1/search/suggestions?partial=${encodeURIComponent(partial)}`);
    expect(r.status).toBe(200);
    return r.body.suggestions as {
      kind: string;
      text: string;
      id?: string;
      role?: string;
      credits?: number;
    }[];
  };

  it('suggests an actor from the start of their name, says it is a person and gives their id', async () => {
    const s = await suggest('tom han');
    expect(s[0]).toEqual({
      kind: 'person',
      text: 'Tom Hanks',
      id: 'p-tom-hanks',
      role: 'actor',
      credits: 27,
    });
    // the id opens their page
    expect((await call(`/api/v1/people/${s[0]!.id}`)).body.name).toBe('Tom Hanks');
  });

  it('finds people by surname and through a typo, the more credited first', async () => {
    const bySurname = (await suggest('hanks'))
      .filter((x) => x.kind === 'person')
      .map((x) => x.text);
    expect(bySurname.indexOf('Tom Hanks')).toBeGreaterThanOrEqual(0);
    expect(bySurname.indexOf('Tom Hanks')).toBeLessThan(bySurname.indexOf('Colin Hanks'));
    expect((await suggest('tom hanx')).map((x) => x.text)).toContain('Tom Hanks');
    expect((await suggest('spielburg')).find((x) => x.kind === 'person')).toMatchObject({
      text: 'Steven Spielberg',
      role: 'director',
    });
  });

  it('keeps a strong title match above people with a similar name', async () => {
    const s = await suggest('godf');
    expect(
      s.slice(0, 3).every((x) => x.kind === 'title' && x.text.startsWith('The Godfather')),
    ).toBe(true);
  });
});

describe('GraphQL Content and Person', () => {
  it('gives Content the same synopsis, cast, poster, links, attribution and provenance as REST', async () => {
    const r = await gql(`{
      content(id: "jaws-1975") {
        synopsis themes cast { personId name role } poster { url width height } links { wikipedia }
        attribution { text license { name url } articleUrl } provenance { field source at }
      }
      person(id: "p-tom-hanks", limit: 2) { id name counts { films acting directing } films { id year role poster { url } } nextCursor }
      nobody: person(id: "p-nobody-with-this-name") { id }
    }`);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const rest = ContentDetailSchema.parse((await call('/api/v1/content/jaws-1975')).body);
    const c = r.body.data.content;
    expect(c).toMatchObject({
      synopsis: rest.synopsis,
      themes: rest.themes,
      cast: rest.cast,
      poster: rest.poster,
      links: rest.links,
      attribution: rest.attribution,
    });
    expect(c.provenance).toContainEqual({ field: 'synopsis', ...rest.provenance.synopsis });
    expect(r.body.data.person).toMatchObject({
      id: 'p-tom-hanks',
      name: 'Tom Hanks',
      counts: { films: 26, acting: 26, directing: 1 },
    });
    expect(r.body.data.person.films.map((f: { id: string }) => f.id)).toEqual([
      'extremely-loud-and-incredibly-close-2011',
      'toy-story-3-2010',
    ]);
    expect(r.body.data.nobody).toBeNull();
  });
});

describe('person page route', () => {
  it('serves the page at /person/:id with poster hosts allowed as images, and nothing else', async () => {
    const page = await call('/person/p-tom-hanks');
    expect(page.status).toBe(200);
    expect(page.body).toBe((await call('/')).body);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain(
      "img-src 'self' data: https://upload.wikimedia.org https://image.tmdb.org;",
    );
    expect((await call('/person/Tom-Hanks')).status).toBe(404);
  });
});
