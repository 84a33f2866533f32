/**
 * Scoring with a fitted isolation forest (iforest.ts): the mean path length of each row over the
 * trees and its anomaly score. Tree-major loops (one tree's arrays stay in cache while every row
 * of the batch goes through it); rows are row-major Float32Array, `nFeatures` values each.
 */
import { project, type IsolationForest } from './iforest.js';
import { anomalyScore } from './iforest-math.js';

/** Rows scored together against every tree (their values stay in cache). */
const BLOCK_ROWS = 256;

/** Mean path length E[h(x)] over the trees of each of the first `n` rows of X. */
export function meanPathLengths(f: IsolationForest, X: Float32Array, n: number): Float64Array {
  const sum = new Float64Array(n);
  for (let from = 0; from < n; from += BLOCK_ROWS) {
    const to = Math.min(n, from + BLOCK_ROWS);
    block(f, X, from, to, sum);
  }
  const nTrees = f.params.nTrees;
  for (let r = 0; r < n; r++) sum[r] = sum[r]! / nTrees;
  return sum;
}

/** Adds each tree's path length of rows from…to−1 to `sum`. */
function block(
  f: IsolationForest,
  X: Float32Array,
  from: number,
  to: number,
  sum: Float64Array,
): void {
  const d = f.nFeatures;
  const { feature, value, nodesPerTree, k, coef } = f;
  for (let t = 0; t < f.params.nTrees; t++) {
    const base = t * nodesPerTree;
    for (let r = from; r < to; r++) {
      const row = r * d;
      let i = 0;
      if (k === 1) {
        for (let j = feature[base]!; j >= 0; j = feature[base + i]!)
          i = X[row + j]! <= value[base + i]! ? 2 * i + 1 : 2 * i + 2;
      } else {
        for (let o = base * k; feature[o]! >= 0; o = (base + i) * k) {
          let p = 0;
          for (let c = 0; c < k; c++) p += coef[o + c]! * X[row + feature[o + c]!]!; // = project()
          i = p <= value[base + i]! ? 2 * i + 1 : 2 * i + 2;
        }
      }
      sum[r] = sum[r]! + value[base + i]!;
    }
  }
}

/** Anomaly scores s(x, ψ) ∈ (0, 1] of the first `n` rows of X (higher: more anomalous). */
export function isolationScores(f: IsolationForest, X: Float32Array, n: number): Float64Array {
  const h = meanPathLengths(f, X, n);
  for (let r = 0; r < n; r++) h[r] = anomalyScore(h[r]!, f.psi);
  return h;
}

/** The anomaly score of the one row of X starting at `base` (trees in turn). */
export function isolationScore(f: IsolationForest, X: Float32Array, base: number): number {
  const { feature, value, nodesPerTree, k, coef } = f;
  const nTrees = f.params.nTrees;
  let sum = 0;
  for (let t = 0; t < nTrees; t++) {
    const b = t * nodesPerTree;
    let i = 0;
    while (feature[(b + i) * k]! >= 0) {
      const p =
        k === 1 ? X[base + feature[b + i]!]! : project(X, base, feature, coef, (b + i) * k, k);
      i = p <= value[b + i]! ? 2 * i + 1 : 2 * i + 2;
    }
    sum += value[b + i]!;
  }
  return anomalyScore(sum / nTrees, f.psi);
}
