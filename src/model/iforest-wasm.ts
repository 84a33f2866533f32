/**
 * The walk of an axis-parallel isolation forest over many rows, in WebAssembly (wasm-emit.ts
 * writes the module; nothing is loaded from disk). A JavaScript walk spends most of its time on
 * what the engine adds around each array read (map and bounds checks, reloads of the array's
 * base, overflow checks); the same loop in WebAssembly is a handful of instructions a step.
 *
 * Layout in the module's memory, made once per compiled forest (iforest-walk.ts) and kept until
 * another forest is walked: per slot of every tree 8 bytes — the feature's byte offset in a row
 * (i32) and the threshold (f32) —, then per tree the path lengths of the last level (f64), then
 * a block of BLOCK_ROWS rows copied from the caller's matrix, then their sums (f64).
 *
 * Each tree takes the block 8 rows at a time (then one at a time): the 8 rows walk side by side,
 * `depth` steps each, child 2i + 2 − (x ≤ threshold) with no branch, so neither the order of
 * the rows nor their values change the speed. Comparisons are those of the stored trees (f32
 * values, NaN goes right) and each row's sum adds the trees' path lengths in tree order in f64,
 * as the one-row walk does: the sums are bit-identical (test/baseline/iforest.test.ts).
 */
import type { CompiledForest } from './iforest-walk.js';
import { get, i32, mem, Op, set, tee, wasmModule, type WasmKernel } from './wasm-emit.js';

/** Rows copied into the module's memory and walked together (their values stay in cache). */
const BLOCK_ROWS = 128;
/** Rows walking a tree side by side. */
const CHAINS = 8;
const PAGE = 65536;

// The function's parameters (i32), then its locals.
const [NODES, LEAVES, TREES, TREE_BYTES, DEPTH, X, ROW_BYTES, ROWS, SUMS, LEAF_BYTES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]; // prettier-ignore
const PARAMS = 10;
const [TREE, TREE_NODES, TREE_LEAVES, ROW, LEVEL, NODE] = [10, 11, 12, 13, 14, 15];
const STEP = 16; // CHAINS slots: the node each row is at
const ROW_AT = STEP + CHAINS; // CHAINS slots: the address of each row
const LOCALS = ROW_AT + CHAINS - PARAMS;

/** One step of the row in chain k: node ← 2·node + 2 − (x[feature] ≤ threshold). */
const step = (k: number): number[] => [
  ...get(TREE_NODES), ...get(STEP + k), ...i32(3), Op.i32Shl, Op.i32Add, ...set(NODE),
  ...get(STEP + k), ...i32(1), Op.i32Shl, ...i32(2), Op.i32Add,
  ...get(ROW_AT + k), ...get(NODE), ...mem(Op.i32Load), Op.i32Add, ...mem(Op.f32Load),
  ...get(NODE), ...mem(Op.f32Load, 4), Op.f32Le, Op.i32Sub, ...set(STEP + k),
]; // prettier-ignore

/** sums[row + k] += the path length of the last-level node chain k reached. */
const addLeaf = (k: number): number[] => [
  ...get(SUMS), ...get(ROW), ...i32(k), Op.i32Add, ...i32(3), Op.i32Shl, Op.i32Add, ...tee(NODE),
  ...get(NODE), ...mem(Op.f64Load),
  ...get(TREE_LEAVES), ...get(STEP + k), ...i32(3), Op.i32Shl, Op.i32Add, ...mem(Op.f64Load),
  Op.f64Add, ...mem(Op.f64Store),
]; // prettier-ignore

/** Walks the current tree with `n` rows side by side while `n` rows are left. */
function rowsOf(n: number): number[] {
  const each = (f: (k: number) => number[]): number[] =>
    Array.from({ length: n }, (_, k) => f(k)).flat();
  return [
    Op.block, Op.void, Op.loop, Op.void,
    ...get(ROW), ...i32(n), Op.i32Add, ...get(ROWS), Op.i32GtU, Op.brIf, 1,
    ...each((k) => [...get(X), ...get(ROW), ...i32(k), Op.i32Add, ...get(ROW_BYTES), Op.i32Mul, Op.i32Add, ...set(ROW_AT + k), ...i32(0), ...set(STEP + k)]), // prettier-ignore
    ...get(DEPTH), ...set(LEVEL),
    Op.loop, Op.void,
    ...each(step),
    ...get(LEVEL), ...i32(1), Op.i32Sub, ...tee(LEVEL), Op.brIf, 0,
    Op.end,
    ...each(addLeaf),
    ...get(ROW), ...i32(n), Op.i32Add, ...set(ROW),
    Op.br, 0, Op.end, Op.end,
  ]; // prettier-ignore
}

/** For each tree in turn: its nodes and leaves, then every row of the block. */
const BODY = [
  ...i32(0), ...set(TREE),
  Op.loop, Op.void,
  ...get(NODES), ...get(TREE), ...get(TREE_BYTES), Op.i32Mul, Op.i32Add, ...set(TREE_NODES),
  // the leaves of this tree, less the first last-level slot: leaf i is at TREE_LEAVES + 8i
  ...get(LEAVES), ...get(TREE), ...get(LEAF_BYTES), Op.i32Mul, Op.i32Add, ...get(LEAF_BYTES), Op.i32Sub, ...i32(8), Op.i32Add, ...set(TREE_LEAVES), // prettier-ignore
  ...i32(0), ...set(ROW),
  ...rowsOf(CHAINS),
  ...rowsOf(1),
  ...get(TREE), ...i32(1), Op.i32Add, ...tee(TREE), ...get(TREES), Op.i32LtS, Op.brIf, 0,
  Op.end,
]; // prettier-ignore

/** The module and the forest now in its memory. */
class AxisWalker {
  private readonly kernel: WasmKernel = wasmModule(PARAMS, LOCALS, BODY);
  private loaded: CompiledForest | undefined;
  private leavesAt = 0;
  private rowsAt = 0;
  private sumsAt = 0;
  private rows = new Float32Array(0);
  private sums = new Float64Array(0);

  /** Writes to `out` the sum over the trees of each of the first `n` rows of X. */
  pathSums(c: CompiledForest, X: Float32Array, n: number, out: Float64Array): void {
    if (this.loaded !== c) this.load(c);
    const { d, nodes, depth, nTrees } = c;
    const leafBytes = 8 * 2 ** depth;
    for (let from = 0; from < n; from += BLOCK_ROWS) {
      const to = Math.min(n, from + BLOCK_ROWS);
      this.rows.set(X.subarray(from * d, to * d));
      this.sums.fill(0);
      this.kernel.run(0, this.leavesAt, nTrees, 8 * nodes, depth, this.rowsAt, 4 * d, to - from, this.sumsAt, leafBytes); // prettier-ignore
      out.set(this.sums.subarray(0, to - from), from);
    }
  }

  /** Lays `c` out in the module's memory (growing it if needed). */
  private load(c: CompiledForest): void {
    const slots = c.nTrees * c.nodes;
    this.leavesAt = 8 * slots;
    this.rowsAt = this.leavesAt + 8 * c.leaf.length;
    this.sumsAt = this.rowsAt + 8 * Math.ceil((BLOCK_ROWS * c.d) / 2);
    const bytes = this.sumsAt + 8 * BLOCK_ROWS;
    const memory = this.kernel.memory;
    const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (pages > 0) memory.grow(pages);
    const buffer = memory.buffer;
    const feature = new Int32Array(buffer, 0, 2 * slots);
    const threshold = new Float32Array(buffer, 0, 2 * slots);
    for (let s = 0; s < slots; s++) {
      feature[2 * s] = 4 * c.feature[s]!;
      threshold[2 * s + 1] = c.threshold[s]!;
    }
    new Float64Array(buffer, this.leavesAt, c.leaf.length).set(c.leaf);
    this.rows = new Float32Array(buffer, this.rowsAt, BLOCK_ROWS * c.d);
    this.sums = new Float64Array(buffer, this.sumsAt, BLOCK_ROWS);
    this.loaded = c;
  }
}

let walker: AxisWalker | undefined;

/**
 * Writes to `out` the sum over the trees of the path length of each of the first `n` rows of X
 * (row-major, c.d values a row), for an axis-parallel forest (c.k = 1) of at least one tree.
 */
export function axisPathSums(
  c: CompiledForest,
  X: Float32Array,
  n: number,
  out: Float64Array,
): void {
  walker ??= new AxisWalker();
  walker.pathSums(c, X, n, out);
}
