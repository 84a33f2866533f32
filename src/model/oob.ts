/**
 * Out-of-bag class probabilities (scikit-learn's `oob_decision_function_`): each training row is
 * scored only by the trees whose bootstrap left it out; the bootstrap of tree t is replayed from
 * (seed, t), so nothing has to be kept from fitting. Used for the OOB accuracy and, by
 * `nad train`, to choose class weights and decision rules on the training data alone.
 */
import type { Forest } from './forest.js';
import { leafOf, pureLeaves } from './predict.js';
import { createRng } from './rng.js';
import { bootstrapCounts } from './training-set.js';

/** OOB probabilities (nRows × nClasses, row-major; a row no tree left out is all zeros). */
export interface OobProba {
  readonly proba: Float32Array;
  /** Per row: number of trees that did not draw it. */
  readonly votes: Int32Array;
}

/**
 * OOB class probabilities of the rows the forest was fitted on (X: nRows × nFeatures,
 * row-major, the same rows in the same order). Needs a forest fitted with bootstrap.
 */
export function oobProba(forest: Forest, X: Float32Array, nRows: number): OobProba {
  const { nClasses: K, nFeatures } = forest;
  const sums = new Float64Array(nRows * K);
  const votes = new Int32Array(nRows);
  forest.trees.forEach((tree, t) => {
    const counts = bootstrapCounts(nRows, createRng(forest.params.seed, t), true);
    const pure = pureLeaves(tree, K);
    for (let r = 0; r < nRows; r++) {
      if (counts[r]! > 0) continue;
      votes[r]!++;
      const leaf = leafOf(tree, X, nFeatures, r);
      const c = pure[leaf]!;
      if (c >= 0) sums[r * K + c]! += 1;
      else for (let k = 0; k < K; k++) sums[r * K + k]! += tree.value[leaf * K + k]!;
    }
  });
  const proba = new Float32Array(nRows * K);
  for (let r = 0; r < nRows; r++) {
    const v = votes[r]!;
    if (v > 0) for (let k = 0; k < K; k++) proba[r * K + k] = sums[r * K + k]! / v;
  }
  return { proba, votes };
}
