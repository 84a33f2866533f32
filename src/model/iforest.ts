/**
 * Isolation forest (Liu, Ting & Zhou 2008) and its extended form (Hariri, Carrasco Kind &
 * Brunner 2021): typed matrices in, anomaly scores out. Knows nothing of packets.
 *
 * Each tree is grown on its own subsample of ψ rows drawn without replacement (the generator of
 * tree t is createRng(seed, t), so a forest depends on the seed only), to the height limit
 * ⌈log2 ψ⌉. A node splits on a feature drawn uniformly among those not constant in the node, at
 * a threshold uniform between the node's minimum and maximum (x ≤ threshold goes left); with an
 * extension level e > 0 it splits on a random hyperplane through k = e + 1 non-constant features
 * instead (normal components N(0, 1) divided by the node's range of that feature, intercept
 * uniform in the node's bounding box). A leaf stores its path length h = depth + c(size).
 *
 * Trees are stored as complete binary trees (node i has children 2i+1 and 2i+2), so scoring a
 * row is a loop of array reads; unused slots are leaves that nothing reaches.
 */
import { createRng, type Rng } from './rng.js';
import { averagePathLength, isolationDepth } from './iforest-math.js';

/** Settings of an isolation forest. */
export interface IsolationParams {
  /** Number of trees. */
  readonly nTrees: number;
  /** Rows per tree (ψ); capped at the number of training rows. */
  readonly sampleSize: number;
  /** 0: axis-parallel splits (the isolation forest); e > 0: hyperplanes through e + 1 features. */
  readonly extensionLevel: number;
  readonly seed: number;
}

/** The defaults of Liu et al. (and scikit-learn): 100 trees of 256 rows, axis-parallel. */
export const DEFAULT_ISOLATION_PARAMS: IsolationParams = Object.freeze({
  nTrees: 100,
  sampleSize: 256,
  extensionLevel: 0,
  seed: 0,
});

/** A fitted isolation forest: flat arrays, `nodesPerTree` slots per tree. */
export interface IsolationForest {
  readonly params: IsolationParams;
  readonly nFeatures: number;
  /** The ψ actually used (min(sampleSize, rows)): c(ψ) normalises the scores. */
  readonly psi: number;
  /** Height limit ⌈log2 ψ⌉; a tree has 2^(depth+1) − 1 slots. */
  readonly depth: number;
  readonly nodesPerTree: number;
  /** Features per split: 1, or extensionLevel + 1. */
  readonly k: number;
  /** Per slot, k feature indices; the first is −1 for a leaf. */
  readonly feature: Int32Array;
  /** Per slot, k hyperplane coefficients (empty for axis-parallel forests). */
  readonly coef: Float32Array;
  /** Per slot: the split threshold of a node, the path length h of a leaf. */
  readonly value: Float32Array;
}

/** The number of slots of a complete binary tree of height `depth`. */
export function nodesForDepth(depth: number): number {
  return 2 ** (depth + 1) - 1;
}

/** The sizes of a forest of `params` over `d` features grown on ψ rows (all but its arrays). */
export function forestShape(
  params: IsolationParams,
  d: number,
  psi: number,
): Omit<IsolationForest, 'feature' | 'coef' | 'value'> {
  const depth = isolationDepth(psi);
  const k = params.extensionLevel > 0 ? Math.min(params.extensionLevel + 1, d) : 1;
  return { params, nFeatures: d, psi, depth, nodesPerTree: nodesForDepth(depth), k };
}

/**
 * Fits a forest on the first `n` rows of X (row-major, `d` values per row), or on the rows of X
 * listed in `only` (then `n` is ignored).
 */
export function fitIsolationForest(
  X: Float32Array,
  n: number,
  d: number,
  params: IsolationParams = DEFAULT_ISOLATION_PARAMS,
  only?: Int32Array,
): IsolationForest {
  if (only !== undefined) n = only.length;
  if (n < 1) throw new RangeError('an isolation forest needs at least one row');
  const shape = forestShape(params, d, Math.min(params.sampleSize, n));
  const { nodesPerTree: nodes, k } = shape;
  const forest: IsolationForest = {
    ...shape,
    feature: new Int32Array(params.nTrees * nodes * k).fill(-1),
    coef: new Float32Array(params.extensionLevel > 0 ? params.nTrees * nodes * k : 0),
    value: new Float32Array(params.nTrees * nodes),
  };
  const perm = only !== undefined ? only.slice() : new Int32Array(n);
  if (only === undefined) for (let i = 0; i < n; i++) perm[i] = i;
  const grower = new TreeGrower(X, d, forest);
  for (let t = 0; t < params.nTrees; t++) {
    const rng = createRng(params.seed, t);
    grower.grow(t, rng, sampleRows(perm, forest.psi, rng));
  }
  return forest;
}

/**
 * ψ distinct row indices by a partial Fisher–Yates shuffle of `perm`, which is restored after
 * (so each tree's sample depends only on its own generator).
 */
function sampleRows(perm: Int32Array, psi: number, rng: Rng): Int32Array {
  const n = perm.length;
  const swaps = new Int32Array(psi);
  for (let i = 0; i < psi; i++) {
    const j = i + rng.nextInt(n - i);
    swaps[i] = j;
    const tmp = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = tmp;
  }
  const out = perm.slice(0, psi);
  for (let i = psi - 1; i >= 0; i--) {
    const j = swaps[i]!;
    const tmp = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = tmp;
  }
  return out;
}

/** The rows of a node: rows[from..to). */
interface Span {
  readonly rows: Int32Array;
  readonly from: number;
  readonly to: number;
}

/** Grows the trees of one forest (scratch buffers shared between trees). */
class TreeGrower {
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private readonly candidates: Int32Array;
  private readonly proj: Float64Array;

  constructor(
    private readonly X: Float32Array,
    private readonly d: number,
    private readonly f: IsolationForest,
  ) {
    this.lo = new Float64Array(d);
    this.hi = new Float64Array(d);
    this.candidates = new Int32Array(d);
    this.proj = new Float64Array(f.psi);
  }

  /** Grows tree `t` on the rows `rows` (reordered in place). */
  grow(t: number, rng: Rng, rows: Int32Array): void {
    this.node(t * this.f.nodesPerTree, 0, 0, rows, 0, rows.length, rng);
  }

  private node(
    base: number,
    slot: number,
    depth: number,
    rows: Int32Array,
    from: number,
    to: number,
    rng: Rng,
  ): void {
    const f = this.f;
    const size = to - from;
    const at = base + slot;
    const leaf = (): void => {
      f.feature[at * f.k] = -1;
      f.value[at] = depth + averagePathLength(size);
    };
    if (size <= 1 || depth >= f.depth) return leaf();
    const nonConstant = this.nonConstant(rows, from, to);
    if (nonConstant === 0) return leaf();
    const mid =
      f.k === 1
        ? this.axisSplit(at, { rows, from, to }, nonConstant, rng)
        : this.hyperplaneSplit(at, { rows, from, to }, nonConstant, rng);
    this.node(base, 2 * slot + 1, depth + 1, rows, from, mid, rng);
    this.node(base, 2 * slot + 2, depth + 1, rows, mid, to, rng);
  }

  /** Ranges of every feature over the node's rows; the non-constant ones into `candidates`. */
  private nonConstant(rows: Int32Array, from: number, to: number): number {
    const { X, d, lo, hi } = this;
    lo.fill(Infinity);
    hi.fill(-Infinity);
    for (let r = from; r < to; r++) {
      const b = rows[r]! * d;
      for (let j = 0; j < d; j++) {
        const v = X[b + j]!;
        if (v < lo[j]!) lo[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    }
    let m = 0;
    for (let j = 0; j < d; j++) if (hi[j]! > lo[j]!) this.candidates[m++] = j;
    return m;
  }

  /** An axis-parallel split; returns where the right child's rows start. */
  private axisSplit(at: number, span: Span, m: number, rng: Rng): number {
    const { rows, from, to } = span;
    const { X, d, f } = this;
    const j = this.candidates[rng.nextInt(m)]!;
    const lo = this.lo[j]!;
    const hi = this.hi[j]!;
    let thr = Math.fround(lo + rng.nextFloat() * (hi - lo));
    if (thr >= hi) thr = lo; // rounded up to the maximum: keep both children non-empty
    f.feature[at] = j;
    f.value[at] = thr;
    const proj = this.proj;
    for (let r = from; r < to; r++) proj[r - from] = X[rows[r]! * d + j]!;
    return this.partition(rows, from, to, thr);
  }

  /** A hyperplane split through k features (extended isolation forest). */
  private hyperplaneSplit(at: number, span: Span, m: number, rng: Rng): number {
    const { rows, from, to } = span;
    const { X, d, f, candidates } = this;
    const k = f.k;
    const o = at * k;
    let offset = 0;
    for (let i = 0; i < k; i++) {
      if (i < m) {
        const pick = i + rng.nextInt(m - i); // k distinct non-constant features
        const j = candidates[pick]!;
        candidates[pick] = candidates[i]!;
        candidates[i] = j;
        const range = this.hi[j]! - this.lo[j]!;
        const c = Math.fround(gaussian(rng) / range);
        f.feature[o + i] = j;
        f.coef[o + i] = c;
        offset += c * (this.lo[j]! + rng.nextFloat() * range);
      } else {
        f.feature[o + i] = candidates[0]!; // fewer non-constant features than k: no weight
        f.coef[o + i] = 0;
      }
    }
    const thr = Math.fround(offset);
    f.value[at] = thr;
    const proj = this.proj;
    for (let r = from; r < to; r++)
      proj[r - from] = project(X, rows[r]! * d, f.feature, f.coef, o, k);
    return this.partition(rows, from, to, thr);
  }

  /** Moves the rows whose projection (in `proj`) is ≤ thr first; returns where the rest start. */
  private partition(rows: Int32Array, from: number, to: number, thr: number): number {
    const proj = this.proj;
    let mid = from;
    for (let r = from; r < to; r++) {
      if (proj[r - from]! <= thr) {
        const row = rows[r]!;
        rows[r] = rows[mid]!;
        rows[mid] = row;
        const p = proj[r - from]!;
        proj[r - from] = proj[mid - from]!;
        proj[mid - from] = p;
        mid++;
      }
    }
    return mid;
  }
}

/** Σ coef·x over a node's k features: the one expression fitting and scoring both use. */
export function project(
  X: Float32Array,
  base: number,
  feature: Int32Array,
  coef: Float32Array,
  o: number,
  k: number,
): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += coef[o + i]! * X[base + feature[o + i]!]!;
  return s;
}

/** A standard normal draw (Box–Muller). */
function gaussian(rng: Rng): number {
  const u = 1 - rng.nextFloat(); // (0, 1]
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
