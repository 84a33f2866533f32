/**
 * The fast walk of an isolation forest over a block of rows (iforest-score.ts). A forest is
 * compiled once (cached per forest object) into complete trees of its full height: a split
 * keeps its k features, coefficients and threshold; a leaf above the last level becomes a chain
 * of pass-through nodes (feature 0, coefficient 0, threshold +∞) and every last-level slot below
 * it carries its path length. So every row takes exactly `depth` steps per tree, child
 * 2i + 1 + (value > threshold), with no leaf test and no child lookup; in axis-parallel forests
 * (the default) four rows walk a tree together (independent chains of loads overlap). A row meets the same comparisons as in the
 * stored trees, and sums are added tree by tree in order as the one-row walk does: the results
 * are bit-identical.
 */
import type { IsolationForest } from './iforest.js';

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

/** A walk of rows from…to−1 of X through every tree, adding each path length to `sum`. */
type Walk = (c: CompiledForest, X: Float32Array, from: number, to: number, sum: Float64Array) => void; // prettier-ignore

/** Adds each tree's path length of rows from…to−1 of X to `sum`. */
export const walkBlock: Walk = (c, X, from, to, sum) =>
  c.k === 1 ? walkAxis(c, X, from, to, sum) : walkPlanes(c, X, from, to, sum);

/** One step of a row at node i (of the tree at slot `root`) of an axis-parallel forest. */
function stepAxis(
  c: CompiledForest,
  X: Float32Array,
  row: number,
  root: number,
  i: number,
): number {
  const s = root + i;
  return 2 * i + (X[row + c.feature[s]!]! <= c.threshold[s]! ? 1 : 2);
}

/** Axis-parallel splits: four rows at a time, then the rows left over. */
const walkAxis: Walk = (c, X, from, to, sum) => {
  const { d, depth, nodes, leaf } = c;
  const bottom = 2 ** depth;
  const four = from + ((to - from) & ~3);
  for (let t = 0; t < c.nTrees; t++) {
    const root = t * nodes;
    const lb = t * bottom - (bottom - 1); // leaf[lb + i]: node i of the last level
    for (let r = from; r < four; r += 4) {
      const x0 = r * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let l = 0; l < depth; l++) {
        s0 = stepAxis(c, X, x0, root, s0);
        s1 = stepAxis(c, X, x0 + d, root, s1);
        s2 = stepAxis(c, X, x0 + 2 * d, root, s2);
        s3 = stepAxis(c, X, x0 + 3 * d, root, s3);
      }
      sum[r] = sum[r]! + leaf[lb + s0]!;
      sum[r + 1] = sum[r + 1]! + leaf[lb + s1]!;
      sum[r + 2] = sum[r + 2]! + leaf[lb + s2]!;
      sum[r + 3] = sum[r + 3]! + leaf[lb + s3]!;
    }
    for (let r = four; r < to; r++) {
      let s = 0;
      for (let l = 0; l < depth; l++) s = stepAxis(c, X, r * d, root, s);
      sum[r] = sum[r]! + leaf[lb + s]!;
    }
  }
};

/** Hyperplanes of k features: one row at a time. */
const walkPlanes: Walk = (c, X, from, to, sum) => {
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
