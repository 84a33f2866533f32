/**
 * Hyperparameters of the forest, validated from one table, kept apart from the fitted model
 * (DESIGN.md, "parameters separate from the fitted model"; scikit-learn's `_parameter_constraints`).
 */
import { ModelError } from '../common/errors.js';
import type { TreeOptions } from './training-set.js';

/** How classes are weighted: equally, inversely to their frequency, or explicitly per class. */
export type ClassWeight = 'none' | 'balanced' | readonly number[];

/** Forest hyperparameters (defaults as in scikit-learn's RandomForestClassifier). */
export interface ForestParams {
  readonly nEstimators: number;
  readonly criterion: 'gini' | 'entropy';
  /** null: grow until leaves are pure or too small. */
  readonly maxDepth: number | null;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Features examined at each split: √p, log2 p, all p, or an explicit count. */
  readonly maxFeatures: 'sqrt' | 'log2' | 'all' | number;
  readonly bootstrap: boolean;
  readonly classWeight: ClassWeight;
  /** Compute the out-of-bag accuracy after fitting (needs bootstrap). */
  readonly oobScore: boolean;
  /** Bins per feature for the split search, 2..256. */
  readonly maxBins: number;
  readonly seed: number;
}

/** The defaults. */
export const DEFAULT_PARAMS: ForestParams = Object.freeze({
  nEstimators: 100,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  bootstrap: true,
  classWeight: 'none',
  oobScore: false,
  maxBins: 256,
  seed: 0,
});

type Check = (v: unknown) => boolean;
const intIn =
  (lo: number, hi: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const CHECKS: Record<keyof ForestParams, [Check, string]> = {
  nEstimators: [intIn(1, 100_000), 'an integer in 1..100000'],
  criterion: [(v) => v === 'gini' || v === 'entropy', '"gini" or "entropy"'],
  maxDepth: [(v) => v === null || intIn(1, 10_000)(v), 'null or an integer in 1..10000'],
  minSamplesSplit: [intIn(2, 2 ** 31 - 1), 'an integer ≥ 2'],
  minSamplesLeaf: [intIn(1, 2 ** 31 - 1), 'an integer ≥ 1'],
  maxFeatures: [
    (v) => v === 'sqrt' || v === 'log2' || v === 'all' || intIn(1, 1e6)(v),
    '"sqrt", "log2", "all" or an integer ≥ 1',
  ],
  bootstrap: [(v) => typeof v === 'boolean', 'a boolean'],
  classWeight: [
    (v) =>
      v === 'none' ||
      v === 'balanced' ||
      (Array.isArray(v) && v.every((w) => Number.isFinite(w) && w >= 0)),
    '"none", "balanced" or an array of non-negative numbers',
  ],
  oobScore: [(v) => typeof v === 'boolean', 'a boolean'],
  maxBins: [intIn(2, 256), 'an integer in 2..256'],
  seed: [(v) => Number.isSafeInteger(v) && (v as number) >= 0, 'a non-negative safe integer'],
};

/** Defaults completed with `given`, every value checked; a bad value → ModelError. */
export function resolveParams(given: Partial<ForestParams> = {}): ForestParams {
  const out: Record<string, unknown> = { ...DEFAULT_PARAMS };
  for (const key of Object.keys(CHECKS) as (keyof ForestParams)[]) {
    const v = given[key];
    if (v !== undefined) out[key] = v;
    const [ok, what] = CHECKS[key];
    if (!ok(out[key]))
      throw new ModelError(
        `forest parameter ${key} must be ${what}, got ${JSON.stringify(out[key])}`,
      );
  }
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(CHECKS, key))
      throw new ModelError(`unknown forest parameter ${JSON.stringify(key)}`);
  }
  if (out.oobScore === true && out.bootstrap !== true)
    throw new ModelError('oobScore needs bootstrap');
  return Object.freeze(out) as unknown as ForestParams;
}

/** Number of features examined per split for `nFeatures` columns. */
export function featuresPerSplit(params: ForestParams, nFeatures: number): number {
  const m = params.maxFeatures;
  if (m === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (m === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (m === 'all') return nFeatures;
  return Math.min(m, nFeatures);
}

/** The per-tree options of a forest. */
export function treeOptions(params: ForestParams, nFeatures: number): TreeOptions {
  return {
    criterion: params.criterion,
    maxDepth: params.maxDepth ?? Number.MAX_SAFE_INTEGER,
    minSamplesSplit: params.minSamplesSplit,
    minSamplesLeaf: params.minSamplesLeaf,
    maxFeatures: featuresPerSplit(params, nFeatures),
    bootstrap: params.bootstrap,
    seed: params.seed,
  };
}

/** Class weights as a vector: 1s, n / (classes present × count), or the explicit values. */
export function classWeightVector(
  cw: ClassWeight,
  y: ArrayLike<number>,
  nClasses: number,
): Float64Array {
  const out = new Float64Array(nClasses).fill(1);
  if (cw === 'none') return out;
  if (cw !== 'balanced') {
    if (cw.length !== nClasses)
      throw new ModelError(`classWeight has ${cw.length} values for ${nClasses} classes`);
    out.set(cw);
    return out;
  }
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const present = counts.filter((c) => c > 0).length;
  for (let k = 0; k < nClasses; k++) if (counts[k]! > 0) out[k] = y.length / (present * counts[k]!);
  return out;
}
