/**
 * How rare a value is among the training rows of a baseline, per feature: the "why" of a
 * novelty score names the features whose values are rarest. A column with few distinct values
 * (at most DISCRETE_VALUES, e.g. flags, protocol codes, counts of a handful) keeps each value's
 * count: rarity = share of training rows with that exact value (0 when never seen). Any other
 * column keeps QUANTILES + 1 quantiles: rarity = 2 × the smaller tail share at the value
 * (1 at the median, 0 outside the training range).
 */

/** Columns with at most this many distinct training values are profiled by exact value. */
export const DISCRETE_VALUES = 32;
/** Quantile intervals of a continuous column's profile. */
export const QUANTILES = 64;

/** The training distribution of one column. */
export type ColumnProfile =
  | {
      readonly kind: 'discrete';
      readonly values: readonly number[];
      readonly counts: readonly number[];
    }
  | { readonly kind: 'continuous'; readonly quantiles: readonly number[] };

/** Profiles column `j` of the first `n` rows of X (`d` values per row). */
export function profileColumn(X: Float32Array, n: number, d: number, j: number): ColumnProfile {
  const col = new Float32Array(n);
  for (let r = 0; r < n; r++) col[r] = X[r * d + j]!;
  col.sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (let r = 0; r < n; r++) {
    if (r > 0 && col[r] === col[r - 1]) counts[counts.length - 1]!++;
    else if (values.length < DISCRETE_VALUES + 1) {
      values.push(col[r]!);
      counts.push(1);
    } else break;
  }
  if (values.length <= DISCRETE_VALUES) return { kind: 'discrete', values, counts };
  const quantiles: number[] = [];
  for (let q = 0; q <= QUANTILES; q++) quantiles.push(col[Math.round((q * (n - 1)) / QUANTILES)]!);
  return { kind: 'continuous', quantiles };
}

/** The rarity of value `x` for a column, in [0, 1] (0: never seen in training). */
export function rarity(p: ColumnProfile, x: number): number {
  if (p.kind === 'discrete') {
    let total = 0;
    let hit = 0;
    for (let i = 0; i < p.values.length; i++) {
      total += p.counts[i]!;
      if (p.values[i] === x) hit = p.counts[i]!;
    }
    return total === 0 ? 0 : hit / total;
  }
  const q = p.quantiles;
  const last = q.length - 1;
  if (!(x >= q[0]! && x <= q[last]!)) return 0;
  let lo = 0; // first quantile ≥ x
  while (q[lo]! < x) lo++;
  let hi = last; // last quantile ≤ x
  while (q[hi]! > x) hi--;
  let position: number;
  if (lo <= hi)
    position = (lo + hi) / 2; // x is a quantile (or several)
  else position = hi + (x - q[hi]!) / (q[lo]! - q[hi]!); // between quantiles hi and lo = hi + 1
  const cdf = position / last;
  return 2 * Math.min(cdf, 1 - cdf);
}

/**
 * The `count` columns with the rarest values of row `r` of X (lowest rarity first; ties by
 * column order).
 */
export function rarestColumns(
  profiles: readonly ColumnProfile[],
  X: Float32Array,
  base: number,
  count: number,
): number[] {
  const scored = profiles.map((p, j) => ({ j, v: rarity(p, X[base + j]!) }));
  scored.sort((a, b) => a.v - b.v || a.j - b.j);
  return scored.slice(0, count).map((s) => s.j);
}
