/**
 * Everyday words for the catalog's own facets. Canonical values are the ones stored in the
 * catalog (content.genres, creative_type, source); a surface form whose canonical value is
 * absent from the gazetteer is ignored, so the parser never filters on a value with no rows.
 */
import type { PriceTier } from '../../schemas/enums';


/** surface form → canonical genre (as stored in content.genres). */
export const GENRE_WORDS: Record<string, string> = {
  comedy: 'comedy', comedies: 'comedy', funny: 'comedy', hilarious: 'comedy', laugh: 'comedy', laughs: 'comedy',
  drama: 'drama', dramas: 'drama', dramatic: 'drama',
  action: 'action', 'action-packed': 'action', 'action packed': 'action',
  adventure: 'adventure', adventures: 'adventure',
  horror: 'horror', scary: 'horror', creepy: 'horror', frightening: 'horror', terrifying: 'horror', slasher: 'horror', spooky: 'horror',
  thriller: 'thriller', thrillers: 'thriller', suspense: 'thriller', suspenseful: 'thriller', 'edge of my seat': 'thriller',
  western: 'western', westerns: 'western', cowboy: 'western', cowboys: 'western',
  musical: 'musical', musicals: 'musical',
  documentary: 'documentary', documentaries: 'documentary', doc: 'documentary', docs: 'documentary',
  romance: 'romance', romantic: 'romance', 'love story': 'romance', 'love stories': 'romance',
  'romantic comedy': 'romance', 'romantic comedies': 'romance', 'rom-com': 'romance', 'rom-coms': 'romance', romcom: 'romance', romcoms: 'romance',
  'black comedy': 'black comedy', 'black comedies': 'black comedy', 'dark comedy': 'black comedy', 'dark comedies': 'black comedy',
  concert: 'concert', 'concert film': 'concert', 'concert films': 'concert', 'concert/performance': 'concert',
};

export const CREATIVE_WORDS: Record<string, string> = {
  'science fiction': 'Science Fiction', 'sci-fi': 'Science Fiction', 'sci fi': 'Science Fiction', scifi: 'Science Fiction',
  fantasy: 'Fantasy', fantasies: 'Fantasy',
  superhero: 'Super Hero', superheroes: 'Super Hero', 'super hero': 'Super Hero', 'super heroes': 'Super Hero', 'super-hero': 'Super Hero',
  historical: 'Historical Fiction', 'historical fiction': 'Historical Fiction', 'period piece': 'Historical Fiction', 'period drama': 'Historical Fiction',
  'kids': 'Kids Fiction', "kids'": 'Kids Fiction', children: 'Kids Fiction', "children's": 'Kids Fiction', 'for kids': 'Kids Fiction', 'for children': 'Kids Fiction',
  factual: 'Factual', dramatization: 'Dramatization', dramatized: 'Dramatization',
  contemporary: 'Contemporary Fiction',
};

export const SOURCE_WORDS: Record<string, string> = {
  'based on a book': 'Based on Book/Short Story', 'based on the book': 'Based on Book/Short Story', 'based on a novel': 'Based on Book/Short Story',
  'based on books': 'Based on Book/Short Story', 'based on novels': 'Based on Book/Short Story', 'book adaptation': 'Based on Book/Short Story',
  'adapted from a novel': 'Based on Book/Short Story', 'adapted from a book': 'Based on Book/Short Story', 'based on a short story': 'Based on Book/Short Story',
  'from a book': 'Based on Book/Short Story', 'from a novel': 'Based on Book/Short Story',
  'based on a comic': 'Based on Comic/Graphic Novel', 'based on comics': 'Based on Comic/Graphic Novel', 'comic book': 'Based on Comic/Graphic Novel',
  'comic books': 'Based on Comic/Graphic Novel', 'based on comic books': 'Based on Comic/Graphic Novel', 'based on a comic book': 'Based on Comic/Graphic Novel',
  'comic book adaptations': 'Based on Comic/Graphic Novel', 'graphic novels': 'Based on Comic/Graphic Novel',
  'graphic novel': 'Based on Comic/Graphic Novel', 'based on a graphic novel': 'Based on Comic/Graphic Novel',
  'based on a true story': 'Based on Real Life Events', 'true story': 'Based on Real Life Events', 'true stories': 'Based on Real Life Events',
  'based on real events': 'Based on Real Life Events', 'real events': 'Based on Real Life Events', 'based on real life': 'Based on Real Life Events',
  'real-life': 'Based on Real Life Events', 'real life events': 'Based on Real Life Events',
  remake: 'Remake', remakes: 'Remake',
  'based on a play': 'Based on Play', 'stage play': 'Based on Play', 'based on plays': 'Based on Play',
  'based on a tv show': 'Based on TV', 'based on a tv series': 'Based on TV', 'based on tv': 'Based on TV', 'tv adaptation': 'Based on TV', 'based on a television series': 'Based on TV',
  'based on a video game': 'Based on Game', 'based on a game': 'Based on Game', 'video game': 'Based on Game', 'video games': 'Based on Game',
  'fairy tale': 'Traditional/Legend/Fairytale', 'fairy tales': 'Traditional/Legend/Fairytale', fairytale: 'Traditional/Legend/Fairytale', legend: 'Traditional/Legend/Fairytale', 'folk tale': 'Traditional/Legend/Fairytale',
  'original screenplay': 'Original Screenplay', 'original story': 'Original Screenplay',
  'based on a musical': 'Based on Musical/Opera', opera: 'Based on Musical/Opera',
  'spin-off': 'Spin-Off', spinoff: 'Spin-Off',
  'magazine article': 'Based on Magazine Article',
};

/** Moods are soft: they boost (and damp) genres in ranking, never filter. */
export const MOODS: Record<string, { boost: string[]; damp: string[] }> = {
  'feel-good': { boost: ['comedy', 'romance', 'musical', 'adventure'], damp: ['horror', 'thriller', 'black comedy'] },
  uplifting: { boost: ['comedy', 'musical', 'romance', 'drama'], damp: ['horror', 'thriller'] },
  dark: { boost: ['thriller', 'black comedy', 'horror', 'drama'], damp: ['musical', 'romance'] },
  exciting: { boost: ['action', 'adventure', 'thriller'], damp: ['documentary'] },
  sad: { boost: ['drama'], damp: ['comedy'] },
  light: { boost: ['comedy', 'romance', 'musical'], damp: ['horror', 'drama'] },
  epic: { boost: ['adventure', 'action', 'drama'], damp: [] },
  thoughtful: { boost: ['drama', 'documentary'], damp: ['action'] },
  funny: { boost: ['comedy', 'black comedy', 'romance'], damp: ['drama', 'documentary', 'horror', 'thriller'] },
  scary: { boost: ['horror', 'thriller'], damp: ['comedy', 'musical'] },
};

export const MOOD_WORDS: Record<string, string> = {
  'feel-good': 'feel-good', 'feel good': 'feel-good', feelgood: 'feel-good', heartwarming: 'feel-good', 'heart-warming': 'feel-good',
  cheerful: 'feel-good', happy: 'feel-good', wholesome: 'feel-good', cozy: 'feel-good', uplifting: 'uplifting', inspiring: 'uplifting', inspirational: 'uplifting',
  dark: 'dark', gritty: 'dark', bleak: 'dark', disturbing: 'dark',
  exciting: 'exciting', thrilling: 'exciting', 'adrenaline': 'exciting', intense: 'exciting',
  sad: 'sad', tearjerker: 'sad', 'tear-jerker': 'sad', emotional: 'sad', moving: 'sad',
  lighthearted: 'light', 'light-hearted': 'light', fun: 'light', easygoing: 'light', 'easy watching': 'light',
  epic: 'epic', sweeping: 'epic',
  funnier: 'funny', 'more fun': 'funny', lighter: 'light', scarier: 'scary', darker: 'dark',
  'thought-provoking': 'thoughtful', cerebral: 'thoughtful', 'mind-bending': 'thoughtful', smart: 'thoughtful',
};

export const SORT_WORDS: Record<string, 'best' | 'newest' | 'oldest' | 'biggest' | 'popular' | 'underrated' | 'longest' | 'shortest'> = {
  best: 'best', greatest: 'best', finest: 'best', 'top rated': 'best', 'top-rated': 'best', 'highest rated': 'best', 'highest-rated': 'best', top: 'best',
  newest: 'newest', latest: 'newest', 'most recent': 'newest',
  oldest: 'oldest', earliest: 'oldest',
  biggest: 'biggest', blockbuster: 'biggest', blockbusters: 'biggest', 'highest grossing': 'biggest', 'highest-grossing': 'biggest',
  'box office hit': 'biggest', 'box office hits': 'biggest', 'box-office hits': 'biggest', 'top grossing': 'biggest',
  popular: 'popular', 'most popular': 'popular', famous: 'popular', 'well known': 'popular', 'well-known': 'popular',
  underrated: 'underrated', 'hidden gem': 'underrated', 'hidden gems': 'underrated', overlooked: 'underrated',
  longest: 'longest', shortest: 'shortest',
};

export const PLATFORM_WORDS: Record<string, string> = {
  netflix: 'netflix',
  'prime video': 'prime-video', 'amazon prime': 'prime-video', prime: 'prime-video', amazon: 'prime-video',
  'disney+': 'disney-plus', 'disney plus': 'disney-plus', disneyplus: 'disney-plus',
  hulu: 'hulu',
  'hbo max': 'max', hbo: 'max', 'on max': 'max',
  'apple tv+': 'apple-tv-plus', 'apple tv plus': 'apple-tv-plus',
  peacock: 'peacock',
  'paramount+': 'paramount-plus', 'paramount plus': 'paramount-plus',
  tubi: 'tubi', 'pluto tv': 'pluto-tv', pluto: 'pluto-tv',
  itunes: 'apple-tv-store', 'apple tv store': 'apple-tv-store', 'google play': 'google-play', vudu: 'fandango-at-home', 'fandango at home': 'fandango-at-home',
};

export const MY_PLATFORM_PHRASES = [
  'something i already pay for', 'something i pay for', 'that i already pay for', 'i already pay for', 'i pay for',
  'my services', 'my platforms', 'my subscriptions', 'my streaming services', 'services i have', 'i subscribe to', 'i have',
];

export const PRICE_WORDS: Record<string, PriceTier[]> = {
  'for free': ['free', 'ads'], free: ['free', 'ads'], 'free to watch': ['free', 'ads'], 'without paying': ['free', 'ads'],
  'with ads': ['ads'], 'ad-supported': ['ads'], 'ad supported': ['ads'],
  'to rent': ['rent'], rent: ['rent'], rental: ['rent'],
  'to buy': ['buy'], buy: ['buy'], purchase: ['buy'],
  'with my subscription': ['subscription'], 'included with': ['subscription'], streaming: ['subscription', 'free', 'ads'],
};

export const RECOMMEND_CUES = /\b(?:what should i watch|what to watch|recommend(?:ation)?s?|suggest(?:ion)?s?|something to watch|pick (?:me )?something|surprise me)\b/;

export const FILLER = new Set(
  ('a an the of in on at to for with from by and or is are was it its this that me i my we us you want wanna would like love ' +
    'movie movies film films flick flicks show shows something anything some any find show give watch watching see ' +
    'good great nice please tonight today about with where can could get title titles one ones kind sort type ' +
    'released made came out year years rated rating stream streaming available but just only really very').split(' '),
);
