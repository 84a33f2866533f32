/**
 * Training targets and decision rules for KDD models (issue 5; ../spec/kdd-labels.md): which
 * classes a target has, each class's category, class probabilities aggregated to the five
 * categories, and the two decision rules — argmax, and min-cost (the category with the lowest
 * expected cost under the contest cost matrix KDD_COST).
 */
import {
  bareLabel,
  categoryIndex,
  KDD_CATEGORIES,
  KDD_COST,
  labelCategory,
  type KddCategory,
} from './labels.js';

/** What a model predicts: KDD labels (e.g. `smurf`), the 5 categories, or attack vs normal. */
export type Target = 'label' | 'category' | 'binary';
/** The training targets. */
export const TARGETS: readonly Target[] = Object.freeze(['label', 'category', 'binary']);

/** How a class-probability row becomes a prediction. */
export type DecisionRule = 'argmax' | 'min-cost';
/** The decision rules. */
export const DECISION_RULES: readonly DecisionRule[] = Object.freeze(['argmax', 'min-cost']);

/** The class names of the binary target. */
export const BINARY_CLASSES = Object.freeze(['normal', 'attack'] as const);

/**
 * The class name of a KDD label under a target (`smurf.` → `smurf` / `dos` / `attack`), or
 * undefined when the label is not in the KDD category table.
 */
export function classNameOf(label: string, target: Target): string | undefined {
  const category = labelCategory(label);
  if (category === undefined) return undefined;
  if (target === 'label') return bareLabel(label);
  if (target === 'category') return category;
  return category === 'normal' ? 'normal' : 'attack';
}

/**
 * Category index (KDD_CATEGORIES order) of each class of a label or category model (a class
 * named like a category is that category); −1 for a class without one (the `attack` class of a binary model).
 */
export function classCategories(classNames: readonly string[]): Int32Array {
  return Int32Array.from(classNames, (name) => {
    const c = (KDD_CATEGORIES as readonly string[]).includes(name)
      ? (name as KddCategory)
      : labelCategory(name);
    return c === undefined ? -1 : categoryIndex(c);
  });
}

/** Index of the `normal` class (−1 when the model has none). */
export function normalClassIndex(classNames: readonly string[]): number {
  return classNames.indexOf('normal');
}

/**
 * Adds class probabilities row `r` of `proba` (nClasses columns) into the 5 category
 * probabilities `out` (cleared first). Classes without a category are ignored.
 */
export function categoryProba(
  proba: ArrayLike<number>,
  r: number,
  classCategory: Int32Array,
  out: Float64Array,
): Float64Array {
  const K = classCategory.length;
  out.fill(0);
  for (let k = 0; k < K; k++) {
    const c = classCategory[k]!;
    if (c >= 0) out[c]! += proba[r * K + k]!;
  }
  return out;
}

/** The category with the lowest expected cost Σ_t P(t)·KDD_COST[t][p] (first on ties). */
export function minCostCategory(catProba: ArrayLike<number>): number {
  let best = 0;
  let bestCost = Infinity;
  for (let p = 0; p < KDD_CATEGORIES.length; p++) {
    let cost = 0;
    for (let t = 0; t < KDD_CATEGORIES.length; t++) cost += catProba[t]! * KDD_COST[t]![p]!;
    if (cost < bestCost - 1e-12) {
      bestCost = cost;
      best = p;
    }
  }
  return best;
}

/** Index of the largest of values[from..to) restricted to `keep(k)` (first on ties), or −1. */
function argmaxWhere(
  values: ArrayLike<number>,
  from: number,
  K: number,
  keep: (k: number) => boolean,
): number {
  let best = -1;
  for (let k = 0; k < K; k++) {
    if (!keep(k)) continue;
    if (best < 0 || values[from + k]! > values[from + best]!) best = k;
  }
  return best;
}

/**
 * Predicted class per row. argmax: the most probable class. min-cost (label and category
 * models): the min-cost category, then the most probable class within that category.
 */
export function decide(
  proba: Float32Array,
  classNames: readonly string[],
  rule: DecisionRule,
): Int32Array {
  const K = classNames.length;
  const n = proba.length / K;
  const out = new Int32Array(n);
  const cats = classCategories(classNames);
  const catP = new Float64Array(KDD_CATEGORIES.length);
  for (let r = 0; r < n; r++) {
    if (rule === 'argmax') {
      out[r] = argmaxWhere(proba, r * K, K, () => true);
      continue;
    }
    const c = minCostCategory(categoryProba(proba, r, cats, catP));
    const k = argmaxWhere(proba, r * K, K, (j) => cats[j] === c);
    out[r] = k >= 0 ? k : argmaxWhere(proba, r * K, K, () => true);
  }
  return out;
}

/** Whether a rule can be applied to a model with these classes (min-cost needs categories). */
export function ruleApplies(rule: DecisionRule, classNames: readonly string[]): boolean {
  return rule === 'argmax' || classCategories(classNames).every((c) => c >= 0);
}

/** P(attack) per row: 1 − P(normal) (all 1 when the model has no normal class). */
export function attackProbability(
  proba: Float32Array,
  classNames: readonly string[],
): Float64Array {
  const K = classNames.length;
  const normal = normalClassIndex(classNames);
  const n = proba.length / K;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = normal < 0 ? 1 : 1 - proba[r * K + normal]!;
  return out;
}
