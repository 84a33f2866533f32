/**
 * A fitted decision tree as parallel typed arrays indexed by node (the scikit-learn layout named
 * in DESIGN.md): feature, threshold, left, right, and per leaf a row of class frequencies.
 * Children always have larger indices than their parent, which makes every tree acyclic by
 * construction and cheap to validate on load.
 */

/** A fitted tree. Node 0 is the root; a leaf has feature −1 and left = right = −1. */
export interface Tree {
  /** Split feature per node, −1 for a leaf. */
  readonly feature: Int32Array;
  /** "x[feature] ≤ threshold goes left", per node (0 for leaves). */
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf ordinal per node (−1 for internal nodes): its frequencies are value[leaf*K ..]. */
  readonly leaf: Int32Array;
  /** Class frequencies (summing to 1) of every leaf, leafCount × nClasses. */
  readonly value: Float32Array;
}

/** Number of nodes of a tree. */
export function nodeCount(tree: Tree): number {
  return tree.feature.length;
}

/** Growable storage used while a tree is built. */
export class TreeStore {
  private feature = new Int32Array(64);
  private threshold = new Float32Array(64);
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private leaf = new Int32Array(64);
  private value: Float32Array;
  private nodes = 0;
  private leaves = 0;

  /** Creates an empty store for `nClasses` classes. */
  constructor(private readonly nClasses: number) {
    this.value = new Float32Array(64 * nClasses);
  }

  /** Reserves a node index. */
  addNode(): number {
    if (this.nodes === this.feature.length) this.growNodes();
    const id = this.nodes++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    this.leaf[id] = -1;
    return id;
  }

  /** Turns node `id` into a split. */
  setSplit(id: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.left[id] = left;
    this.right[id] = right;
  }

  /** Turns node `id` into a leaf with the given (unnormalised, non-negative) class weights. */
  setLeaf(id: number, weights: Float64Array): void {
    const k = this.nClasses;
    if ((this.leaves + 1) * k > this.value.length)
      this.value = grow(this.value, this.value.length * 2);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += weights[c]!;
    const at = this.leaves * k;
    for (let c = 0; c < k; c++) this.value[at + c] = sum > 0 ? weights[c]! / sum : 1 / k;
    this.leaf[id] = this.leaves++;
  }

  /** The finished tree, trimmed to size. */
  finish(): Tree {
    const n = this.nodes;
    return {
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      leaf: this.leaf.slice(0, n),
      value: this.value.slice(0, this.leaves * this.nClasses),
    };
  }

  private growNodes(): void {
    const size = this.feature.length * 2;
    this.feature = grow(this.feature, size);
    this.threshold = grow(this.threshold, size);
    this.left = grow(this.left, size);
    this.right = grow(this.right, size);
    this.leaf = grow(this.leaf, size);
  }
}

function grow<T extends Int32Array | Float32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
