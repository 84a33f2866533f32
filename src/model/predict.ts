/**
 * Batch prediction kernel: class probabilities as the mean of the per-tree leaf frequencies
 * (scikit-learn's `predict_proba`). Rows are processed in blocks so that one tree's arrays and one
 * block of rows stay in cache; each row's sum runs over the trees in order, so the result does
 * not depend on how rows are split between threads.
 */
import type { Tree } from './tree-store.js';

const BLOCK_ROWS = 128;

/** Per tree, per leaf: the class of a pure leaf (frequency 1), else −1. Derived, never stored. */
const pureCache = new WeakMap<Tree, Int32Array>();

/** The pure-leaf table of a tree (class per leaf, −1 for a mixed leaf), cached per tree. */
export function pureLeaves(tree: Tree, K: number): Int32Array {
  let pure = pureCache.get(tree);
  if (pure) return pure;
  pure = new Int32Array(tree.value.length / K).fill(-1);
  for (let l = 0; l < pure.length; l++) {
    for (let k = 0; k < K; k++) if (tree.value[l * K + k] === 1) pure[l] = k;
  }
  pureCache.set(tree, pure);
  return pure;
}

/**
 * Writes probabilities of rows [from, to) of the row-major matrix `X` (nFeatures columns) into
 * `out` (row-major, nClasses columns, same row indexing as X).
 */
export function predictProbaInto(
  trees: readonly Tree[],
  nClasses: number,
  nFeatures: number,
  X: Float32Array,
  from: number,
  to: number,
  out: Float32Array,
): void {
  const K = nClasses;
  const acc = new Float64Array(BLOCK_ROWS * K);
  const inv = 1 / trees.length;
  for (let start = from; start < to; start += BLOCK_ROWS) {
    const end = Math.min(to, start + BLOCK_ROWS);
    acc.fill(0);
    for (const tree of trees) addTree(tree, K, nFeatures, X, start, end, acc);
    for (let r = start; r < end; r++) {
      const a = (r - start) * K;
      for (let k = 0; k < K; k++) out[r * K + k] = acc[a + k]! * inv;
    }
  }
}

/** Hot loop: walks one tree for every row of a block and adds its leaf frequencies. */
function addTree(
  tree: Tree,
  K: number,
  nFeatures: number,
  X: Float32Array,
  start: number,
  end: number,
  acc: Float64Array,
): void {
  const { feature, threshold, left, right, leaf, value } = tree;
  const pure = pureLeaves(tree, K);
  for (let r = start; r < end; r++) {
    const base = r * nFeatures;
    let i = 0;
    let f = feature[0]!;
    while (f >= 0) {
      i = X[base + f]! <= threshold[i]! ? left[i]! : right[i]!;
      f = feature[i]!;
    }
    const l = leaf[i]!;
    const a = (r - start) * K;
    const c = pure[l]!;
    if (c >= 0) {
      acc[a + c]! += 1;
      continue;
    }
    for (let k = 0, v = l * K; k < K; k++) acc[a + k]! += value[v + k]!;
  }
}

/** Leaf ordinal that row `r` of the row-major matrix X (nFeatures columns) reaches in `tree`. */
export function leafOf(tree: Tree, X: Float32Array, nFeatures: number, r: number): number {
  const { feature, threshold, left, right, leaf } = tree;
  const base = r * nFeatures;
  let i = 0;
  for (let f = feature[0]!; f >= 0; f = feature[i]!) {
    i = X[base + f]! <= threshold[i]! ? left[i]! : right[i]!;
  }
  return leaf[i]!;
}

/** Index of the largest value of each row (the first one on ties, like numpy's argmax). */
export function argmaxRows(proba: Float32Array, nClasses: number): Int32Array {
  const n = proba.length / nClasses;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    let bestV = proba[r * nClasses]!;
    for (let k = 1; k < nClasses; k++) {
      const v = proba[r * nClasses + k]!;
      if (v > bestV) {
        bestV = v;
        best = k;
      }
    }
    out[r] = best;
  }
  return out;
}
