/**
 * A poster, or a tile with the title's initials where there is none or it cannot load (an
 * offline machine, a moved image). The tile is always there at the poster's 2:3 shape, so the
 * layout does not move when the image arrives or fails; the image lies on top of it.
 */
import type { Poster } from '../../schemas/content';
import { h } from './dom';

const MINOR = new Set([
  'the',
  'a',
  'an',
  'of',
  'and',
  'in',
  'on',
  'at',
  'to',
  'for',
  'with',
  'from',
  'by',
  'is',
]);

/** "The Godfather Part II" → "GP"; "Jaws" → "J"; "Puzzle of a Downfall Child" → "PD". */
export function initials(title: string): string {
  const words = title.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const major = words.filter((w) => !MINOR.has(w.toLowerCase()));
  return (
    (major.length ? major : words)
      .slice(0, 2)
      .map((w) => Array.from(w)[0]!.toUpperCase())
      .join('') || '?'
  );
}

/** One of a few muted tones, the same for a title every time. */
function tone(title: string): number {
  let n = 0;
  for (const ch of title) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return n % 6;
}

/**
 * The poster of `title`: lazy-loaded, sized by its own width and height, described by its alt
 * text; the initials tile stays when the image fails. `decorative`: the title is already said
 * next to it (a list of films), so the tile needs no name of its own.
 */
export function posterFor(
  poster: Poster | null,
  title: string,
  opts: { size: 'large' | 'small'; decorative?: boolean },
): HTMLElement {
  const label = `${title} (no poster image)`;
  // A large tile reads like a plain poster: the initials, and the title beneath them.
  const tile = h(
    'div',
    { class: `poster ${opts.size} tone-${tone(title)}` },
    h('span', { class: 'poster-initials', 'aria-hidden': 'true' }, initials(title)),
    opts.size === 'large'
      ? h('span', { class: 'poster-caption', 'aria-hidden': 'true' }, title)
      : null,
  );
  const missing = () => {
    tile.classList.add('missing');
    if (!opts.decorative) {
      tile.setAttribute('role', 'img');
      tile.setAttribute('aria-label', label);
    }
  };
  if (!poster) {
    missing();
    return tile;
  }
  const img = h('img', {
    src: poster.url,
    alt: opts.decorative ? '' : `Poster of ${title}`,
    loading: 'lazy',
    decoding: 'async',
    width: poster.width ?? 200,
    height: poster.height ?? 300,
    referrerpolicy: 'no-referrer',
  });
  img.addEventListener(
    'error',
    () => {
      img.remove();
      missing();
    },
    { once: true },
  );
  img.addEventListener('load', () => tile.classList.add('loaded'), { once: true });
  tile.append(img);
  return tile;
}
