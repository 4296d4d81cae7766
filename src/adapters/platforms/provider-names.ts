/** Aggregators name providers their own way; these names map onto our platform ids. */
const NAMES: Record<string, string> = {
  netflix: 'netflix',
  'netflix basic with ads': 'netflix',
  'amazon prime video': 'prime-video',
  'prime video': 'prime-video',
  'amazon prime': 'prime-video',
  'disney plus': 'disney-plus',
  'disney+': 'disney-plus',
  hulu: 'hulu',
  max: 'max',
  'hbo max': 'max',
  'apple tv plus': 'apple-tv-plus',
  'apple tv+': 'apple-tv-plus',
  'appletv+': 'apple-tv-plus',
  peacock: 'peacock',
  'peacock premium': 'peacock',
  'peacock premium plus': 'peacock',
  'paramount plus': 'paramount-plus',
  'paramount+': 'paramount-plus',
  tubi: 'tubi',
  'tubi tv': 'tubi',
  'pluto tv': 'pluto-tv',
  'apple tv': 'apple-tv-store',
  itunes: 'apple-tv-store',
  'apple tv store': 'apple-tv-store',
  'google play movies': 'google-play',
  'google play': 'google-play',
  vudu: 'fandango-at-home',
  'fandango at home': 'fandango-at-home',
};

export function platformIdForProvider(name: string): string | undefined {
  return NAMES[name.trim().toLowerCase()];
}
