/**
 * Out-of-bag class probabilities (scikit-learn's `oob_decision_function_`): each training row is
 * scored only by the trees whose bootstrap left it out: as fitting recorded it for a forest just
 * fitted (Forest.oobMasks), else replayed from (seed, t), so nothing has to be kept from fitting. Used for the OOB accuracy and, by
 * `nad train`, to choose class weights and decision rules on the training data alone.
 *
 * Large inputs are split into row ranges scored on worker threads (pool.ts). A row's sums are
 * always taken over the trees in tree order, so the probabilities are the same bits whatever the
 * number of threads.
 */
import type { Forest } from './forest.js';
import { groupRows } from './groups.js';
import { copyToShared, defaultJobs, runWorkers, type OobInit } from './pool.js';
import { leafOf, pureLeaves } from './predict.js';
import { createRng } from './rng.js';
import type { Tree } from './tree-store.js';
import { bootstrapCounts, outOfBagMask } from './training-set.js';

/** OOB probabilities (nRows × nClasses, row-major; a row no tree left out is all zeros). */
export interface OobProba {
  readonly proba: Float32Array;
  /** Per row: number of trees that did not draw it. */
  readonly votes: Int32Array;
}

/** What OOB scoring needs of a forest (a Forest fits; so does what a worker is sent). */
export interface OobForest {
  readonly trees: readonly Tree[];
  readonly nClasses: number;
  readonly nFeatures: number;
  /** The seed the forest was fitted with (its bootstraps are replayed from it). */
  readonly seed: number;
  /** Per tree, the rows its bootstrap left out, when fitting recorded them. */
  readonly masks: readonly Uint8Array[] | null;
}

/** Rows below which OOB scoring stays on the calling thread. */
export const PARALLEL_OOB_ROWS = 50_000;

/**
 * OOB class probabilities of the rows the forest was fitted on (X: nRows × nFeatures,
 * row-major, the same rows in the same order). Needs a forest fitted with bootstrap.
 */
export function oobProba(forest: Forest, X: Float32Array, nRows: number): OobProba {
  const proba = new Float32Array(nRows * forest.nClasses);
  const votes = new Int32Array(nRows);
  oobRowsInto(oobForest(forest), X, nRows, 0, nRows, proba, votes);
  return { proba, votes };
}

/** oobProba on `jobs` worker threads (row ranges) when the input is large; the same result. */
export async function oobProbaAsync(
  forest: Forest,
  X: Float32Array,
  nRows: number,
  jobs = defaultJobs(),
): Promise<OobProba> {
  if (jobs <= 1 || nRows < PARALLEL_OOB_ROWS) return oobProba(forest, X, nRows);
  const K = forest.nClasses;
  const shared =
    X.buffer instanceof SharedArrayBuffer
      ? X
      : copyToShared(X.subarray(0, nRows * forest.nFeatures));
  const proba = new Float32Array(new SharedArrayBuffer(nRows * K * 4));
  const votes = new Int32Array(new SharedArrayBuffer(nRows * 4));
  const step = Math.ceil(nRows / jobs);
  const inits: OobInit[] = [];
  for (let from = 0; from < nRows; from += step) {
    const to = Math.min(nRows, from + step);
    inits.push({
      kind: 'oob',
      forest: oobForest(forest),
      X: shared,
      nRows,
      from,
      to,
      proba,
      votes,
    });
  }
  await runWorkers(inits);
  return { proba: new Float32Array(proba), votes: new Int32Array(votes) };
}

function oobForest(forest: Forest): OobForest {
  const { trees, nClasses, nFeatures, oobMasks } = forest;
  return { trees, nClasses, nFeatures, seed: forest.params.seed, masks: oobMasks };
}

/** Trees whose out-of-bag additions are gathered before they are summed row by row. */
const BLOCK_TREES = 16;

/**
 * Writes the OOB probabilities and votes of rows [from, to) (of all nRows training rows, whose
 * bootstraps are replayed) into `proba` and `votes`, indexed like the rows.
 */
export function oobRowsInto(
  forest: OobForest,
  X: Float32Array,
  nRows: number,
  from: number,
  to: number,
  proba: Float32Array,
  votes: Int32Array,
): void {
  const { nClasses: K, trees } = forest;
  const n = to - from;
  const sums = new Float64Array(n * K);
  const leaves = new OobLeaves(forest, X, nRows, from, to);
  // Trees go in blocks: a row's sums are updated by every tree of a block while in cache,
  // still in tree order (so the sums are exactly those of one tree at a time).
  const block = Math.min(BLOCK_TREES, trees.length);
  const adds = new Int32Array(block * n);
  for (let t0 = 0; t0 < trees.length; t0 += block) {
    const nb = Math.min(block, trees.length - t0);
    for (let b = 0; b < nb; b++) leaves.fill(t0 + b, adds.subarray(b * n, (b + 1) * n));
    for (let i = 0; i < n; i++) {
      const at = i * K;
      for (let b = 0; b < nb; b++) {
        const a = adds[b * n + i]!;
        if (a < 0) continue;
        votes[from + i]!++;
        if (a < K) {
          sums[at + a]! += 1;
          continue;
        }
        const value = trees[t0 + b]!.value;
        const base = (a - K) * K;
        for (let k = 0; k < K; k++) sums[at + k]! += value[base + k]!;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const v = votes[from + i]!;
    const out = (from + i) * K;
    if (v > 0) for (let k = 0; k < K; k++) proba[out + k] = sums[i * K + k]! / v;
  }
}

/**
 * What each tree adds to the rows [from, to) it left out. Rows with the same values end in the
 * same leaf, so the leaf is found once per group of equal rows and tree (the KDD 10 % file has
 * 145,586 distinct rows of 494,021).
 */
class OobLeaves {
  private readonly groupOf: Int32Array;
  private readonly first: Int32Array;
  private readonly groupLeaf: Int32Array;
  private readonly groupTree: Int32Array;

  constructor(
    private readonly forest: OobForest,
    private readonly X: Float32Array,
    private readonly nRows: number,
    private readonly from: number,
    private readonly to: number,
  ) {
    const nF = forest.nFeatures;
    const rows = X.subarray(from * nF, to * nF);
    const groups = groupRows(rows, to - from, nF, new Uint8Array(to - from));
    this.groupOf = groups.groupOf;
    this.first = groups.first;
    this.groupLeaf = new Int32Array(groups.nGroups);
    this.groupTree = new Int32Array(groups.nGroups).fill(-1);
  }

  /**
   * Writes, per row, what tree `t` adds to it: −1 when the tree drew the row, the class `c` when
   * the row's leaf is pure (adds 1 to c), else nClasses + its leaf (adds the leaf's values).
   */
  fill(t: number, out: Int32Array): void {
    const { nClasses: K, nFeatures } = this.forest;
    const tree = this.forest.trees[t]!;
    const mask = this.forest.masks?.[t] ?? outOfBagMask(this.replay(t));
    const pure = pureLeaves(tree, K);
    for (let i = 0; i < this.to - this.from; i++) {
      const r = this.from + i;
      if (((mask[r >> 3]! >> (r & 7)) & 1) === 0) {
        out[i] = -1;
        continue;
      }
      const g = this.groupOf[i]!;
      if (this.groupTree[g] !== t) {
        this.groupTree[g] = t;
        this.groupLeaf[g] = leafOf(tree, this.X, nFeatures, this.from + this.first[g]!);
      }
      const leaf = this.groupLeaf[g]!;
      const c = pure[leaf]!;
      out[i] = c >= 0 ? c : K + leaf;
    }
  }

  /** The bootstrap draw counts of tree `t`, replayed. */
  private replay(t: number): Int32Array {
    return bootstrapCounts(this.nRows, createRng(this.forest.seed, t), true);
  }
}
