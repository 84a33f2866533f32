/**
 * `node dist/bench/kdd-tune.js` — how the default model's class weights and decision rule were
 * chosen (models/README.md), on the TRAINING file only: for each candidate class weighting a
 * 100-tree label forest is fitted on kddcup.data_10_percent and every training row is scored by
 * the trees that did not draw it (out-of-bag). Each decision rule is scored by OOB 5-class
 * accuracy and KDD cost per example, over all rows and over the rows whose 41 features occur
 * once in the file (duplicates let an in-bag twin leak the answer). `corrected` is never read.
 */
import { classCategories, decide, type DecisionRule } from '../src/kdd/decision.js';
import { readKddInputs } from '../src/kdd/kdd-input.js';
import { KddEncoder } from '../src/features/encode.js';
import { bareLabel, costPerExample, labelCategory } from '../src/kdd/labels.js';
import { fitForest } from '../src/model/forest.js';
import { oobProba } from '../src/model/oob.js';
import type { ClassWeight } from '../src/model/params.js';
import { printTable } from './lib/measure.js';

const TRAIN = 'fixtures/kdd/kddcup.data_10_percent.gz';
const FACTORS: (number | 'balanced')[] = [1, 3, 10, 30, 'balanced'];

/** Class weights: r2l and u2r labels × factor, the rest 1. */
function weights(classNames: readonly string[], factor: number | 'balanced'): ClassWeight {
  if (factor === 1) return 'none';
  if (factor === 'balanced') return 'balanced';
  return classNames.map((n) => (['r2l', 'u2r'].includes(labelCategory(n) ?? '') ? factor : 1));
}

/** Rows whose feature vector occurs exactly once. */
function uniqueRows(X: Float32Array, n: number, p: number): Uint8Array {
  const seen = new Map<string, number>();
  const keys: string[] = [];
  for (let r = 0; r < n; r++) {
    const k = Array.from(X.subarray(r * p, (r + 1) * p)).join(',');
    keys.push(k);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return Uint8Array.from(keys, (k) => (seen.get(k) === 1 ? 1 : 0));
}

function score(truth: Int32Array, pred: Int32Array, keep: (r: number) => boolean): number[] {
  const m = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  let n = 0;
  for (let r = 0; r < truth.length; r++) {
    if (!keep(r) || pred[r]! < 0) continue;
    m[truth[r]!]![pred[r]!]!++;
    n++;
  }
  const ok = m.reduce((s, row, i) => s + row[i]!, 0);
  return [ok / n, costPerExample(m), m[4]![4]! / m[4]!.reduce((a, b) => a + b, 0)];
}

const input = await readKddInputs([TRAIN], new KddEncoder());
const m = input.matrix;
const names = m.labels.list().map(bareLabel);
const cats = classCategories(names);
const truth = Int32Array.from(m.y, (c) => cats[c]!);
const unique = uniqueRows(m.X, m.nRows, 41);
console.log(`${m.nRows} rows, ${unique.reduce((a, b) => a + b, 0)} with a unique feature vector`);
const rows: (string | number)[][] = [];
for (const factor of FACTORS) {
  const t0 = performance.now();
  const forest = await fitForest(
    m.X,
    m.y,
    41,
    names.length,
    {
      nEstimators: 100,
      classWeight: weights(names, factor),
    },
    {
      onProgress: (b, t) => {
        if (b === t) console.error(`factor ${factor}: ${t} trees`);
      },
    },
  );
  const { proba, votes } = oobProba(forest, m.X, m.nRows);
  const fitS = (performance.now() - t0) / 1000;
  for (const rule of ['argmax', 'min-cost'] as DecisionRule[]) {
    const labelPred = decide(proba, names, rule);
    const pred = Int32Array.from(labelPred, (k, r) => (votes[r]! > 0 ? cats[k]! : -1));
    const all = score(truth, pred, () => true);
    const uni = score(truth, pred, (r) => unique[r] === 1);
    rows.push([
      factor === 'balanced' ? 'balanced' : `r2l,u2r ×${factor}`,
      rule,
      ...all.map((v) => v.toFixed(5)),
      ...uni.map((v) => v.toFixed(5)),
      fitS.toFixed(1),
    ]);
  }
}
printTable(
  [
    'class weight',
    'rule',
    'acc',
    'cost',
    'r2l recall',
    'acc (uniq)',
    'cost (uniq)',
    'r2l rec (uniq)',
    's',
  ],
  rows,
);
