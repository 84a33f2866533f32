/**
 * Scoring with a fitted isolation forest (iforest.ts): the mean path length of each row over the
 * trees and its anomaly score. Tree-major loops (one tree's arrays stay in cache while every row
 * of the batch goes through it); rows are row-major Float32Array, `nFeatures` values each.
 */
import { project, type IsolationForest } from './iforest.js';
import { anomalyScore } from './iforest-math.js';

/** Mean path length E[h(x)] over the trees of each of the first `n` rows of X. */
export function meanPathLengths(f: IsolationForest, X: Float32Array, n: number): Float64Array {
  const sum = new Float64Array(n);
  const d = f.nFeatures;
  const { feature, value, nodesPerTree, k } = f;
  const nTrees = f.params.nTrees;
  for (let t = 0; t < nTrees; t++) {
    const base = t * nodesPerTree;
    if (k === 1) {
      for (let r = 0; r < n; r++) {
        const row = r * d;
        let i = 0;
        let j = feature[base]!;
        while (j >= 0) {
          i = X[row + j]! <= value[base + i]! ? 2 * i + 1 : 2 * i + 2;
          j = feature[base + i]!;
        }
        sum[r] = sum[r]! + value[base + i]!;
      }
    } else {
      for (let r = 0; r < n; r++) {
        const row = r * d;
        let i = 0;
        while (feature[(base + i) * k]! >= 0) {
          const p = project(X, row, feature, f.coef, (base + i) * k, k);
          i = p <= value[base + i]! ? 2 * i + 1 : 2 * i + 2;
        }
        sum[r] = sum[r]! + value[base + i]!;
      }
    }
  }
  for (let r = 0; r < n; r++) sum[r] = sum[r]! / nTrees;
  return sum;
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
