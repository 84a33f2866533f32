/**
 * The scores of `nad eval` at one level (issue 5): rows' true KDD labels and the model's
 * predicted classes, compared as categories (the five of ../spec/kdd-labels.md), as labels, or
 * as attack vs normal; plus the level-independent KDD cost, detection / false-alarm rates and
 * ROC-AUC of P(attack).
 */
import { categoryIndex, costPerExample, KDD_CATEGORIES, labelCategory } from './labels.js';
import { BINARY_CLASSES, classCategories } from './decision.js';
import {
  classScores,
  confusion,
  confusionAccuracy,
  rocAuc,
  type ClassScores,
  type Confusion,
} from './metrics.js';

/** Level of the confusion matrix and per-class scores. */
export type EvalLevel = 'category' | 'label' | 'binary';
/** The levels. */
export const EVAL_LEVELS: readonly EvalLevel[] = Object.freeze(['category', 'label', 'binary']);

/** Scores of an evaluation (null where a score does not apply or has no rows). */
export interface EvalScores {
  readonly confusion: Confusion;
  readonly perClass: readonly ClassScores[];
  /** Accuracy at the chosen level. */
  readonly accuracy: number | null;
  /** 5-class accuracy (null for a binary model). */
  readonly categoryAccuracy: number | null;
  /** KDD contest cost per example (null for a binary model). */
  readonly costPerExample: number | null;
  /** Attacks predicted as any attack ÷ attacks. */
  readonly detectionRate: number | null;
  /** Normal rows predicted as an attack ÷ normal rows. */
  readonly falseAlarmRate: number | null;
  /** ROC-AUC of P(attack) = 1 − P(normal), attack vs normal. */
  readonly rocAuc: number | null;
}

/** Inputs of scoreLevels: label and class indices per row. */
export interface LevelInput {
  /** True labels (bare, e.g. `smurf`), indexed by `truth`. */
  readonly labels: readonly string[];
  readonly truth: ArrayLike<number>;
  readonly classes: readonly string[];
  readonly pred: ArrayLike<number>;
  readonly attackProba: Float64Array;
  readonly by: EvalLevel;
}

const nullIfNaN = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Computes every score of an evaluation. */
export function scoreLevels(i: LevelInput): EvalScores {
  const n = i.truth.length;
  const trueCat = i.labels.map((l) => categoryIndex(labelCategory(l)!));
  const predCat = classCategories(i.classes);
  const predAttack = i.classes.map((c, k) => (predCat[k]! < 0 ? c !== 'normal' : predCat[k] !== 0));
  const isAttack = new Uint8Array(n);
  const cat5 = KDD_CATEGORIES.map(() => new Array<number>(5).fill(0));
  let attacks = 0;
  let detected = 0;
  let alarms = 0;
  for (let r = 0; r < n; r++) {
    const t = trueCat[i.truth[r]!]!;
    const p = i.pred[r]!;
    if (predCat[p]! >= 0) cat5[t]![predCat[p]!]!++;
    if (t !== 0) {
      isAttack[r] = 1;
      attacks++;
      if (predAttack[p]) detected++;
    } else if (predAttack[p]) alarms++;
  }
  const binaryModel = predCat.some((c) => c < 0);
  const c = levelConfusion(i, trueCat, predCat, predAttack);
  return {
    confusion: c,
    perClass: classScores(c),
    accuracy: nullIfNaN(confusionAccuracy(c)),
    categoryAccuracy: binaryModel
      ? null
      : nullIfNaN(cat5.reduce((s, row, k) => s + row[k]!, 0) / n),
    costPerExample: binaryModel ? null : costPerExample(cat5),
    detectionRate: attacks === 0 ? null : detected / attacks,
    falseAlarmRate: n - attacks === 0 ? null : alarms / (n - attacks),
    rocAuc: rocAuc(i.attackProba, isAttack),
  };
}

/** The confusion matrix at the chosen level. */
function levelConfusion(
  i: LevelInput,
  trueCat: readonly number[],
  predCat: Int32Array,
  predAttack: readonly boolean[],
): Confusion {
  const n = i.truth.length;
  if (i.by === 'category') {
    const truth = Int32Array.from({ length: n }, (_, r) => trueCat[i.truth[r]!]!);
    const pred = Int32Array.from({ length: n }, (_, r) => predCat[i.pred[r]!]!);
    return confusion(truth, pred, KDD_CATEGORIES, KDD_CATEGORIES);
  }
  if (i.by === 'binary') {
    const truth = Int32Array.from({ length: n }, (_, r) => (trueCat[i.truth[r]!]! === 0 ? 0 : 1));
    const pred = Int32Array.from({ length: n }, (_, r) => (predAttack[i.pred[r]!] ? 1 : 0));
    return confusion(truth, pred, BINARY_CLASSES, BINARY_CLASSES);
  }
  // Labels: rows are the true labels present, by category then name; columns the model's classes.
  const present = new Set<number>();
  for (let r = 0; r < n; r++) present.add(i.truth[r]!);
  const order = [...present].sort(
    (a, b) => trueCat[a]! - trueCat[b]! || i.labels[a]!.localeCompare(i.labels[b]!),
  );
  const rowOf = new Map(order.map((t, k) => [t, k]));
  const truth = Int32Array.from({ length: n }, (_, r) => rowOf.get(i.truth[r]!)!);
  return confusion(
    truth,
    i.pred,
    order.map((t) => i.labels[t]!),
    i.classes,
  );
}
