/**
 * Quantile bins, computed once on the training matrix (issue 3, "histogram-based split search").
 * Every feature gets at most 256 bins; a column with ≤ 256 distinct values gets one bin per value
 * (so integer-coded categorical columns and small counts split exactly as in scikit-learn), other
 * columns get bins of about equal row count. Bin b of feature f holds the values x with
 * edges[b-1] < x ≤ edges[b]; the last bin holds everything above the last edge. A split "bin ≤ b"
 * is therefore the threshold test "x ≤ edges[b]" that prediction applies to raw float values.
 */
import { ModelError } from '../common/errors.js';

/** Largest number of bins per feature (bin codes are bytes). */
export const MAX_BINS = 256;

/** Columns computeEdges copies out of the row-major matrix in one pass. */
const COLUMN_GROUP = 8;

/**
 * Bin edges of every feature of a row-major matrix (`X[r * nFeatures + f]`), computed on all
 * rows. Values must be finite (else ModelError).
 */
export function computeEdges(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  maxBins = MAX_BINS,
): Float32Array[] {
  if (maxBins < 2 || maxBins > MAX_BINS) throw new ModelError(`maxBins must be in 2..${MAX_BINS}`);
  // Columns are copied out a few at a time: one pass over the rows per group of columns instead
  // of one per column (the matrix is far larger than the caches).
  const group = Math.min(COLUMN_GROUP, nFeatures);
  const cols = Array.from({ length: group }, () => new Float32Array(nRows));
  const edges: Float32Array[] = [];
  for (let f0 = 0; f0 < nFeatures; f0 += group) {
    const nf = Math.min(group, nFeatures - f0);
    for (let r = 0; r < nRows; r++) {
      const base = r * nFeatures + f0;
      for (let j = 0; j < nf; j++) cols[j]![r] = X[base + j]!;
    }
    for (let j = 0; j < nf; j++) {
      checkFinite(cols[j]!, f0 + j);
      edges.push(featureEdges(cols[j]!, maxBins));
    }
  }
  return edges;
}

/**
 * Column-major bin codes of the listed rows: code of rows[i], feature f at out[f * rows.length + i].
 * `out` may be given (e.g. backed by a SharedArrayBuffer).
 */
export function codeRows(
  X: Float32Array,
  nFeatures: number,
  rows: Int32Array,
  edges: readonly Float32Array[],
  out: Uint8Array = new Uint8Array(rows.length * nFeatures),
): Uint8Array {
  const n = rows.length;
  for (let f = 0; f < nFeatures; f++) {
    const e = edges[f]!;
    let lastV = NaN;
    let lastBin = 0;
    for (let i = 0; i < n; i++) {
      const v = X[rows[i]! * nFeatures + f]!;
      if (v !== lastV) {
        lastV = v;
        lastBin = binOf(e, v);
      }
      out[f * n + i] = lastBin;
    }
  }
  return out;
}

function checkFinite(col: Float32Array, f: number): void {
  for (let r = 0; r < col.length; r++) {
    if (!Number.isFinite(col[r]!)) {
      throw new ModelError(`training matrix: row ${r}, feature ${f} is not a finite number`);
    }
  }
}

/** Upper bin edges of one column: midpoints between consecutive distinct values or quantiles. */
export function featureEdges(col: Float32Array, maxBins = MAX_BINS): Float32Array {
  const few = fewDistinct(col, maxBins);
  if (few !== null) {
    const out = new Float32Array(Math.max(0, few.length - 1));
    for (let i = 0; i + 1 < few.length; i++) out[i] = midpoint(few[i]!, few[i + 1]!);
    return out;
  }
  const sorted = col.slice().sort();
  const n = sorted.length;
  const out: number[] = [];
  let last = -Infinity;
  for (let i = 1; i < maxBins; i++) {
    const v = sorted[Math.ceil((i * n) / maxBins) - 1]!;
    if (v <= last) continue;
    const next = upperBound(sorted, v);
    if (next >= n) break;
    out.push(midpoint(v, sorted[next]!));
    last = v;
  }
  return Float32Array.from(out);
}

/** A float32 threshold t with a ≤ t < b. */
function midpoint(a: number, b: number): number {
  const m = Math.fround((a + b) / 2);
  return m >= b ? a : m;
}

/** First index whose value is > v in an ascending array. */
function upperBound(sorted: Float32Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sorted distinct values of a column when there are at most `limit` of them, else null.
 * An open-addressing set on the float bits; −0 is folded into +0.
 */
function fewDistinct(col: Float32Array, limit: number): number[] | null {
  const bits = new Int32Array(col.buffer, col.byteOffset, col.length);
  const size = 1024; // > 2 × limit keeps probe chains short
  const table = new Int32Array(size);
  const used = new Uint8Array(size);
  let count = 0;
  let prev = 0x7fc00001; // a NaN pattern never stored
  for (let r = 0; r < bits.length; r++) {
    let b = bits[r]!;
    if (b === (0x80000000 | 0)) b = 0;
    if (b === prev) continue;
    prev = b;
    let h = Math.imul(b, 0x9e3779b1) >>> 22;
    while (used[h] === 1 && table[h] !== b) h = (h + 1) & (size - 1);
    if (used[h] === 1) continue;
    if (++count > limit) return null;
    used[h] = 1;
    table[h] = b;
  }
  const values: number[] = [];
  const f32 = new Float32Array(table.buffer);
  for (let h = 0; h < size; h++) if (used[h] === 1) values.push(f32[h]!);
  return values.sort((a, b) => a - b);
}

/** Bin of one value: the number of edges strictly below it. */
export function binOf(edges: Float32Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
