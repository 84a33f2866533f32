/**
 * Which features a forest looked at to judge one row: every split on the row's root-to-leaf
 * path in every tree counts for its feature, weighted by how close to the root it is (a split at
 * depth d counts 1/(d+1)), since early splits separate the most samples. A cheap, exact account
 * of the decisions actually taken for this row — not a causal attribution.
 */
import type { Forest } from './forest.js';

/** Weighted split counts per feature along `x`'s paths (x holds nFeatures values). */
export function pathFeatureWeights(forest: Forest, x: Float32Array): Float64Array {
  const weights = new Float64Array(forest.nFeatures);
  for (const tree of forest.trees) {
    let node = 0;
    let depth = 0;
    while (tree.feature[node]! >= 0) {
      const f = tree.feature[node]!;
      weights[f]! += 1 / (depth + 1);
      node = x[f]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
      depth++;
    }
  }
  return weights;
}

/**
 * Indices of the `n` largest positive weights, largest first, ties by lower index (insertion
 * into a list of at most n, not a sort of every feature: this runs once per reported row).
 */
export function topFeatures(weights: Float64Array, n: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w <= 0 || (top.length === n && w <= weights[top[n - 1]!]!)) continue;
    let at = top.length;
    while (at > 0 && weights[top[at - 1]!]! < w) at--;
    top.splice(at, 0, i);
    if (top.length > n) top.pop();
  }
  return top;
}
