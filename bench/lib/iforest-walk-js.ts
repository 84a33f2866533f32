/**
 * The peer of `bench:baseline`'s scoring figure: the JavaScript walk of an axis-parallel forest
 * that src/model/iforest-walk.ts used before the walk moved to WebAssembly (iforest-wasm.ts) —
 * the same compiled layout (complete trees, pass-through nodes), four rows side by side, blocks
 * of 256 rows. Bench-only: it gives the same sums, so the bench can check them against each other.
 */
import type { BlockWalk, CompiledForest } from '../../src/model/iforest-walk.js';

const BLOCK_ROWS = 256;

/** The sum over the trees of the path length of each of the first `n` rows of X. */
export function jsPathSums(c: CompiledForest, X: Float32Array, n: number): Float64Array {
  const sum = new Float64Array(n);
  for (let from = 0; from < n; from += BLOCK_ROWS) walkAxis(c, X, from, Math.min(n, from + BLOCK_ROWS), sum); // prettier-ignore
  return sum;
}

/** One step of a row at node i (of the tree at slot `root`). */
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

/** Four rows at a time, then the rows left over. */
const walkAxis: BlockWalk = (c, X, from, to, sum) => {
  const { d, depth, nodes, leaf } = c;
  const bottom = 2 ** depth;
  const four = from + ((to - from) & ~3);
  for (let t = 0; t < c.nTrees; t++) {
    const root = t * nodes;
    const lb = t * bottom - (bottom - 1);
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
