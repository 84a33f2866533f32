/**
 * The fast walk of an isolation forest over a block of rows (iforest-score.ts). A forest is
 * compiled once (cached per forest object) into complete trees of its full height: a split
 * keeps its k features, coefficients and threshold; a leaf above the last level becomes a chain
 * of pass-through nodes (feature 0, coefficient 0, threshold +∞) and every last-level slot below
 * it carries its path length. So every row takes exactly `depth` steps per tree, child
 * 2i + 1 + (value > threshold), with no leaf test and no child lookup. Axis-parallel forests (the
 * default) are walked in WebAssembly (iforest-wasm.ts), hyperplanes here. A row meets the same
 * comparisons as in the stored trees, and sums are added tree by tree in order as the one-row
 * walk does: the results are bit-identical.
 */
import type { IsolationForest } from './iforest.js';
import { axisPathSums } from './iforest-wasm.js';

/** A forest laid out for walking. */
export interface CompiledForest {
  readonly nTrees: number;
  readonly nodes: number;
  readonly depth: number;
  readonly k: number;
  readonly d: number;
  /** Per slot, k features (pass-through: 0). */
  readonly feature: Int32Array;
  /** Per slot, k coefficients (axis-parallel forests: none). */
  readonly coef: Float32Array;
  /** Per slot, the threshold (pass-through: +∞). */
  readonly threshold: Float32Array;
  /** Per tree, the path length reached at each slot of the last level (2^depth of them). */
  readonly leaf: Float64Array;
}

const cache = new WeakMap<IsolationForest, CompiledForest>();

/** The compiled form of `f` (made once per forest). */
export function compiled(f: IsolationForest): CompiledForest {
  let c = cache.get(f);
  if (c === undefined) cache.set(f, (c = compile(f)));
  return c;
}

function compile(f: IsolationForest): CompiledForest {
  const { nodesPerTree: nodes, k, depth } = f;
  const nTrees = f.params.nTrees;
  const slots = nTrees * nodes;
  const bottom = 2 ** depth; // slots of the last level; they start at bottom − 1
  const feature = new Int32Array(slots * k);
  const coef = new Float32Array(k > 1 ? slots * k : 0);
  const threshold = new Float32Array(slots).fill(Infinity);
  const leaf = new Float64Array(nTrees * bottom);
  const through = new Uint8Array(nodes); // 1: a leaf or below one
  for (let t = 0; t < nTrees; t++) {
    through.fill(0);
    for (let i = 0; i < nodes; i++) {
      const s = t * nodes + i;
      if (i > 0 && through[(i - 1) >> 1] === 1) through[i] = 1;
      else if (f.feature[s * k]! < 0) {
        through[i] = 1;
        const last = i >= bottom - 1;
        let lo = i; // this leaf's descendants on the last level: lo…hi
        let hi = i;
        while (lo < bottom - 1) [lo, hi] = [2 * lo + 1, 2 * hi + 2];
        leaf.fill(f.value[s]!, t * bottom + lo - (bottom - 1), t * bottom + hi - (bottom - 1) + 1);
        if (last) continue;
      } else {
        for (let c = 0; c < k; c++) {
          feature[s * k + c] = f.feature[s * k + c]!;
          if (k > 1) coef[s * k + c] = f.coef[s * k + c]!;
        }
        threshold[s] = f.value[s]!;
      }
    }
  }
  return { nTrees, nodes, depth, k, d: f.nFeatures, feature, coef, threshold, leaf };
}

/** Rows of a block scored together against every tree by the hyperplane walk. */
const BLOCK_ROWS = 256;

/**
 * Writes to `out` the sum over the trees of the path length of each of the first `n` rows of X:
 * in WebAssembly for axis-parallel forests (iforest-wasm.ts), else the hyperplane walk below.
 */
export function pathSums(c: CompiledForest, X: Float32Array, n: number, out: Float64Array): void {
  if (c.nTrees === 0) return void out.fill(0, 0, n);
  if (c.k === 1) return axisPathSums(c, X, n, out);
  out.fill(0, 0, n);
  for (let from = 0; from < n; from += BLOCK_ROWS)
    walkPlanes(c, X, from, Math.min(n, from + BLOCK_ROWS), out);
}

/** A walk of rows from…to−1 of X through every tree, adding each path length to `sum`. */
export type BlockWalk = (c: CompiledForest, X: Float32Array, from: number, to: number, sum: Float64Array) => void; // prettier-ignore

/** Hyperplanes of k features, one row at a time. */
const walkPlanes: BlockWalk = (c, X, from, to, sum) => {
  const { d, depth, nodes, leaf, k, feature, coef, threshold } = c;
  const bottom = 2 ** depth;
  for (let t = 0; t < c.nTrees; t++) {
    const root = t * nodes;
    for (let r = from; r < to; r++) {
      const row = r * d;
      let i = 0;
      for (let l = 0; l < depth; l++) {
        const o = k * (root + i);
        let p = 0;
        for (let j = 0; j < k; j++) p += coef[o + j]! * X[row + feature[o + j]!]!;
        i = 2 * i + (p <= threshold[root + i]! ? 1 : 2);
      }
      sum[r] = sum[r]! + leaf[t * bottom + i - (bottom - 1)]!;
    }
  }
};
