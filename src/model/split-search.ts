/**
 * The split search at one node of a tree being grown (tree.ts): the stopping rules, then, for
 * features sampled as scikit-learn does (visited in random order until `maxFeatures` non-constant
 * ones were seen; features found constant are remembered for the whole subtree), the best cut of
 * each feature's class histogram. A histogram is taken from the node, by sibling subtraction
 * (larger child = parent − smaller child) near the top of the tree where nodes are big, or
 * accumulated from the node's rows.
 */
import {
  accumulate,
  HistPool,
  scanSplits,
  subtract,
  type BestSplit,
  type Hist,
  type NodeStats,
} from './histogram.js';
import type { Rng } from './rng.js';
import type { TrainingSet, TreeOptions } from './training-set.js';

/** A node of the tree being grown. */
export interface TreeNode {
  id: number;
  /** Positions start..end−1 of the index arrays. */
  start: number;
  end: number;
  /** Distinct training rows drawn into the node. */
  rows: number;
  depth: number;
  /** Bootstrap-weighted count per class. */
  counts: Float64Array;
  constant: Uint8Array;
  hists: (Hist | undefined)[] | null;
  split: {
    feature: number;
    bin: number;
    threshold: number;
    leftRows: number;
    leftCounts: Float64Array;
  } | null;
}

/** The rows of a tree in node order (tree.ts partitions them in place). */
export interface NodeRows {
  /** Per position: group index, packed (bootstrap weight << 8 | class), drawn rows. */
  readonly idx: Int32Array;
  readonly yw: Int32Array;
  readonly nr: Int32Array;
}

/** Finds the split of each node of one tree; holds the histograms of the nodes that keep them. */
export class SplitSearch {
  private readonly pool: HistPool;
  private readonly best: BestSplit;
  private readonly scratch: Float64Array;
  private readonly stats: NodeStats;
  private readonly K: number;

  /** `keepRows`: nodes with at least this many positions keep their histograms. */
  constructor(
    private readonly data: TrainingSet,
    private readonly opts: TreeOptions,
    private readonly rng: Rng,
    private readonly rows: NodeRows,
    private readonly keepRows: number,
  ) {
    const K = (this.K = data.nClasses);
    this.pool = new HistPool(K, 256);
    this.best = {
      score: 0,
      feature: -1,
      bin: 0,
      nextBin: 0,
      leftRows: 0,
      leftCounts: new Float64Array(K),
    };
    this.scratch = new Float64Array(K);
    this.stats = {
      rows: 0,
      active: new Int32Array(K),
      nActive: 0,
      weightedTotals: new Float64Array(K),
      activeWeight: new Float64Array(K),
    };
  }

  /** Decides leaf or split for `node`: a split is stored in node.split, a leaf leaves it null. */
  evaluate(node: TreeNode, parent: TreeNode | null, sibling: TreeNode | null): void {
    const { opts, data, stats, best } = this;
    const rows = node.rows;
    this.fillStats(node, rows);
    if (
      stats.nActive <= 1 ||
      rows < opts.minSamplesSplit ||
      rows < 2 * opts.minSamplesLeaf ||
      node.depth >= opts.maxDepth
    ) {
      return;
    }
    const keep = node.end - node.start >= this.keepRows || parent?.hists != null;
    if (keep) node.hists ??= new Array<Hist | undefined>(data.nFeatures);
    const cand: number[] = [];
    for (let f = 0; f < data.nFeatures; f++) if (node.constant[f] === 0) cand.push(f);
    best.score = -Infinity;
    best.feature = -1;
    const entropy = opts.criterion === 'entropy';
    for (let j = 0, visited = 0; j < cand.length && visited < opts.maxFeatures; j++) {
      const pick = j + this.rng.nextInt(cand.length - j);
      const f = cand[pick]!;
      cand[pick] = cand[j]!;
      cand[j] = f;
      const h = this.histogramFor(node, f, parent, sibling);
      if (scanSplits(h, f, this.K, stats, opts.minSamplesLeaf, entropy, best, this.scratch))
        visited++;
      else node.constant[f] = 1;
      if (node.hists) node.hists[f] = h;
      else this.pool.release(h);
    }
    if (best.feature < 0) return;
    const leftCounts = new Float64Array(this.K);
    for (let a = 0; a < stats.nActive; a++) leftCounts[stats.active[a]!] = best.leftCounts[a]!;
    const e = data.edges[best.feature]!;
    // Threshold in the middle of the empty gap between the two non-empty bins around the cut.
    const threshold = Math.fround((e[best.bin]! + e[best.nextBin - 1]!) / 2);
    node.split = {
      feature: best.feature,
      bin: best.bin,
      threshold,
      leftRows: best.leftRows,
      leftCounts,
    };
  }

  /** Returns the node's histograms to the pool when `drop`. */
  releaseHists(node: TreeNode, drop: boolean): void {
    if (!drop || node.hists === null) return;
    for (const h of node.hists) if (h) this.pool.release(h);
    node.hists = null;
  }

  private fillStats(node: TreeNode, rows: number): void {
    const s = this.stats;
    s.rows = rows;
    s.nActive = 0;
    for (let k = 0; k < this.K; k++) {
      if (node.counts[k]! <= 0) continue;
      const w = this.data.classWeight[k]!;
      s.active[s.nActive] = k;
      s.activeWeight[s.nActive] = w;
      s.weightedTotals[s.nActive++] = w * node.counts[k]!;
    }
  }

  /** The histogram of feature f at `node`: stored, by subtraction, or accumulated. */
  private histogramFor(
    node: TreeNode,
    f: number,
    parent: TreeNode | null,
    sibling: TreeNode | null,
  ): Hist {
    const own = node.hists?.[f];
    if (own) return own;
    const { data, K } = this;
    const h = this.pool.take();
    const ph = parent?.hists?.[f];
    const rows = node.end - node.start;
    if (ph && sibling) {
      let sh = sibling.hists?.[f];
      const cost = (ph.hi - ph.lo + 1) * (K + 1);
      if (!sh && sibling.end - sibling.start + cost < rows) {
        sh = this.pool.take();
        this.fill(sh, sibling, f);
        sibling.hists ??= new Array<Hist | undefined>(data.nFeatures);
        sibling.hists[f] = sh;
      }
      if (sh && cost < rows) {
        subtract(h, ph, sh, K);
        return h;
      }
    }
    this.fill(h, node, f);
    return h;
  }

  private fill(h: Hist, node: TreeNode, f: number): void {
    const nBins = this.data.edges[f]!.length + 1;
    const off = f * this.data.nGroups;
    const { idx, yw, nr } = this.rows;
    accumulate(h, this.K, nBins, this.data.codes, off, idx, yw, nr, node.start, node.end);
  }
}
