/**
 * `nad eval` (issue 5): score a model on labelled KDD files — confusion matrix at the level of
 * categories, labels or attack/normal, per-class precision / recall / F1, accuracy, KDD cost per
 * example, detection and false-alarm rates and the ROC-AUC of P(attack) = 1 − P(normal).
 * Labels the model never saw (17 in `corrected`) are scored through the category table.
 */
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../../common/errors.js';
import { KddEncoder, Vocabulary } from '../../features/encode.js';
import { bareLabel, categoryIndex, KDD_CATEGORIES, labelCategory } from '../../kdd/labels.js';
import { defaultModelPath, readModelFile } from '../../io/model-file.js';
import {
  attackProbability,
  classCategories,
  decide,
  ruleApplies,
  type DecisionRule,
} from '../../kdd/decision.js';
import { scoreLevels, type EvalLevel } from '../../kdd/eval-levels.js';
import { readKddInputs } from '../../kdd/kdd-input.js';
import { kddVocabularies, metaFromInfo } from '../../kdd/model-meta.js';
import type { EvalModel, EvalResult } from '../../kdd/results.js';

export type { EvalModel, EvalResult };

/** What to evaluate. */
export interface EvalOptions {
  readonly files: readonly string[];
  /** Model file; the shipped default model when undefined. */
  readonly model?: string;
  /** Level of the confusion matrix; default: category (binary for a binary model). */
  readonly by?: EvalLevel;
  /** Decision rule; default: the one stored in the model. */
  readonly decision?: DecisionRule;
  readonly skipBadRows?: boolean;
  readonly jobs?: number;
  readonly stdin?: Readable;
}

/** Loads the model, reads and predicts the rows, computes every score. */
export async function evaluateModel(o: EvalOptions): Promise<EvalResult> {
  const t0 = performance.now();
  const path = o.model ?? defaultModelPath();
  const { forest, info } = await readModelFile(path);
  const meta = metaFromInfo(info);
  const vocabularies = kddVocabularies(info);
  const classes = info.classNames;
  const decision = o.decision ?? meta.decision;
  if (!ruleApplies(decision, classes))
    throw new UsageError(`--decision ${decision} needs a model with label or category classes`);
  const binaryModel = classCategories(classes).some((c) => c < 0);
  const by = o.by ?? (binaryModel ? 'binary' : 'category');
  if (binaryModel && by !== 'binary')
    throw new UsageError(`a binary model can only be evaluated --by binary, not --by ${by}`);
  const t1 = performance.now();
  const input = await readKddInputs(o.files, new KddEncoder(vocabularies, new Vocabulary()), o);
  const m = input.matrix;
  if (m.nRows === 0)
    throw new InputError('no rows to evaluate were read', {
      hint: 'Pass KDD files with at least one valid row.',
    });
  const t2 = performance.now();
  const proba = await forest.predictProbaAsync(m.X, m.nRows, o.jobs);
  const pred = decide(proba, classes, decision);
  const t3 = performance.now();
  const labels = m.labels.list().map(bareLabel);
  const scores = scoreLevels({
    labels,
    truth: m.y,
    classes,
    pred,
    attackProba: attackProbability(proba, classes),
    by,
  });
  return {
    model: {
      path,
      isDefault: o.model === undefined,
      target: meta.target,
      trees: forest.trees.length,
      classes,
      trainedOn: info.provenance.source,
    },
    decision,
    by,
    files: input.files,
    rows: m.nRows,
    badRows: input.badRows,
    badExamples: input.badExamples,
    unknownSymbolRows: m.unknownSymbolRows,
    unseenLabels: unseen(labels, m.y, classes),
    ...scores,
    seconds: { load: (t1 - t0) / 1000, read: (t2 - t1) / 1000, predict: (t3 - t2) / 1000 },
  };
}

/** True labels that are not model classes, with their category and row count. */
function unseen(
  labels: readonly string[],
  truth: Int32Array,
  classes: readonly string[],
): { label: string; category: string; rows: number }[] {
  const counts = new Array<number>(labels.length).fill(0);
  for (const t of truth) counts[t]!++;
  const asCategory = classes.every((c) => (KDD_CATEGORIES as readonly string[]).includes(c));
  return labels
    .map((label, i) => ({ label, category: labelCategory(label)!, rows: counts[i]! }))
    .filter((u) => !asCategory && !classes.includes(u.label) && u.label !== 'normal')
    .sort(
      (a, b) =>
        categoryIndex(a.category as never) - categoryIndex(b.category as never) ||
        a.label.localeCompare(b.label),
    );
}
