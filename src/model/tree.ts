/**
 * One classification tree, grown depth-first on the binned training matrix (issue 3).
 * Each node's split is found by split-search.ts (histogram based, features sampled as
 * scikit-learn does); here the tree is grown: rows drawn by the bootstrap, partitioned in place
 * (stably) by an index array for each split, leaves stored with their class-weighted counts, and
 * the impurity decrease of each split added to its feature's importance.
 */
import { weightedImpurity } from './histogram.js';
import { createRng } from './rng.js';
import { SplitSearch, type TreeNode } from './split-search.js';
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

/** Grows tree number `treeIndex` of a forest with seed `opts.seed`. */
export function buildTree(data: TrainingSet, opts: TreeOptions, treeIndex: number): BuiltTree {
  return new TreeBuilder(data, opts, treeIndex).run();
}

class TreeBuilder {
  /** Per position: group index, packed (bootstrap weight << 8 | class), drawn rows. */
  private readonly idx: Int32Array;
  private readonly yw: Int32Array;
  private readonly nr: Int32Array;
  private readonly tmpIdx: Int32Array;
  private readonly tmpYw: Int32Array;
  private readonly tmpNr: Int32Array;
  private readonly search: SplitSearch;
  private readonly store: TreeStore;
  private readonly importance: Float64Array;
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
    const rng = createRng(opts.seed, treeIndex);
    const counts = bootstrapCounts(data.nRows, rng, opts.bootstrap);
    if (opts.bootstrap) this.oobMask = outOfBagMask(counts);
    const drawn = drawGroups(data, counts);
    ({ idx: this.idx, yw: this.yw, nr: this.nr } = drawn);
    const m = this.idx.length;
    this.tmpIdx = new Int32Array(m);
    this.tmpYw = new Int32Array(m);
    this.tmpNr = new Int32Array(m);
    this.search = new SplitSearch(data, opts, rng, drawn, this.keepRows);
    this.store = new TreeStore(K);
    this.importance = new Float64Array(data.nFeatures);
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
    this.search.releaseHists(root, root.split === null || root.end - root.start < this.keepRows);
    const stack: TreeNode[] = root.split ? [root] : [];
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      // Children are evaluated left then right (a fixed RNG order); either may take its
      // histograms by subtraction from the parent and its sibling.
      const [l, r] = this.partition(p);
      this.evaluate(l, p, r);
      this.evaluate(r, p, l);
      this.search.releaseHists(p, true);
      for (const c of [l, r])
        this.search.releaseHists(c, c.split === null || c.end - c.start < this.keepRows);
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
  ): TreeNode {
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

  /** Decides leaf or split for `node`: a split is stored in node.split, a leaf in the store. */
  private evaluate(node: TreeNode, parent: TreeNode | null, sibling: TreeNode | null): void {
    this.search.evaluate(node, parent, sibling);
    if (node.split === null) this.makeLeaf(node);
  }

  /** Stable in-place partition of the parent's rows; creates both children. */
  private partition(p: TreeNode): [TreeNode, TreeNode] {
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

  private child(
    p: TreeNode,
    start: number,
    end: number,
    rows: number,
    counts: Float64Array,
  ): TreeNode {
    return this.node(start, end, rows, p.depth + 1, counts, p.constant.slice());
  }

  private makeLeaf(node: TreeNode): void {
    const weights = new Float64Array(this.K);
    for (let k = 0; k < this.K; k++) weights[k] = node.counts[k]! * this.data.classWeight[k]!;
    this.store.setLeaf(node.id, weights);
  }
}
