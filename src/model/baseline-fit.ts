/**
 * Fitting a baseline on a matrix of normal rows: a seeded share of the rows is held out, the
 * isolation forest is fitted on the rest, and the threshold is the lowest score (to 4 decimals)
 * that flags at most the target share of the holdout rows. Column profiles for "why" come from
 * at most PROFILE_ROWS of the fitted rows.
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
  /** Share of the training rows held out to choose the threshold. */
  readonly holdout: number;
}

/** The defaults: 1 % false alarms, 20 % of the rows held out. */
export const DEFAULT_FALSE_ALARM_RATE = 0.01;
/** Share of the training rows held out to choose the threshold by default. */
export const DEFAULT_HOLDOUT = 0.2;
/**
 * The default extension level of `nad baseline train`: hyperplanes through 4 features, chosen on
 * the lab's TRAIN runs only (`npm run bench:baseline-choose`): 92.9 % of the train attack
 * connections flagged against 1.6 % with axis-parallel splits, 0 % of the second benign runs,
 * and fewer benign kinds never seen flagged than levels 7 or 15 (18 % against 36 %).
 */
export const DEFAULT_EXTENSION_LEVEL = 3;
/** Rows (at most) a column profile is computed from. */
export const PROFILE_ROWS = 65_536;
/** Generator stream of the holdout draw (apart from the trees' streams 0…nTrees − 1). */
const HOLDOUT_STREAM = 0x7fffffff;

/** A fitted baseline before it gets its names and inputs. */
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
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng(o.params.seed, HOLDOUT_STREAM);
  const m = Math.min(n - 1, Math.max(1, Math.round(n * o.holdout)));
  for (let i = 0; i < m; i++) {
    const j = i + rng.nextInt(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const held = order.slice(0, m).sort();
  const fitted = order.slice(m).sort();
  const forest = fitIsolationForest(X, 0, d, o.params, fitted);
  const H = gather(X, d, held);
  const scores = isolationScores(forest, H, m);
  const threshold = chooseThreshold(scores, o.falseAlarmRate);
  const P = gather(X, d, fitted.subarray(0, Math.min(fitted.length, PROFILE_ROWS)));
  const np = P.length / d;
  const profiles = Array.from({ length: d }, (_, j) => profileColumn(P, np, d, j));
  return {
    forest,
    threshold: { ...threshold, target: o.falseAlarmRate, holdoutRows: m, fitRows: fitted.length },
    profiles,
  };
}

/**
 * The lowest score with 4 decimals that at most `rate` of `scores` reach, and the share that
 * does (scores are reported to 4 decimals, so the threshold is one of those values).
 */
export function chooseThreshold(
  scores: Float64Array,
  rate: number,
): { value: number; holdoutShare: number } {
  const sorted = Float64Array.from(scores).sort().reverse();
  const allowed = Math.floor(rate * sorted.length + 1e-9);
  const value =
    allowed >= sorted.length ? 0 : Math.min(1, (Math.floor(sorted[allowed]! * 1e4) + 1) / 1e4);
  let flagged = 0;
  for (const s of sorted) if (s >= value) flagged++;
  return { value, holdoutShare: flagged / sorted.length };
}

/** The rows `rows` of X, packed. */
function gather(X: Float32Array, d: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(X.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  return out;
}
