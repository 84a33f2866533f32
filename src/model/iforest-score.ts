/**
 * Scoring with a fitted isolation forest (iforest.ts): the mean path length of each row over the
 * trees and its anomaly score. Rows are row-major Float32Array, `nFeatures` values each.
 *
 * Batches go through a compiled copy of the forest (iforest-walk.ts: complete trees of full
 * height, so each row takes exactly `depth` steps per tree with no leaf test; axis-parallel
 * forests in WebAssembly, iforest-wasm.ts, eight rows side by side); tree-major loops over
 * blocks of rows keep one tree's arrays in cache. A single row walks the stored trees directly
 * (the reference). Both compute the same sums in the same order: the scores are bit-identical
 * (tested).
 */
import { project, type IsolationForest } from './iforest.js';
import { anomalyScore } from './iforest-math.js';
import { compiled, pathSums } from './iforest-walk.js';

/** Mean path length E[h(x)] over the trees of each of the first `n` rows of X. */
export function meanPathLengths(f: IsolationForest, X: Float32Array, n: number): Float64Array {
  const sum = new Float64Array(n);
  pathSums(compiled(f), X, n, sum);
  const nTrees = f.params.nTrees;
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
