/**
 * What a KDD model file says about itself beyond the forest (issue 5): the target, the decision
 * rule chosen at training time, class counts and out-of-bag scores, stored in ModelInfo.metrics
 * (free-form JSON) and validated like untrusted input when a model is loaded.
 */
import { ModelError } from '../common/errors.js';
import { Vocabulary } from '../features/encode.js';
import { KDD_FEATURE_NAMES, KDD_SYMBOLIC_COLUMNS, schemaHash } from '../features/schema.js';
import type { JsonValue, ModelInfo } from '../model/serialize.js';
import { DECISION_RULES, TARGETS, type DecisionRule, type Target } from './decision.js';

/** Out-of-bag scores of a model on its training rows (5-class unless the target is binary). */
export interface OobScores {
  /** Accuracy at the level of categories (binary: attack vs normal), with the stored rule. */
  readonly accuracy: number;
  /** KDD cost per example (null for binary models). */
  readonly costPerExample: number | null;
  /** Rows scored (those left out by at least one tree). */
  readonly rows: number;
}

/** The metrics block of a KDD model. */
export interface KddModelMeta {
  readonly target: Target;
  /** The decision rule `nad eval` and `nad scan` use unless told otherwise. */
  readonly decision: DecisionRule;
  /** Training rows per class, in class order. */
  readonly classCounts: readonly number[];
  readonly oob: OobScores | null;
}

/** The metrics JSON stored for `meta`. */
export function metaToJson(meta: KddModelMeta): JsonValue {
  const oob = meta.oob === null ? null : { ...meta.oob };
  return { kdd: { ...meta, classCounts: [...meta.classCounts], oob } };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and checks the metrics block of a loaded model; anything missing or wrong → ModelError. */
export function metaFromInfo(info: ModelInfo): KddModelMeta {
  const bad = (what: string): ModelError =>
    new ModelError(`model metadata: ${what}`, {
      hint: 'The model was not made by `nad train`; retrain it.',
    });
  const m = isObject(info.metrics) ? info.metrics.kdd : undefined;
  if (!isObject(m)) throw bad('no KDD training record');
  if (!TARGETS.includes(m.target as Target)) throw bad(`unknown target ${String(m.target)}`);
  if (!DECISION_RULES.includes(m.decision as DecisionRule))
    throw bad(`unknown decision rule ${String(m.decision)}`);
  const counts = m.classCounts;
  if (
    !Array.isArray(counts) ||
    counts.length !== info.classNames.length ||
    !counts.every((c) => Number.isSafeInteger(c) && (c as number) >= 0)
  )
    throw bad('class counts do not match the classes');
  let oob: OobScores | null = null;
  if (m.oob !== null) {
    const o = m.oob;
    if (!isObject(o) || typeof o.accuracy !== 'number' || typeof o.rows !== 'number')
      throw bad('malformed out-of-bag scores');
    const cost = typeof o.costPerExample === 'number' ? o.costPerExample : null;
    oob = { accuracy: o.accuracy, costPerExample: cost, rows: o.rows };
  }
  return {
    target: m.target as Target,
    decision: m.decision as DecisionRule,
    classCounts: counts as number[],
    oob,
  };
}

/**
 * Checks that a model reads KDD rows (same schema hash, 41 named features, a vocabulary per
 * symbolic column) and returns those vocabularies, frozen (unseen symbol → −1).
 */
export function kddVocabularies(info: ModelInfo): Vocabulary[] {
  if (info.schemaHash !== schemaHash() || info.featureNames.length !== KDD_FEATURE_NAMES.length) {
    throw new ModelError(
      `model feature schema ${info.schemaHash} does not match the KDD schema ${schemaHash()}`,
      { hint: 'The model was trained on another feature layout; retrain it with this nad.' },
    );
  }
  return KDD_SYMBOLIC_COLUMNS.map((col) => {
    const symbols = info.featureCategories[col];
    if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string'))
      throw new ModelError(`model has no symbol vocabulary for ${KDD_FEATURE_NAMES[col]}`);
    return new Vocabulary(symbols, true);
  });
}
