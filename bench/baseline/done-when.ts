/**
 * `npm run bench:baseline` (issue 14, "Done when"). What chose what: the baseline is trained on
 * the benign lab TRAIN runs (fixtures/lab/train/benign_*) with `nad baseline train`'s defaults
 * (100 trees, ψ = 256, extension level 3 — chosen on train data by bench:baseline-choose —,
 * threshold for ≤ 1 % of a 20 % holdout of those rows); nothing here was tuned on what it prints.
 *   1. False alarms: share of the benign VALIDATION runs' connections the baseline flags.
 *   2. Detection: on the VALIDATION attack captures (connections their label rules select), per
 *      capture: the shipped scan model's detections, the connections it misses, how many of
 *      those the baseline flags, and the combined verdict (attack / novel / normal), which keeps
 *      every supervised detection by construction (checked).
 *   3. Speed and size: fitting a baseline on 1,000,000 rows (the lab connections of every train
 *      capture, repeated), scoring them in blocks and one at a time (as nad scan does), the file.
 */
import { join } from 'node:path';
import { scanFile } from '../../src/app/scan/scan-file.js';
import { defaultModelPath, readModelFile, SCAN_MODEL_NAME } from '../../src/io/model-file.js';
import { matches } from '../../src/kdd/label-rules.js';
import { serializeBaseline, type Baseline } from '../../src/model/baseline-file.js';
import { fitBaseline, DEFAULT_EXTENSION_LEVEL } from '../../src/model/baseline-fit.js';
import { isolationScores } from '../../src/model/iforest-score.js';
import { BASELINE_FEATURES, TrainingRows } from '../../src/rows/baseline-rows.js';
import { NoveltyScorer } from '../../src/rows/novelty-scorer.js';
import { extractFeatures } from '../../src/app/features/features.js';
import { printTable } from '../lib/measure.js';
import { FIXTURES, benignRows, labRules } from './lab-data.js';

const FIT = {
  params: { nTrees: 100, sampleSize: 256, extensionLevel: DEFAULT_EXTENSION_LEVEL, seed: 0 },
  falseAlarmRate: 0.01,
  holdout: 0.2,
};
const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);

const train = await benignRows('train');
const fit = fitBaseline(train.matrix, train.rows, train.width, FIT);
const baseline: Baseline = {
  forest: fit.forest,
  info: {
    featureNames: BASELINE_FEATURES,
    featureCategories: train.categories(),
    threshold: fit.threshold,
    inputs: [],
    profiles: fit.profiles,
  },
};
console.log(
  `baseline: ${train.rows} connections of the benign lab train runs; threshold ${fit.threshold.value} (${pct(fit.threshold.holdoutShare * fit.threshold.holdoutRows, fit.threshold.holdoutRows)} of ${fit.threshold.holdoutRows} held-out rows)`,
);

const model = await readModelFile(defaultModelPath(SCAN_MODEL_NAME));
const rules = labRules().filter((r) => r.split === 'validation');
let benignFlagged = 0;
let benignTotal = 0;
const rows: (string | number)[][] = [];
const sum = { n: 0, sup: 0, missed: 0, novel: 0, combined: 0, lost: 0 };
for (const capture of [...new Set(rules.map((r) => r.capture))]) {
  const own = rules.filter((r) => r.capture === capture);
  const benign = own.every((r) => r.kind === 'benign');
  const c = { n: 0, sup: 0, missed: 0, novel: 0, combined: 0, lost: 0 };
  await scanFile(join(FIXTURES, capture), model, {
    threshold: 0.52,
    all: true,
    failOn: undefined,
    baseline,
    onRecord: (r) => {
      if (!benign && !own.some((x) => x.kind === 'attack' && matches(x, r))) return;
      const novel = r.novelty! >= fit.threshold.value;
      if (benign) {
        benignTotal++;
        if (novel) benignFlagged++;
        return;
      }
      c.n++;
      if (r.score >= 0.52) c.sup++;
      else {
        c.missed++;
        if (novel) c.novel++;
      }
      if (r.verdict !== 'normal') c.combined++;
      if (r.score >= 0.52 && r.verdict !== 'attack') c.lost++;
    },
  });
  if (benign) continue;
  for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += c[k];
  rows.push([
    capture.replace('lab/validation/', ''),
    c.n,
    pct(c.sup, c.n),
    c.missed,
    pct(c.novel, c.missed),
    pct(c.combined, c.n),
  ]);
}
rows.push([
  'all attack captures',
  sum.n,
  pct(sum.sup, sum.n),
  sum.missed,
  pct(sum.novel, sum.missed),
  pct(sum.combined, sum.n),
]);
console.log(
  `\n1. benign validation runs: ${benignFlagged} of ${benignTotal} connections flagged by the baseline (${pct(benignFlagged, benignTotal)}; target ≤ 1 %)`,
);
console.log('\n2. validation attack captures (connections of the attack):');
printTable(
  [
    'capture',
    'connections',
    'supervised flags',
    'supervised misses',
    'of those, baseline flags',
    'combined verdict flags',
  ],
  rows,
);
console.log(
  `supervised detections lost by the combined verdict: ${sum.lost} (target 0); baseline flags ${pct(sum.novel, sum.missed)} of what the supervised model misses (target ≥ 80 %)`,
);

// 3. Speed and size on 1,000,000 rows.
const all = new TrainingRows();
const trainCaptures = [
  ...new Set(
    labRules()
      .filter((r) => r.split === 'train')
      .map((r) => r.capture),
  ),
];
for (const c of trainCaptures)
  await extractFeatures(join(FIXTURES, c), (row) => all.add(row), { set: 'extended' });
const N = 1_000_000;
const w = all.width;
const X = new Float32Array(N * w);
for (let i = 0; i < N; i++)
  X.set(all.matrix.subarray((i % all.rows) * w, ((i % all.rows) + 1) * w), i * w);
const t0 = performance.now();
const big = fitBaseline(X, N, w, FIT);
const t1 = performance.now();
const s = isolationScores(big.forest, X, N);
const t2 = performance.now();
const axis = fitBaseline(X, N, w, { ...FIT, params: { ...FIT.params, extensionLevel: 0 } });
const t5 = performance.now();
isolationScores(axis.forest, X, N);
const axisRate = N / ((performance.now() - t5) / 1000);
const one = new NoveltyScorer({
  ...baseline,
  forest: big.forest,
  info: { ...baseline.info, featureCategories: all.categories(), profiles: big.profiles },
});
const M = 200_000;
let rowsScored = 0;
const t3 = performance.now();
for (const c of trainCaptures) {
  await extractFeatures(
    join(FIXTURES, c),
    (row) => {
      if (rowsScored < M) {
        one.score(row);
        rowsScored++;
      }
    },
    { set: 'extended' },
  );
  if (rowsScored >= M) break;
}
const t4 = performance.now();
const bytes = serializeBaseline({
  forest: big.forest,
  info: {
    ...baseline.info,
    featureCategories: all.categories(),
    profiles: big.profiles,
    threshold: big.threshold,
  },
}).length;
console.log(
  `\n3. ${N.toLocaleString('en-US')} rows (${all.rows} distinct lab train connections repeated), ${w} columns:`,
);
console.log(
  `   fit (holdout draw, forest, holdout scoring, profiles): ${((t1 - t0) / 1000).toFixed(2)} s (target ≤ 10 s)`,
);
console.log(
  `   scoring in blocks: ${Math.round(N / ((t2 - t1) / 1000)).toLocaleString('en-US')} rows/s (target ≥ 500,000); checksum ${s[0]!.toFixed(4)}`,
);
console.log(
  `   the same with axis-parallel splits (--extension-level 0): ${Math.round(axisRate).toLocaleString('en-US')} rows/s`,
);
console.log(
  `   scoring one row at a time, as nad scan does (row encoding + forest), with the capture reading and feature extraction: ${Math.round(rowsScored / ((t4 - t3) / 1000)).toLocaleString('en-US')} rows/s`,
);
console.log(`   model file: ${(bytes / 1024).toFixed(0)} KiB (target ≤ 5 MB)`);
