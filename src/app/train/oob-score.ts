/**
 * Out-of-bag scores of a freshly fitted KDD forest (issue 5): every training row is predicted
 * by the trees that did not draw it, with the model's decision rule, and scored like
 * `nad eval` scores a test file — accuracy at the level of categories (attack vs normal for a
 * binary model) and KDD cost per example.
 */
import { costPerExample } from '../../kdd/labels.js';
import type { Forest } from '../../model/forest.js';
import { oobProbaAsync } from '../../model/oob.js';
import { classCategories, decide, type DecisionRule } from '../../kdd/decision.js';
import type { OobScores } from '../../kdd/model-meta.js';

/** OOB scores plus the plain class-level OOB accuracy (the forest's oobScore). */
export interface OobResult {
  readonly scores: OobScores;
  readonly classAccuracy: number;
}

/**
 * Scores the forest's OOB predictions of its own training rows (X, y as fitted), on `jobs`
 * threads (default: all cores).
 */
export async function scoreOob(
  forest: Forest,
  X: Float32Array,
  y: ArrayLike<number>,
  classNames: readonly string[],
  rule: DecisionRule,
  jobs?: number,
): Promise<OobResult> {
  const { proba, votes } = await oobProbaAsync(forest, X, y.length, jobs);
  const pred = decide(proba, classNames, rule);
  const argmax = rule === 'argmax' ? pred : decide(proba, classNames, 'argmax');
  const cats = classCategories(classNames);
  const binary = cats.some((c) => c < 0);
  const confusion = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  let rows = 0;
  let ok = 0;
  let classOk = 0;
  for (let r = 0; r < y.length; r++) {
    if (votes[r] === 0) continue;
    rows++;
    const t = y[r]!;
    const p = pred[r]!;
    if (argmax[r] === t) classOk++;
    if (binary) {
      if (p === t) ok++;
      continue;
    }
    confusion[cats[t]!]![cats[p]!]!++;
    if (cats[t] === cats[p]) ok++;
  }
  return {
    scores: {
      accuracy: rows === 0 ? NaN : ok / rows,
      costPerExample: binary ? null : costPerExample(confusion),
      rows,
    },
    classAccuracy: rows === 0 ? NaN : classOk / rows,
  };
}
