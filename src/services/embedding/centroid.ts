/** The weighted sum of vectors, scaled to unit length (null when empty or zero). */
export function weightedCentroid(vectors: { v: number[]; w: number }[]): number[] | null {
  const dim = vectors[0]?.v.length ?? 0;
  if (!dim) return null;
  const out = new Array<number>(dim).fill(0);
  for (const { v, w } of vectors) for (let i = 0; i < dim; i++) out[i]! += w * (v[i] ?? 0);
  const norm = Math.sqrt(out.reduce((a, x) => a + x * x, 0));
  return norm > 0 ? out.map((x) => x / norm) : null;
}
