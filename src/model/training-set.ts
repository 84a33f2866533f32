/**
 * What every tree of a forest is grown from: the shared, read-only training set (binned and
 * grouped, see bins.ts and groups.ts), the per-tree options, and the bootstrap draw.
 */
import type { Rng } from './rng.js';
import type { Tree } from './tree-store.js';

/** The training data every tree of a forest shares (read-only; may live in shared memory). */
export interface TrainingSet {
  /** Training rows (the bootstrap draws from these). */
  readonly nRows: number;
  /** Groups of identical rows (see groups.ts); trees work on groups. */
  readonly nGroups: number;
  readonly nFeatures: number;
  readonly nClasses: number;
  /** Group of each row. */
  readonly groupOf: Int32Array;
  /** Column-major bin codes of the groups: codes[f * nGroups + g] (see bins.ts). */
  readonly codes: Uint8Array;
  /** Ascending bin edges per feature; a split on bin b has threshold edges[f][b]. */
  readonly edges: Float32Array[];
  /** Class index per group. */
  readonly y: Uint8Array;
  /** Weight per class (all 1 for "none"). */
  readonly classWeight: Float64Array;
}

/** Resolved parameters of one tree. */
export interface TreeOptions {
  readonly criterion: 'gini' | 'entropy';
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Number of non-constant features to examine at each split. */
  readonly maxFeatures: number;
  readonly bootstrap: boolean;
  readonly seed: number;
  /**
   * Tuning only (never changes the tree): nodes with at least this many positions keep their
   * histograms for sibling subtraction. Default 2048.
   */
  readonly keepHistogramRows?: number;
}

/** A tree and its unnormalised impurity decrease per feature. */
export interface BuiltTree {
  readonly tree: Tree;
  readonly importance: Float64Array;
  /** The rows its bootstrap left out (bit r & 7 of byte r >> 3); absent without bootstrap. */
  readonly oobMask?: Uint8Array;
}

/** Rows drawn zero times, as a bit mask (bit r & 7 of byte r >> 3). */
export function outOfBagMask(counts: Int32Array): Uint8Array {
  const mask = new Uint8Array((counts.length + 7) >> 3);
  for (let r = 0; r < counts.length; r++) if (counts[r] === 0) mask[r >> 3]! |= 1 << (r & 7);
  return mask;
}

/** Bootstrap sample of tree `treeIndex` as per-row draw counts (the tree's first RNG use). */
export function bootstrapCounts(nRows: number, rng: Rng, bootstrap: boolean): Int32Array {
  const counts = new Int32Array(nRows);
  if (!bootstrap) return counts.fill(1);
  for (let i = 0; i < nRows; i++) counts[rng.nextInt(nRows)]!++;
  return counts;
}

/**
 * The groups a bootstrap drew, in ascending order: group index, packed
 * (bootstrap weight << 8 | class), and number of distinct rows drawn from the group.
 */
export function drawGroups(
  data: TrainingSet,
  counts: Int32Array,
): { idx: Int32Array; yw: Int32Array; nr: Int32Array } {
  const weight = new Int32Array(data.nGroups);
  const drawn = new Int32Array(data.nGroups);
  for (let r = 0; r < data.nRows; r++) {
    const c = counts[r]!;
    if (c === 0) continue;
    const g = data.groupOf[r]!;
    weight[g]! += c;
    drawn[g]!++;
  }
  let m = 0;
  for (let g = 0; g < data.nGroups; g++) if (drawn[g]! > 0) m++;
  const idx = new Int32Array(m);
  const yw = new Int32Array(m);
  const nr = new Int32Array(m);
  for (let g = 0, i = 0; g < data.nGroups; g++) {
    if (drawn[g] === 0) continue;
    idx[i] = g;
    nr[i] = drawn[g]!;
    yw[i++] = (weight[g]! << 8) | data.y[g]!;
  }
  return { idx, yw, nr };
}
