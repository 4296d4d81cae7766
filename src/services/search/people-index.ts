/**
 * Actors and directors by name, built once per gazetteer (per isolate): a full name's tokens and
 * a surname lead to people by hash look-ups, so a query costs a few dozen map reads whatever
 * the number of names, not an edit distance against every one of them.
 *
 * A name is read only where a person is clearly meant: two or more consecutive tokens that are
 * a person's whole name (one token may carry a typo: "jonh candy", "arnold schwarzeneger"), or a
 * lone surname next to a cue ("with hanks", "spielberg movies", "by kubrick") whose best-known
 * bearer dominates everyone else of that surname. Title words never match a name by accident
 * ("the white scar" is not Thelma White): each token is compared with its own counterpart.
 */
export interface PersonName {
  name: string;
  /** How many credits (acting or directing) the person has in the catalog. */
  credits: number;
}

export interface NameMatch {
  name: string;
  /** Edit operations between what was typed and the name (0: exact). */
  distance: number;
}

interface Variant {
  person: number;
  tokens: string[];
}

export interface PeopleIndex {
  people: PersonName[];
  /** "tom hanks" → the most credited person of that exact name. */
  exact: Map<string, number>;
  /** `${tokens}:${position}:${token}` → variants with that token there (typo-tolerant look-up). */
  byToken: Map<string, Variant[]>;
  /** Surname ("hanks", "de niro") → people, most credited first. */
  bySurname: Map<string, number[]>;
  /**
   * Surnames of well-credited people by themselves and each one-letter deletion (a symmetric
   * delete index): a typo'd surname ("spielburg", "spielbreg") finds them without a scan.
   */
  surnameDeletes: Map<string, string[]>;
}

/** Fewest credits for a typo'd name to be trusted; a lone surname needs more (SURNAME_CREDITS). */
const TYPO_CREDITS = 3;
const SURNAME_CREDITS = 5;
const PARTICLES = new Set([
  'de',
  'del',
  'della',
  'di',
  'da',
  'van',
  'von',
  'der',
  'den',
  'le',
  'la',
  'du',
  'st',
  'mac',
]);

/** A name or query word as compared: no accents, apostrophes or dots; hyphens split words. */
export function nameTokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/['.]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function surnameOf(tokens: string[]): string | undefined {
  if (tokens.length < 2) return undefined;
  const i =
    tokens.length >= 3 && PARTICLES.has(tokens[tokens.length - 2]!)
      ? tokens.length - 2
      : tokens.length - 1;
  return tokens.slice(i).join(' ');
}

let lastBuilt: { key: string; index: PeopleIndex } | undefined;

/**
 * The index of these people, reused while the list is unchanged: the gazetteer is re-read every
 * few minutes, and rebuilding ~13k names each time would cost the isolate a few tens of ms.
 */
export function peopleIndexFor(people: PersonName[]): PeopleIndex {
  let sum = 0;
  for (const p of people) sum += p.credits * 31 + p.name.length;
  const key = `${people.length}:${sum}:${people[0]?.name ?? ''}:${people[people.length - 1]?.name ?? ''}`;
  if (lastBuilt?.key !== key) lastBuilt = { key, index: buildPeopleIndex(people) };
  return lastBuilt.index;
}

export function buildPeopleIndex(people: PersonName[]): PeopleIndex {
  const exact = new Map<string, number>();
  const byToken = new Map<string, Variant[]>();
  const bySurname = new Map<string, number[]>();
  people.forEach((p, i) => {
    const tokens = nameTokens(p.name);
    if (tokens.length < 2) return;
    // "Samuel L. Jackson" is also "samuel jackson".
    const variants = [tokens];
    const noInitials = tokens.filter((t) => t.length > 1);
    if (noInitials.length >= 2 && noInitials.length < tokens.length) variants.push(noInitials);
    for (const v of variants) {
      const key = v.join(' ');
      const prev = exact.get(key);
      if (prev === undefined || people[prev]!.credits < p.credits) exact.set(key, i);
      v.forEach((t, pos) => {
        const k = `${v.length}:${pos}:${t}`;
        const list = byToken.get(k);
        if (list) list.push({ person: i, tokens: v });
        else byToken.set(k, [{ person: i, tokens: v }]);
      });
    }
    const surname = surnameOf(tokens)!;
    const list = bySurname.get(surname);
    if (list) list.push(i);
    else bySurname.set(surname, [i]);
  });
  for (const list of bySurname.values())
    list.sort((a, b) => people[b]!.credits - people[a]!.credits);
  const surnameDeletes = new Map<string, string[]>();
  for (const [surname, list] of bySurname) {
    if (people[list[0]!]!.credits < SURNAME_CREDITS || surname.length < 5) continue;
    for (const d of deletions(surname)) {
      const l = surnameDeletes.get(d);
      if (l) l.push(surname);
      else surnameDeletes.set(d, [surname]);
    }
  }
  return { people, exact, byToken, bySurname, surnameDeletes };
}

/** The word and each of its one-letter deletions. */
function deletions(w: string): Set<string> {
  const out = new Set([w]);
  for (let i = 0; i < w.length; i++) out.add(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/** Known surnames one edit (or a transposition) from `surname`. */
function nearSurnames(ix: PeopleIndex, surname: string): string[] {
  if (surname.length < 5) return [];
  const found = new Set<string>();
  for (const d of deletions(surname))
    for (const s of ix.surnameDeletes.get(d) ?? [])
      if (editDistance(surname, s, 1) <= 1) found.add(s);
  return [...found];
}

/** Edits allowed in a name token of this length: none in short words, one, then two. */
const tolerance = (len: number) => (len <= 3 ? 0 : len <= 7 ? 1 : 2);

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions: "jonh" is one
 * edit from "john"), giving up above `max`. fastest-levenshtein counts a transposition as two.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The person whose whole name is `tokens` (one typo'd token at most, for well-credited people). */
export function matchFullName(ix: PeopleIndex, tokens: string[]): NameMatch | undefined {
  const hit = ix.exact.get(tokens.join(' '));
  if (hit !== undefined) return { name: ix.people[hit]!.name, distance: 0 };
  let best: { person: number; d: number } | undefined;
  for (let pos = 0; pos < tokens.length; pos++) {
    for (const v of ix.byToken.get(`${tokens.length}:${pos}:${tokens[pos]}`) ?? []) {
      const p = ix.people[v.person]!;
      if (p.credits < TYPO_CREDITS) continue;
      let d = 0;
      for (let k = 0; k < tokens.length && d <= 2; k++) {
        if (k === pos) continue;
        const want = v.tokens[k]!;
        const e = editDistance(tokens[k]!, want, tolerance(want.length));
        d += e > tolerance(want.length) ? 99 : e;
      }
      if (d > 2) continue;
      if (!best || d < best.d || (d === best.d && p.credits > ix.people[best.person]!.credits))
        best = { person: v.person, d };
    }
  }
  if (best) return { name: ix.people[best.person]!.name, distance: best.d };
  // Both parts typo'd ("stephen spielburg"): a known surname one edit away, then the given
  // names with a little more slack (Stephen/Steven).
  const surname = surnameOf(tokens)!;
  const given = tokens.slice(0, tokens.length - surname.split(' ').length);
  for (const near of nearSurnames(ix, surname)) {
    for (const i of ix.bySurname.get(near) ?? []) {
      const p = ix.people[i]!;
      const theirs = nameTokens(p.name);
      const theirGiven = theirs.slice(0, theirs.length - near.split(' ').length);
      if (p.credits < SURNAME_CREDITS || theirGiven.length !== given.length) continue;
      let d = 1;
      for (let k = 0; k < given.length && d <= 3; k++) {
        const max = theirGiven[k]!.length >= 5 ? 2 : tolerance(theirGiven[k]!.length);
        const e = editDistance(given[k]!, theirGiven[k]!, max);
        d += e > max ? 99 : e;
      }
      if (d <= 3 && (!best || d < best.d)) best = { person: i, d };
    }
  }
  return best ? { name: ix.people[best.person]!.name, distance: best.d } : undefined;
}

/**
 * The person a lone surname means ("hanks", "de niro", "spielburg"), when one bearer is
 * well-credited and has at least twice the credits of the next.
 */
export function matchSurname(ix: PeopleIndex, surname: string): NameMatch | undefined {
  const pick = (s: string) => {
    const list = ix.bySurname.get(s);
    if (!list) return undefined;
    const top = ix.people[list[0]!]!;
    const next = list[1] === undefined ? 0 : ix.people[list[1]]!.credits;
    return top.credits >= SURNAME_CREDITS && top.credits >= 2 * next ? top.name : undefined;
  };
  const exact = pick(surname);
  if (exact) return { name: exact, distance: 0 };
  if (ix.bySurname.has(surname) || surname.length < 6) return undefined;
  const near = nearSurnames(ix, surname);
  const name = near.length === 1 ? pick(near[0]!) : undefined;
  return name ? { name, distance: 1 } : undefined;
}
