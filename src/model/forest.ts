/**
 * The random forest: fitting (binning once, trees in parallel) and the fitted `Forest`
 * (issue 3; DESIGN.md "model"). Knows nothing about packets: a Float32Array row-major matrix and
 * class indices in, class probabilities out.
 */
import { ModelError } from '../common/errors.js';
import { codeRows, computeEdges } from './bins.js';
import { groupRows } from './groups.js';
import { classWeightVector, resolveParams, treeOptions, type ForestParams } from './params.js';
import { buildTreesParallel, defaultJobs, predictProbaParallel } from './pool.js';
import { oobProbaAsync } from './oob.js';
import { argmaxRows, predictProbaInto } from './predict.js';
import { buildTree } from './tree.js';
import type { BuiltTree, TrainingSet } from './training-set.js';
import type { Tree } from './tree-store.js';

/** A fitted forest: parameters, trees, impurity importances and (optionally) the OOB score. */
export class Forest {
  /** Assembles a fitted forest (used by fitForest and by the model loader). */
  constructor(
    readonly params: ForestParams,
    readonly nFeatures: number,
    readonly nClasses: number,
    readonly trees: readonly Tree[],
    /** Mean normalised impurity decrease per feature (sums to 1 unless no tree split). */
    readonly importances: Float64Array,
    /** Out-of-bag accuracy, or null when not computed. */
    readonly oobScore: number | null,
    /**
     * Per tree, the rows its bootstrap left out, as fitting drew them (never in model files);
     * OOB scoring uses them instead of replaying the bootstraps. Null for a loaded forest.
     */
    readonly oobMasks: readonly Uint8Array[] | null = null,
  ) {}

  /** Class probabilities (nRows × nClasses, row-major) on the calling thread. */
  predictProba(X: Float32Array, nRows = X.length / this.nFeatures): Float32Array {
    checkMatrix(X, nRows, this.nFeatures);
    const out = new Float32Array(nRows * this.nClasses);
    predictProbaInto(this.trees, this.nClasses, this.nFeatures, X, 0, nRows, out);
    return out;
  }

  /** Class probabilities, on `jobs` worker threads when the batch is large. */
  async predictProbaAsync(
    X: Float32Array,
    nRows = X.length / this.nFeatures,
    jobs = defaultJobs(),
  ): Promise<Float32Array> {
    checkMatrix(X, nRows, this.nFeatures);
    return predictProbaParallel(this.trees, this.nClasses, this.nFeatures, X, nRows, jobs);
  }

  /** Most probable class index per row. */
  predict(X: Float32Array, nRows = X.length / this.nFeatures): Int32Array {
    return argmaxRows(this.predictProba(X, nRows), this.nClasses);
  }
}

/** Options of a fit that do not change the model. */
export interface FitOptions {
  /** Worker threads (default: available parallelism); 1 builds on the calling thread. */
  readonly jobs?: number;
  /** Called after each tree is built with (trees built, total trees), e.g. for a progress bar. */
  readonly onProgress?: (built: number, total: number) => void;
}

/**
 * Fits a forest on the row-major matrix X (nRows × nFeatures, finite values) and class indices
 * y in 0..nClasses−1. The same data and params give the same forest whatever `jobs` is.
 */
export async function fitForest(
  X: Float32Array,
  y: ArrayLike<number>,
  nFeatures: number,
  nClasses: number,
  params: Partial<ForestParams> = {},
  options: FitOptions = {},
): Promise<Forest> {
  const p = resolveParams(params);
  const nRows = y.length;
  checkMatrix(X, nRows, nFeatures);
  if (nRows < 1) throw new ModelError('cannot fit a forest on zero rows');
  if (nRows >= 2 ** 24) throw new ModelError(`at most ${2 ** 24 - 1} training rows are supported`);
  if (!Number.isInteger(nClasses) || nClasses < 1 || nClasses > 256)
    throw new ModelError('nClasses must be in 1..256');
  const labels = checkLabels(y, nClasses);
  const data = prepareTrainingSet(X, labels, nFeatures, nClasses, p);
  const opts = treeOptions(p, nFeatures);
  const jobs = options.jobs ?? defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new ModelError(`jobs must be a positive integer, got ${jobs}`);
  let built: BuiltTree[];
  if (jobs === 1) {
    built = [];
    for (let t = 0; t < p.nEstimators; t++) {
      built.push(buildTree(data, opts, t));
      options.onProgress?.(t + 1, p.nEstimators);
    }
  } else {
    built = await buildTreesParallel(data, opts, p.nEstimators, jobs, options.onProgress);
  }
  const trees = built.map((b) => b.tree);
  const masks = built.every((b) => b.oobMask) ? built.map((b) => b.oobMask!) : null;
  const importances = meanImportances(built, nFeatures);
  const forest = new Forest(p, nFeatures, nClasses, trees, importances, null, masks);
  if (!p.oobScore) return forest;
  const score = await oobAccuracy(forest, X, labels, jobs);
  return new Forest(p, nFeatures, nClasses, trees, importances, score, masks);
}

function checkLabels(y: ArrayLike<number>, nClasses: number): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= nClasses)
      throw new ModelError(`label of row ${i} is not a class index: ${c}`);
    out[i] = c;
  }
  return out;
}

/** Bins, groups duplicate rows and lays the training set out in shared memory for the workers. */
function prepareTrainingSet(
  X: Float32Array,
  y: Uint8Array,
  nFeatures: number,
  nClasses: number,
  p: ForestParams,
): TrainingSet {
  const nRows = y.length;
  const edges = computeEdges(X, nRows, nFeatures, p.maxBins);
  const groups = groupRows(X, nRows, nFeatures, y);
  const G = groups.nGroups;
  const codes = codeRows(
    X,
    nFeatures,
    groups.first,
    edges,
    new Uint8Array(new SharedArrayBuffer(G * nFeatures)),
  );
  const yGroup = new Uint8Array(new SharedArrayBuffer(G));
  for (let g = 0; g < G; g++) yGroup[g] = y[groups.first[g]!]!;
  const groupOf = new Int32Array(new SharedArrayBuffer(nRows * 4));
  groupOf.set(groups.groupOf);
  const classWeight = classWeightVector(p.classWeight, y, nClasses);
  return { nRows, nGroups: G, nFeatures, nClasses, groupOf, codes, edges, y: yGroup, classWeight };
}

function checkMatrix(X: Float32Array, nRows: number, nFeatures: number): void {
  if (!Number.isInteger(nRows) || nRows < 0 || !Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new ModelError(`bad matrix shape ${nRows} × ${nFeatures}`);
  }
  if (X.length < nRows * nFeatures) {
    throw new ModelError(`matrix has ${X.length} values, expected ${nRows} × ${nFeatures}`);
  }
}

/** Per-tree importances normalised to 1, averaged, normalised again (scikit-learn). */
function meanImportances(built: readonly BuiltTree[], nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  for (const b of built) {
    let sum = 0;
    for (const v of b.importance) sum += v;
    if (sum > 0) for (let f = 0; f < nFeatures; f++) out[f]! += b.importance[f]! / sum;
  }
  let total = 0;
  for (const v of out) total += v;
  if (total > 0) for (let f = 0; f < nFeatures; f++) out[f]! /= total;
  return out;
}

/**
 * Out-of-bag accuracy: each row is predicted by the trees whose bootstrap left it out (see
 * oob.ts); rows that every tree saw are not counted.
 */
async function oobAccuracy(
  forest: Forest,
  X: Float32Array,
  y: Uint8Array,
  jobs: number,
): Promise<number> {
  const K = forest.nClasses;
  const { proba, votes } = await oobProbaAsync(forest, X, y.length, jobs);
  let seen = 0;
  let correct = 0;
  for (let r = 0; r < y.length; r++) {
    if (votes[r] === 0) continue;
    seen++;
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[r * K + k]! > proba[r * K + best]!) best = k;
    if (best === y[r]) correct++;
  }
  return seen === 0 ? NaN : correct / seen;
}
