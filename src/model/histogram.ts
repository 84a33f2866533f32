/**
 * Per-node class histograms and the split scan of the histogram tree builder (issue 3).
 * A histogram of feature f at a node holds, for every bin b, the bootstrap-weighted count of each
 * class (`data[b * stride + k]`, stride = nClasses + 1) and the number of distinct rows
 * (`data[b * stride + nClasses]`). Class weights are applied only when scoring, so the counts stay
 * integers and sibling subtraction (child = parent − sibling) is exact.
 */

/** One feature's histogram at one node, with the range of its non-empty bins. */
export interface Hist {
  readonly data: Int32Array;
  /** Lowest and highest non-empty bin (lo > hi when empty). */
  lo: number;
  hi: number;
}

/** Recycles histogram buffers; a released buffer is zeroed over its used range. */
export class HistPool {
  private readonly free: Hist[] = [];
  /** Creates a pool for `nClasses` classes and at most `maxBins` bins. */
  constructor(
    readonly nClasses: number,
    readonly maxBins: number,
  ) {}

  /** A zeroed histogram. */
  take(): Hist {
    return (
      this.free.pop() ?? { data: new Int32Array(this.maxBins * (this.nClasses + 1)), lo: 1, hi: 0 }
    );
  }

  /** Zeroes the used range and keeps the buffer for reuse. */
  release(h: Hist): void {
    const stride = this.nClasses + 1;
    if (h.lo <= h.hi) h.data.fill(0, h.lo * stride, (h.hi + 1) * stride);
    h.lo = 1;
    h.hi = 0;
    this.free.push(h);
  }
}

/**
 * Hot loop: adds positions start..end−1 to `h`. `codes[colOffset + idx[i]]` is the bin of
 * position i, `yw[i]` packs its class (low 8 bits) and bootstrap weight (high bits), `nr[i]` is
 * its number of distinct drawn rows.
 */
export function accumulate(
  h: Hist,
  nClasses: number,
  nBins: number,
  codes: Uint8Array,
  colOffset: number,
  idx: Int32Array,
  yw: Int32Array,
  nr: Int32Array,
  start: number,
  end: number,
): void {
  const data = h.data;
  const stride = nClasses + 1;
  for (let i = start; i < end; i++) {
    const at = codes[colOffset + idx[i]!]! * stride;
    const v = yw[i]!;
    data[at + (v & 255)]! += v >>> 8;
    data[at + nClasses]! += nr[i]!;
  }
  setRange(h, nClasses, 0, nBins - 1);
}

/** child = parent − sibling over the parent's range (exact integer arithmetic). */
export function subtract(out: Hist, parent: Hist, sibling: Hist, nClasses: number): void {
  const stride = nClasses + 1;
  const a = parent.data;
  const b = sibling.data;
  const o = out.data;
  const end = (parent.hi + 1) * stride;
  for (let i = parent.lo * stride; i < end; i++) o[i] = a[i]! - b[i]!;
  setRange(out, nClasses, parent.lo, parent.hi);
}

/** Narrows lo/hi to the non-empty bins within [from, to]. */
function setRange(h: Hist, nClasses: number, from: number, to: number): void {
  const stride = nClasses + 1;
  const d = h.data;
  let lo = from;
  while (lo <= to && d[lo * stride + nClasses] === 0) lo++;
  let hi = to;
  while (hi >= lo && d[hi * stride + nClasses] === 0) hi--;
  h.lo = lo;
  h.hi = hi;
}

/** What the scan needs to know about the node being split. */
export interface NodeStats {
  /** Distinct rows in the node. */
  rows: number;
  /** Indices of the classes present, and their class-weighted totals. */
  active: Int32Array;
  nActive: number;
  weightedTotals: Float64Array;
  /** Class weight per active class. */
  activeWeight: Float64Array;
}

/** The best split found so far at a node. */
export interface BestSplit {
  score: number;
  feature: number;
  bin: number;
  /** The next non-empty bin after `bin` (the threshold goes in the empty gap between them). */
  nextBin: number;
  leftRows: number;
  /** Bootstrap-weighted left counts per active class. */
  leftCounts: Float64Array;
}

/**
 * Hot loop: scans the cut points of one histogram ("bin ≤ b goes left") and records a split into
 * `best` when its score beats best.score. Gini score = ΣL²/W_L + ΣR²/W_R; entropy score =
 * Σ L ln L − W_L ln W_L + (same for R). Both are maximised. Returns false when the feature
 * is constant in the node (a single non-empty bin).
 */
export function scanSplits(
  h: Hist,
  feature: number,
  nClasses: number,
  node: NodeStats,
  minLeaf: number,
  entropy: boolean,
  best: BestSplit,
  left: Float64Array,
): boolean {
  if (h.lo >= h.hi) return false;
  const d = h.data;
  const stride = nClasses + 1;
  const { active, nActive, weightedTotals: tot, activeWeight: cw } = node;
  left.fill(0, 0, nActive);
  let leftRows = 0;
  let pending = false;
  for (let b = h.lo; b < h.hi; b++) {
    const at = b * stride;
    const binRows = d[at + nClasses]!;
    if (binRows === 0) continue;
    if (pending) {
      best.nextBin = b;
      pending = false;
    }
    leftRows += binRows;
    for (let a = 0; a < nActive; a++) left[a]! += d[at + active[a]!]!;
    if (leftRows < minLeaf) continue;
    if (node.rows - leftRows < minLeaf) break;
    let score = 0;
    let wl = 0;
    let wr = 0;
    if (entropy) {
      for (let a = 0; a < nActive; a++) {
        const l = left[a]! * cw[a]!;
        const r = tot[a]! - l;
        wl += l;
        wr += r;
        if (l > 0) score += l * Math.log(l);
        if (r > 0) score += r * Math.log(r);
      }
      if (wl > 0 && wr > 0) score -= wl * Math.log(wl) + wr * Math.log(wr);
    } else {
      let sl = 0;
      let sr = 0;
      for (let a = 0; a < nActive; a++) {
        const l = left[a]! * cw[a]!;
        const r = tot[a]! - l;
        wl += l;
        wr += r;
        sl += l * l;
        sr += r * r;
      }
      score = sl / wl + sr / wr;
    }
    if (score > best.score && wl > 0 && wr > 0) {
      best.score = score;
      best.feature = feature;
      best.bin = b;
      best.leftRows = leftRows;
      best.leftCounts.set(left.subarray(0, nActive));
      pending = true;
    }
  }
  if (pending) best.nextBin = h.hi;
  return true;
}

/** Node weight × impurity (Gini, or entropy in nats) of bootstrap counts with class weights. */
export function weightedImpurity(
  counts: Float64Array,
  classWeight: Float64Array,
  entropy: boolean,
): number {
  let total = 0;
  let acc = 0;
  for (let k = 0; k < counts.length; k++) {
    const w = counts[k]! * classWeight[k]!;
    if (w <= 0) continue;
    total += w;
    acc += entropy ? w * Math.log(w) : w * w;
  }
  if (total <= 0) return 0;
  return entropy ? total * Math.log(total) - acc : total - acc / total;
}
