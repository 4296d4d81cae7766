/**
 * The relevance set: natural-language queries with ground truth computed from the catalog's
 * own fields, and title look-ups with typos. `relevant` says which rows answer the query;
 * `order`, when given, is the ideal ranking key among them (the top ten of it count double).
 */
export interface Row {
  id: string;
  title: string;
  genres: string[];
  creativeType: string | null;
  source: string | null;
  director: string | null;
  year: number | null;
  runtime: number | null;
  mpaa: string | null;
  imdb: number | null;
  votes: number | null;
  gross: number | null;
}

export interface RelevanceQuery {
  q: string;
  relevant: (r: Row) => boolean;
  order?: (r: Row) => number;
}

const g = (r: Row, x: string) => r.genres.includes(x);
const yr = (r: Row, a: number, b: number) => r.year !== null && r.year >= a && r.year <= b;
const wr = (r: Row) => {
  const v = r.votes ?? 0;
  return (v / (v + 5000)) * (r.imdb ?? 0) + (5000 / (v + 5000)) * 6.3;
};

export const QUERIES: RelevanceQuery[] = [
  {
    q: 'a feel-good 90s comedy under two hours',
    relevant: (r) => g(r, 'comedy') && yr(r, 1990, 1999) && r.runtime !== null && r.runtime <= 120,
  },
  { q: 'horror movies from the 80s', relevant: (r) => g(r, 'horror') && yr(r, 1980, 1989) },
  {
    q: 'sci-fi films before 1970',
    relevant: (r) => r.creativeType === 'Science Fiction' && yr(r, 0, 1969),
  },
  { q: 'westerns from the 1960s', relevant: (r) => g(r, 'western') && yr(r, 1960, 1969) },
  { q: 'best westerns', relevant: (r) => g(r, 'western'), order: wr },
  { q: 'highly rated dramas', relevant: (r) => g(r, 'drama') && (r.imdb ?? 0) >= 7.5 },
  { q: 'comedies rated above 7.5', relevant: (r) => g(r, 'comedy') && (r.imdb ?? 0) > 7.5 },
  {
    q: 'thrillers based on a true story',
    relevant: (r) => g(r, 'thriller') && r.source === 'Based on Real Life Events',
  },
  {
    q: 'movies based on a book over two and a half hours',
    relevant: (r) => r.source === 'Based on Book/Short Story' && (r.runtime ?? 0) >= 150,
  },
  { q: 'steven spielberg movies', relevant: (r) => r.director === 'Steven Spielberg' },
  {
    q: 'stephen spielburg films from the 80s',
    relevant: (r) => r.director === 'Steven Spielberg' && yr(r, 1980, 1989),
  },
  {
    q: 'martin scorsese dramas',
    relevant: (r) => r.director === 'Martin Scorsese' && g(r, 'drama'),
  },
  {
    q: 'sci-fi not rated R',
    relevant: (r) => r.creativeType === 'Science Fiction' && r.mpaa !== 'R',
  },
  { q: 'action movies not rated R', relevant: (r) => g(r, 'action') && r.mpaa !== 'R' },
  {
    q: 'family friendly fantasy',
    relevant: (r) => r.creativeType === 'Fantasy' && (r.mpaa === 'G' || r.mpaa === 'PG'),
  },
  { q: 'superhero movies', relevant: (r) => r.creativeType === 'Super Hero' },
  {
    q: 'biggest superhero movies',
    relevant: (r) => r.creativeType === 'Super Hero',
    order: (r) => r.gross ?? 0,
  },
  { q: 'newest horror movies', relevant: (r) => g(r, 'horror'), order: (r) => r.year ?? 0 },
  { q: 'musicals', relevant: (r) => g(r, 'musical') },
  { q: 'documentaries', relevant: (r) => g(r, 'documentary') },
  {
    q: 'romantic comedies under 100 minutes',
    relevant: (r) => g(r, 'romance') && r.runtime !== null && r.runtime <= 100,
  },
  { q: 'dark comedies', relevant: (r) => g(r, 'black comedy') },
  {
    q: 'early 90s action rated R',
    relevant: (r) => g(r, 'action') && yr(r, 1990, 1993) && r.mpaa === 'R',
  },
  { q: 'short comedies', relevant: (r) => g(r, 'comedy') && r.runtime !== null && r.runtime <= 95 },
  {
    q: 'adventure movies over 2 hours',
    relevant: (r) => g(r, 'adventure') && (r.runtime ?? 0) >= 120,
  },
  { q: 'horror not rated R', relevant: (r) => g(r, 'horror') && r.mpaa !== 'R' },
  { q: 'comedies from 2005', relevant: (r) => g(r, 'comedy') && r.year === 2005 },
  { q: 'dramas between 1995 and 2000', relevant: (r) => g(r, 'drama') && yr(r, 1995, 2000) },
  {
    q: 'pg-13 action movies from the 2000s',
    relevant: (r) => g(r, 'action') && r.mpaa === 'PG-13' && yr(r, 2000, 2009),
  },
  { q: 'kids movies', relevant: (r) => r.creativeType === 'Kids Fiction' },
  {
    q: 'historical dramas',
    relevant: (r) => r.creativeType === 'Historical Fiction' && g(r, 'drama'),
  },
  {
    q: 'movies based on comic books',
    relevant: (r) => r.source === 'Based on Comic/Graphic Novel',
  },
  { q: 'video game movies', relevant: (r) => r.source === 'Based on Game' },
  { q: 'horror remakes', relevant: (r) => g(r, 'horror') && r.source === 'Remake' },
  { q: 'tim burton films', relevant: (r) => r.director === 'Tim Burton' },
  {
    q: 'clint eastwood westerns',
    relevant: (r) => r.director === 'Clint Eastwood' && g(r, 'western'),
  },
  {
    q: 'ridley scott sci-fi',
    relevant: (r) => r.director === 'Ridley Scott' && r.creativeType === 'Science Fiction',
  },
  {
    q: 'the best dramas of the 1970s',
    relevant: (r) => g(r, 'drama') && yr(r, 1970, 1979),
    order: wr,
  },
  { q: 'oldest comedies', relevant: (r) => g(r, 'comedy'), order: (r) => -(r.year ?? 9999) },
  {
    q: 'hidden gems from the 2000s',
    relevant: (r) =>
      yr(r, 2000, 2009) && (r.votes ?? 0) >= 1000 && (r.votes ?? 0) <= 25000 && (r.imdb ?? 0) >= 7,
  },
  { q: 'thrillers not rated R', relevant: (r) => g(r, 'thriller') && r.mpaa !== 'R' },
  {
    q: 'fantasy adventures from the 2000s',
    relevant: (r) => r.creativeType === 'Fantasy' && g(r, 'adventure') && yr(r, 2000, 2009),
  },
  { q: 'crime dramas from the 70s', relevant: (r) => g(r, 'drama') && yr(r, 1970, 1979) },
  { q: 'francis ford coppola films', relevant: (r) => r.director === 'Francis Ford Coppola' },
  { q: 'nc-17 movies', relevant: (r) => r.mpaa === 'NC-17' },
  { q: 'rated G movies', relevant: (r) => r.mpaa === 'G' },
  { q: 'woody allen comedies', relevant: (r) => r.director === 'Woody Allen' && g(r, 'comedy') },
  { q: 'scary movies from the 1970s', relevant: (r) => g(r, 'horror') && yr(r, 1970, 1979) },
  { q: 'westerns since 1990', relevant: (r) => g(r, 'western') && yr(r, 1990, 3000) },
  { q: 'comedies released after 2008', relevant: (r) => g(r, 'comedy') && yr(r, 2009, 3000) },
];

/** Typo'd title look-ups: [query, the title it means]. */
export const TITLE_TYPOS: [string, string][] = [
  ['godfahter', 'The Godfather'],
  ['jurrasic park', 'Jurassic Park'],
  ['the shawshank redemtion', 'The Shawshank Redemption'],
  ['pulp fictoin', 'Pulp Fiction'],
  ['forest gump', 'Forrest Gump'],
  ['titanik', 'Titanic'],
  ['the dark night', 'The Dark Knight'],
  ['gone with the wnd', 'Gone with the Wind'],
  ['back to the futur', 'Back to the Future'],
  ['silense of the lambs', 'The Silence of the Lambs'],
  ['raiders of the lost arc', 'Raiders of the Lost Ark'],
  ['schindlers list', "Schindler's List"],
];
