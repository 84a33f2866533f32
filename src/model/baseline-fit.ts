/**
 * Fitting a baseline on a matrix of normal rows. The threshold comes from cross-fitting: the
 * rows (at most THRESHOLD_ROWS of them, drawn with the seed) are dealt into `folds` folds, each
 * fold is scored by a forest fitted on all the other rows, and the threshold is the lowest score
 * (to 4 decimals) that flags at most the target share of those held-out scores. The forest kept
 * is then fitted on every row. (A single 20 % holdout of a few hundred connections made the
 * threshold the maximum of under a hundred scores: its false-alarm rate on other benign runs
 * swung between 0.7 % and 4 % with the seed; every row held out once steadies it.) Column
 * profiles for "why" come from at most PROFILE_ROWS rows.
 */
import type { BaselineThreshold } from './baseline-file.js';
import { fitIsolationForest, type IsolationForest, type IsolationParams } from './iforest.js';
import { isolationScores } from './iforest-score.js';
import { profileColumn, type ColumnProfile } from './rarity.js';
import { createRng } from './rng.js';

/** How a baseline is fitted. */
export interface BaselineFitOptions {
  readonly params: IsolationParams;
  /** Share of the training rows that may score at or above the threshold (0.01: 1 %). */
  readonly falseAlarmRate: number;
  /** Folds of the cross-fitting that chooses the threshold (at least 2). */
  readonly folds: number;
}

/** The defaults: 1 % false alarms, 5 folds. */
export const DEFAULT_FALSE_ALARM_RATE = 0.01;
/** Folds of the cross-fitting by default. */
export const DEFAULT_FOLDS = 5;
/**
 * The default extension level of `nad baseline train`: 0, the classic axis-parallel isolation
 * forest, chosen on the lab's TRAIN runs only (`npm run bench:baseline-choose`): with the log
 * scale, the new-kind rule and the 5-fold threshold it flagged 4.7 % of held-out benign kinds
 * (leave one capture out) against 15.9 % for level 3 and 16.1 % for level 7, and 74.2 % of the
 * train attack connections the scan model misses against 72.7 %; it also scores about 3 times
 * faster. (Level 3 had been chosen on the raw scale, before the log scale and the new-kind rule.)
 */
export const DEFAULT_EXTENSION_LEVEL = 0;
/** Rows (at most) a column profile is computed from. */
export const PROFILE_ROWS = 65_536;
/** Rows (at most) scored held out to choose the threshold. */
export const THRESHOLD_ROWS = 262_144;
/** Generator stream of the fold draw (apart from the trees' streams 0…nTrees − 1). */
const FOLD_STREAM = 0x7fffffff;

/** A fitted baseline before it gets its names, inputs and kinds. */
export interface BaselineFit {
  readonly forest: IsolationForest;
  readonly threshold: BaselineThreshold;
  readonly profiles: ColumnProfile[];
}

/** Fits a baseline on the first `n` rows of X (`d` values per row); n ≥ 2. */
export function fitBaseline(
  X: Float32Array,
  n: number,
  d: number,
  o: BaselineFitOptions,
): BaselineFit {
  const m = Math.min(n, THRESHOLD_ROWS);
  const folds = Math.max(2, Math.min(o.folds, m));
  const fold = new Int8Array(n).fill(-1);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng(o.params.seed, FOLD_STREAM);
  for (let i = 0; i < m; i++) {
    const j = i + rng.nextInt(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
    fold[order[i]!] = i % folds;
  }
  const scores = new Float64Array(m);
  let at = 0;
  for (let k = 0; k < folds; k++) {
    const held = rowsWhere(fold, (f) => f === k);
    const forest = fitIsolationForest(
      X,
      0,
      d,
      o.params,
      rowsWhere(fold, (f) => f !== k),
    );
    scores.set(isolationScores(forest, gather(X, d, held), held.length), at);
    at += held.length;
  }
  const threshold = chooseThreshold(scores, o.falseAlarmRate);
  const np = Math.min(n, PROFILE_ROWS);
  const profiles = Array.from({ length: d }, (_, j) => profileColumn(X, np, d, j));
  return {
    forest: fitIsolationForest(X, n, d, o.params),
    threshold: { ...threshold, target: o.falseAlarmRate, folds, holdoutRows: m, fitRows: n },
    profiles,
  };
}

/** The indices i (ascending) whose fold[i] passes `keep`. */
function rowsWhere(fold: Int8Array, keep: (f: number) => boolean): Int32Array {
  let count = 0;
  for (const f of fold) if (keep(f)) count++;
  const out = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < fold.length; i++) if (keep(fold[i]!)) out[at++] = i;
  return out;
}

/**
 * The lowest score with 4 decimals that at most `rate` of `scores` reach once rounded to 4
 * decimals (as novelty scores are compared and shown), and the share that does.
 */
export function chooseThreshold(
  scores: Float64Array,
  rate: number,
): { value: number; holdoutShare: number } {
  const sorted = Float64Array.from(scores, roundNovelty).sort().reverse();
  const allowed = Math.floor(rate * sorted.length + 1e-9);
  const value =
    allowed >= sorted.length ? 0 : Math.min(1, (Math.round(sorted[allowed]! * 1e4) + 1) / 1e4);
  let flagged = 0;
  for (const s of sorted) if (s >= value) flagged++;
  return { value, holdoutShare: flagged / sorted.length };
}

/** A novelty score as it is compared with the threshold and shown: rounded to 4 decimals. */
export function roundNovelty(score: number): number {
  return Math.round(score * 1e4) / 1e4;
}

/** The rows `rows` of X, packed. */
function gather(X: Float32Array, d: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(X.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  return out;
}
