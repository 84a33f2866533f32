/**
 * `nad train` (issue 5): read labelled KDD rows from one or more files, encode them (the symbol
 * vocabularies go into the model), fit a random forest on the chosen target, score it out of
 * bag with the chosen decision rule, and write the model file.
 */
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../../common/errors.js';
import { KddEncoder, type KddMatrix } from '../../features/encode.js';
import { bareLabel, KDD_CATEGORIES } from '../../kdd/labels.js';
import { KDD_FEATURE_NAMES, KDD_SCHEMA, schemaHash } from '../../features/schema.js';
import { writeModelFile } from '../../io/model-file.js';
import { fitForest, Forest, type FitOptions } from '../../model/forest.js';
import { classWeightVector, resolveParams, type ForestParams } from '../../model/params.js';
import { serializeModel, type ModelInfo } from '../../model/serialize.js';
import {
  BINARY_CLASSES,
  classNameOf,
  ruleApplies,
  type DecisionRule,
  type Target,
} from '../../kdd/decision.js';
import { readKddInputs, type KddInputStats } from '../../kdd/kdd-input.js';
import { metaToJson } from '../../kdd/model-meta.js';
import { scoreOob, type OobResult } from './oob-score.js';
import { parseClassWeight } from './class-weight.js';
import type { TrainResult } from '../../kdd/results.js';

export type { TrainResult };

/** What to train. */
export interface TrainOptions {
  readonly files: readonly string[];
  readonly out: string;
  readonly target: Target;
  /** Forest parameters except classWeight (given as text, see parseClassWeight). */
  readonly params: Partial<Omit<ForestParams, 'classWeight'>>;
  readonly classWeight: string;
  readonly decision: DecisionRule;
  readonly oob: boolean;
  readonly jobs?: number;
  readonly skipBadRows?: boolean;
  readonly stdin?: Readable;
  readonly onProgress?: FitOptions['onProgress'];
}

/** Class names and per-row class indices of a matrix under a target. */
export function targetClasses(m: KddMatrix, target: Target): { names: string[]; y: Uint8Array } {
  const labels = m.labels.list();
  const names =
    target === 'label'
      ? labels.map(bareLabel)
      : target === 'category'
        ? [...KDD_CATEGORIES]
        : [...BINARY_CLASSES];
  const classOfLabel = labels.map((l) => names.indexOf(classNameOf(l, target)!));
  const y = new Uint8Array(m.nRows); // a plain loop: Uint8Array.from(m.y, f) takes ~10× longer
  for (let i = 0; i < y.length; i++) y[i] = classOfLabel[m.y[i]!]!;
  return { names, y };
}

/** Fits the forest and, when asked, scores it out of bag (stored as the forest's oobScore). */
async function fitAndScore(
  X: Float32Array,
  y: Uint8Array,
  names: string[],
  params: ForestParams,
  o: TrainOptions,
): Promise<{ forest: Forest; oob: OobResult | null }> {
  const fitted = await fitForest(X, y, KDD_FEATURE_NAMES.length, names.length, params, {
    jobs: o.jobs,
    onProgress: o.onProgress,
  });
  if (!o.oob || !params.bootstrap) return { forest: fitted, oob: null };
  const oob = await scoreOob(fitted, X, y, names, o.decision, o.jobs);
  const p = resolveParams({ ...params, oobScore: true });
  const { nFeatures, nClasses, trees, importances } = fitted;
  return { forest: new Forest(p, nFeatures, nClasses, trees, importances, oob.classAccuracy), oob };
}

/** Reads, fits, scores and writes; returns the summary. */
export async function trainModel(o: TrainOptions): Promise<TrainResult> {
  const t0 = performance.now();
  const input = await readKddInputs(o.files, new KddEncoder(), o);
  const m = input.matrix;
  if (m.nRows === 0)
    throw new InputError('no training rows were read', {
      hint: 'Pass KDD files with at least one valid row.',
    });
  const { names, y } = targetClasses(m, o.target);
  if (!ruleApplies(o.decision, names))
    throw new UsageError(`--decision ${o.decision} needs a label or category target`);
  const counts = names.map(() => 0);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const classWeight = parseClassWeight(o.classWeight, names);
  const params = resolveParams({ ...o.params, classWeight, oobScore: false });
  const t1 = performance.now();
  const { forest, oob } = await fitAndScore(m.X, y, names, params, o);
  const t2 = performance.now();
  const info = modelInfo(m, names, input.files, {
    target: o.target,
    decision: o.decision,
    classCounts: counts,
    oob: oob?.scores ?? null,
  });
  const bytes = serializeModel(forest, info);
  await writeModelFile(o.out, bytes);
  const weights = classWeightVector(classWeight, y, names.length);
  return {
    out: o.out,
    modelBytes: bytes.length,
    files: input.files,
    rows: m.nRows,
    badRows: input.badRows,
    badExamples: input.badExamples,
    target: o.target,
    decision: o.decision,
    classes: names.map((name, k) => ({ name, count: counts[k]!, weight: weights[k] ?? 1 })),
    params,
    readSeconds: (t1 - t0) / 1000,
    fitSeconds: (t2 - t1) / 1000,
    oob: oob?.scores ?? null,
    topFeatures: topFeatures(forest.importances, 10),
  };
}

function modelInfo(
  m: KddMatrix,
  classNames: string[],
  files: readonly KddInputStats[],
  meta: Parameters<typeof metaToJson>[0],
): ModelInfo {
  const sha =
    files.length === 1
      ? files[0]!.sha256
      : createHash('sha256')
          .update(files.map((f) => f.sha256 ?? '').join('\n'))
          .digest('hex');
  let vocab = 0;
  return {
    featureNames: KDD_FEATURE_NAMES,
    featureCategories: KDD_SCHEMA.map((f) =>
      f.kind === 'symbolic' ? m.symbolVocabularies[vocab++]!.list() : null,
    ),
    schemaHash: schemaHash(),
    classNames,
    provenance: {
      rowCount: m.nRows,
      fileSha256: sha,
      source: files.map((f) => (f.file === '<stdin>' ? f.file : basename(f.file))).join(', '),
    },
    metrics: metaToJson(meta),
  };
}

/** The `n` most important features, largest first. */
export function topFeatures(
  importances: Float64Array,
  n: number,
): { name: string; importance: number }[] {
  return Array.from(importances, (importance, f) => ({ name: KDD_FEATURE_NAMES[f]!, importance }))
    .sort((a, b) => b.importance - a.importance)
    .slice(0, n);
}
