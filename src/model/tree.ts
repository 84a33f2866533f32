/**
 * One classification tree, grown depth-first on the binned training matrix (issue 3).
 * Split search is histogram based: at each node, for each sampled feature, bootstrap-weighted
 * class counts per bin, with sibling subtraction (larger child = parent − smaller child) near the
 * top of the tree where nodes are big. Features are sampled at every split as scikit-learn does:
 * visited in random order until `maxFeatures` non-constant ones were seen; features found constant
 * are remembered for the whole subtree. Rows are partitioned in place (stably) by an index array.
 */
import {
  accumulate,
  HistPool,
  scanSplits,
  subtract,
  weightedImpurity,
  type BestSplit,
  type Hist,
} from './histogram.js';
import { createRng, type Rng } from './rng.js';
import {
  bootstrapCounts,
  drawGroups,
  outOfBagMask,
  type BuiltTree,
  type TrainingSet,
  type TreeOptions,
} from './training-set.js';
import { TreeStore } from './tree-store.js';

/** Nodes with at least this many rows keep their histograms for their children's subtraction. */
const KEEP_ROWS = 2048;

interface Node {
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

/** Grows tree number `treeIndex` of a forest with seed `opts.seed`. */
export function buildTree(data: TrainingSet, opts: TreeOptions, treeIndex: number): BuiltTree {
  return new TreeBuilder(data, opts, treeIndex).run();
}

class TreeBuilder {
  private readonly rng: Rng;
  /** Per position: group index, packed (bootstrap weight << 8 | class), drawn rows. */
  private readonly idx: Int32Array;
  private readonly yw: Int32Array;
  private readonly nr: Int32Array;
  private readonly tmpIdx: Int32Array;
  private readonly tmpYw: Int32Array;
  private readonly tmpNr: Int32Array;
  private readonly pool: HistPool;
  private readonly store: TreeStore;
  private readonly importance: Float64Array;
  private readonly best: BestSplit;
  private readonly scratch: Float64Array;
  private readonly stats;
  private readonly K: number;
  private readonly keepRows: number;
  private readonly oobMask: Uint8Array | undefined;

  constructor(
    private readonly data: TrainingSet,
    private readonly opts: TreeOptions,
    treeIndex: number,
  ) {
    const K = (this.K = data.nClasses);
    this.keepRows = opts.keepHistogramRows ?? KEEP_ROWS;
    this.rng = createRng(opts.seed, treeIndex);
    const counts = bootstrapCounts(data.nRows, this.rng, opts.bootstrap);
    if (opts.bootstrap) this.oobMask = outOfBagMask(counts);
    const drawn = drawGroups(data, counts);
    ({ idx: this.idx, yw: this.yw, nr: this.nr } = drawn);
    const m = this.idx.length;
    this.tmpIdx = new Int32Array(m);
    this.tmpYw = new Int32Array(m);
    this.tmpNr = new Int32Array(m);
    this.pool = new HistPool(K, 256);
    this.store = new TreeStore(K);
    this.importance = new Float64Array(data.nFeatures);
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

  run(): BuiltTree {
    const counts = new Float64Array(this.K);
    let rows = 0;
    for (let i = 0; i < this.yw.length; i++) {
      counts[this.yw[i]! & 255]! += this.yw[i]! >>> 8;
      rows += this.nr[i]!;
    }
    const root = this.node(0, this.yw.length, rows, 0, counts, new Uint8Array(this.data.nFeatures));
    this.evaluate(root, null, null);
    this.releaseHists(root, root.split === null || root.end - root.start < this.keepRows);
    const stack: Node[] = root.split ? [root] : [];
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      // Children are evaluated left then right (a fixed RNG order); either may take its
      // histograms by subtraction from the parent and its sibling.
      const [l, r] = this.partition(p);
      this.evaluate(l, p, r);
      this.evaluate(r, p, l);
      this.releaseHists(p, true);
      for (const c of [l, r])
        this.releaseHists(c, c.split === null || c.end - c.start < this.keepRows);
      if (r.split) stack.push(r);
      if (l.split) stack.push(l);
    }
    const built = { tree: this.store.finish(), importance: this.importance };
    return this.oobMask ? { ...built, oobMask: this.oobMask } : built;
  }

  private node(
    start: number,
    end: number,
    rows: number,
    depth: number,
    counts: Float64Array,
    constant: Uint8Array,
  ): Node {
    return {
      id: this.store.addNode(),
      start,
      end,
      rows,
      depth,
      counts,
      constant,
      hists: null,
      split: null,
    };
  }

  /** Decides leaf or split for `node`; a split is stored in node.split. */
  private evaluate(node: Node, parent: Node | null, sibling: Node | null): void {
    const { opts, data, stats, best } = this;
    const rows = node.rows;
    this.fillStats(node, rows);
    if (
      stats.nActive <= 1 ||
      rows < opts.minSamplesSplit ||
      rows < 2 * opts.minSamplesLeaf ||
      node.depth >= opts.maxDepth
    ) {
      return this.makeLeaf(node);
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
    if (best.feature < 0) return this.makeLeaf(node);
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

  private fillStats(node: Node, rows: number): void {
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
  private histogramFor(node: Node, f: number, parent: Node | null, sibling: Node | null): Hist {
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

  private fill(h: Hist, node: Node, f: number): void {
    const nBins = this.data.edges[f]!.length + 1;
    const off = f * this.data.nGroups;
    accumulate(
      h,
      this.K,
      nBins,
      this.data.codes,
      off,
      this.idx,
      this.yw,
      this.nr,
      node.start,
      node.end,
    );
  }

  /** Stable in-place partition of the parent's rows; creates both children. */
  private partition(p: Node): [Node, Node] {
    const split = p.split!;
    const { idx, yw, nr, tmpIdx, tmpYw, tmpNr, data } = this;
    const off = split.feature * data.nGroups;
    const codes = data.codes;
    let w = p.start;
    let t = 0;
    for (let i = p.start; i < p.end; i++) {
      const g = idx[i]!;
      if (codes[off + g]! <= split.bin) {
        idx[w] = g;
        nr[w] = nr[i]!;
        yw[w++] = yw[i]!;
      } else {
        tmpIdx[t] = g;
        tmpNr[t] = nr[i]!;
        tmpYw[t++] = yw[i]!;
      }
    }
    idx.set(tmpIdx.subarray(0, t), w);
    yw.set(tmpYw.subarray(0, t), w);
    nr.set(tmpNr.subarray(0, t), w);
    const rightCounts = new Float64Array(this.K);
    for (let k = 0; k < this.K; k++) rightCounts[k] = p.counts[k]! - split.leftCounts[k]!;
    const l = this.child(p, p.start, w, split.leftRows, split.leftCounts);
    const r = this.child(p, w, p.end, p.rows - split.leftRows, rightCounts);
    this.store.setSplit(p.id, split.feature, split.threshold, l.id, r.id);
    const impurity = (c: Float64Array): number =>
      weightedImpurity(c, this.data.classWeight, this.opts.criterion === 'entropy');
    this.importance[split.feature]! += impurity(p.counts) - impurity(l.counts) - impurity(r.counts);
    return [l, r];
  }

  private child(p: Node, start: number, end: number, rows: number, counts: Float64Array): Node {
    return this.node(start, end, rows, p.depth + 1, counts, p.constant.slice());
  }

  private makeLeaf(node: Node): void {
    const weights = new Float64Array(this.K);
    for (let k = 0; k < this.K; k++) weights[k] = node.counts[k]! * this.data.classWeight[k]!;
    this.store.setLeaf(node.id, weights);
  }

  private releaseHists(node: Node, drop: boolean): void {
    if (!drop || node.hists === null) return;
    for (const h of node.hists) if (h) this.pool.release(h);
    node.hists = null;
  }
}
