/**
 * `npm run bench:baseline` (issue 14, "Done when"). What chose what: the baseline is made by the
 * use case of `nad baseline train` (trainBaseline) from the benign lab TRAIN runs
 * (fixtures/lab/train/benign_*) with its defaults — 100 trees, ψ = 256, extension level 0,
 * log-scaled values, new kinds of connection novel, threshold for ≤ 1 % of 5-fold held-out
 * scores; every one of those was chosen on TRAIN runs only (bench:baseline-choose, and the
 * figures in README's baseline section) —; nothing here was tuned on what it prints.
 *   1. False alarms: share of the benign VALIDATION runs' connections the baseline flags.
 *   2. Detection: `nad scan --baseline` (scanFile) on the VALIDATION attack captures
 *      (connections their label rules select), per capture: the shipped scan model's
 *      detections, the connections it misses, how many of those the baseline flags, and the
 *      combined verdict (attack / novel / normal), which keeps every supervised detection.
 *   3. Speed and size: fitting a baseline on 1,000,000 rows (the lab connections of every train
 *      capture, repeated), scoring them in blocks (next to the previous JavaScript walk, on the
 *      same rows in the same run, and checking both give the same sums), the novelty of feature
 *      rows in batches (as nad scan --baseline) and one at a time (the reference), the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineOf, trainBaseline } from '../../src/app/baseline/baseline-train.js';
import { extractFeatures } from '../../src/app/features/features.js';
import { readBaselineFile } from '../../src/io/baseline-file.js';
import { defaultModelPath, readModelFile, SCAN_MODEL_NAME } from '../../src/io/model-file.js';
import { serializeBaseline } from '../../src/model/baseline-file.js';
import {
  DEFAULT_EXTENSION_LEVEL,
  DEFAULT_FALSE_ALARM_RATE,
  DEFAULT_FOLDS,
} from '../../src/model/baseline-fit.js';
import { isolationScores, meanPathLengths } from '../../src/model/iforest-score.js';
import { compiled } from '../../src/model/iforest-walk.js';
import { TrainingRows } from '../../src/rows/baseline-rows.js';
import { NoveltyScorer } from '../../src/rows/novelty-scorer.js';
import { RowBatch } from '../../src/rows/row-batch.js';
import { defaultThreshold } from '../../src/rows/scan-threshold.js';
import { jsPathSums } from '../lib/iforest-walk-js.js';
import { printTable } from '../lib/measure.js';
import { FIXTURES, labRules, scanLab, sumScans } from './lab-data.js';

const FIT = {
  params: { nTrees: 100, sampleSize: 256, extensionLevel: DEFAULT_EXTENSION_LEVEL, seed: 0 },
  falseAlarmRate: DEFAULT_FALSE_ALARM_RATE,
  folds: DEFAULT_FOLDS,
};
/** Rows a batch of nad scan holds (src/rows/scorer.ts). */
const BATCH = 2048;
const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);
const capturesOf = (split: string, kind?: string): string[] => [
  ...new Set(
    labRules()
      .filter((r) => r.split === split && (kind === undefined || r.kind === kind))
      .map((r) => join(FIXTURES, r.capture)),
  ),
];

const dir = mkdtempSync(join(tmpdir(), 'nad-bench-baseline-'));
const file = join(dir, 'lab.nadb');
const trained = await trainBaseline({ inputs: capturesOf('train', 'benign').sort(), out: file, ...FIT }); // prettier-ignore
if (trained.result === undefined) throw new Error('nad baseline train failed');
const baseline = await readBaselineFile(file);
rmSync(dir, { recursive: true });
const t = baseline.info.threshold;
console.log(
  `baseline: ${trained.result.connections} connections of the benign lab train runs, ${trained.result.kinds} kinds; threshold ${t.value} (${pct(t.holdoutShare * t.holdoutRows, t.holdoutRows)} of ${t.holdoutRows} held-out scores, ${t.folds} folds)`,
);

const model = await readModelFile(defaultModelPath(SCAN_MODEL_NAME));
const supervised = defaultThreshold(model.info);
const scans = await scanLab('validation', baseline, model, supervised);
const benign = sumScans(scans.filter((c) => c.benign));
const attacks = scans.filter((c) => !c.benign);
const all = sumScans(attacks);
const row = (name: string, c: typeof all): (string | number)[] => [
  name,
  c.n,
  pct(c.sup, c.n),
  c.missed,
  pct(c.missedFlagged, c.missed),
  pct(c.flagged, c.n),
  pct(c.combined, c.n),
];
console.log(
  `\n1. benign validation runs: ${benign.flagged} of ${benign.n} connections flagged by the baseline (${pct(benign.flagged, benign.n)}; target ≤ 1 %)`,
);
console.log(`\n2. validation attack captures (connections of the attack; scan threshold ${supervised}):`); // prettier-ignore
printTable(
  ['capture', 'connections', 'supervised flags', 'supervised misses', 'of those, baseline flags', 'baseline flags (all)', 'combined verdict flags'], // prettier-ignore
  [...attacks.map((c) => row(c.capture.replace('lab/validation/', ''), c)), row('all attack captures', all)], // prettier-ignore
);
console.log(
  `supervised detections lost by the combined verdict: ${all.lost} (target 0); baseline flags ${all.missedFlagged} of ${all.missed} = ${pct(all.missedFlagged, all.missed)} of what the supervised model misses (target ≥ 80 %)`,
);

// 3. Speed and size on 1,000,000 rows.
const lab = new TrainingRows();
const batches: RowBatch[] = []; // the same rows as nad scan holds them, 2048 a batch
for (const c of capturesOf('train'))
  await extractFeatures(c, (r) => {
    if (lab.rows % BATCH === 0) batches.push(new RowBatch(BATCH));
    batches.at(-1)!.put(lab.rows % BATCH, r);
    lab.add(r);
  }, { set: 'extended' }); // prettier-ignore
const N = 1_000_000;
const w = lab.width;
const X = new Float32Array(N * w);
for (let i = 0; i < N; i++)
  X.set(lab.matrix.subarray((i % lab.rows) * w, ((i % lab.rows) + 1) * w), i * w);
const big = { matrix: X, rows: N, width: w, categories: () => lab.categories(), kinds: () => lab.kinds() }; // prettier-ignore
const t0 = performance.now();
const fitted = baselineOf(big, [], FIT);
const t1 = performance.now();
const s = isolationScores(fitted.forest, X, N);
const t2 = performance.now();
const peer = jsPathSums(compiled(fitted.forest), X, N);
const t6 = performance.now();
const sums = meanPathLengths(fitted.forest, X, N);
const differ = sums.filter((v, r) => v !== peer[r]! / fitted.forest.params.nTrees).length;
const axis = baselineOf(big, [], { ...FIT, params: { ...FIT.params, extensionLevel: 3 } });
const t5 = performance.now();
isolationScores(axis.forest, X, N);
const axisRate = N / ((performance.now() - t5) / 1000);
// Novelty of feature rows (encoding, kinds, log scale, forest): in batches as nad scan
// --baseline does, and one row at a time (the reference), over the lab train rows.
const M = 200_000;
const scorer = new NoveltyScorer(fitted);
const sizeOf = (i: number): number => Math.min(BATCH, lab.rows - i * BATCH);
let batched = 0;
const t3 = performance.now();
while (batched < M)
  for (let i = 0; i < batches.length; i++) {
    scorer.scoreBatch(batches[i]!, sizeOf(i));
    batched += sizeOf(i);
  }
const t4 = performance.now();
const rows = batches.flatMap((b, i) => Array.from({ length: sizeOf(i) }, (_, j) => b.row(j)));
let one = 0;
const t7 = performance.now();
while (one < M / 4)
  for (const r of rows) {
    scorer.score(r);
    one++;
  }
const t8 = performance.now();
const bytes = serializeBaseline(fitted).length;
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en-US');
console.log(`\n3. ${N.toLocaleString('en-US')} rows (${lab.rows} distinct lab train connections repeated), ${w} columns:`); // prettier-ignore
console.log(`   fit (folds, forests, held-out scoring, profiles): ${((t1 - t0) / 1000).toFixed(2)} s (target ≤ 10 s)`); // prettier-ignore
console.log(`   scoring in blocks (WebAssembly walk): ${rate(N, t2 - t1)} rows/s (target ≥ 500,000); checksum ${s[0]!.toFixed(4)}`); // prettier-ignore
console.log(`   peer, same rows and run: the previous JavaScript walk ${rate(N, t6 - t2)} rows/s (${((t6 - t2) / (t2 - t1)).toFixed(2)}× the time); rows whose sums differ: ${differ}`); // prettier-ignore
console.log(`   the same with hyperplanes through 4 features (--extension-level 3, JavaScript walk): ${Math.round(axisRate).toLocaleString('en-US')} rows/s`); // prettier-ignore
console.log(`   novelty of feature rows (encoding, kinds, log scale, forest) in batches of ${BATCH} as nad scan --baseline does: ${rate(batched, t4 - t3)} rows/s; one row at a time (the reference): ${rate(one, t8 - t7)} rows/s`); // prettier-ignore
console.log(`   model file: ${(bytes / 1024).toFixed(0)} KiB (target ≤ 5 MB)`);
