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
 *      capture, repeated), scoring them in blocks and one at a time (as nad scan does), the file.
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
import { isolationScores } from '../../src/model/iforest-score.js';
import { TrainingRows } from '../../src/rows/baseline-rows.js';
import { NoveltyScorer } from '../../src/rows/novelty-scorer.js';
import { defaultThreshold } from '../../src/rows/scan-threshold.js';
import { printTable } from '../lib/measure.js';
import { FIXTURES, labRules, scanLab, sumScans } from './lab-data.js';

const FIT = {
  params: { nTrees: 100, sampleSize: 256, extensionLevel: DEFAULT_EXTENSION_LEVEL, seed: 0 },
  falseAlarmRate: DEFAULT_FALSE_ALARM_RATE,
  folds: DEFAULT_FOLDS,
};
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
for (const c of capturesOf('train'))
  await extractFeatures(c, (r) => lab.add(r), { set: 'extended' });
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
const axis = baselineOf(big, [], { ...FIT, params: { ...FIT.params, extensionLevel: 3 } });
const t5 = performance.now();
isolationScores(axis.forest, X, N);
const axisRate = N / ((performance.now() - t5) / 1000);
const one = new NoveltyScorer(fitted);
const M = 200_000;
let rowsScored = 0;
const t3 = performance.now();
for (const c of capturesOf('train')) {
  await extractFeatures(c, (r) => void (rowsScored++ < M && one.score(r)), { set: 'extended' });
  if (rowsScored >= M) break;
}
const t4 = performance.now();
const bytes = serializeBaseline(fitted).length;
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en-US');
console.log(`\n3. ${N.toLocaleString('en-US')} rows (${lab.rows} distinct lab train connections repeated), ${w} columns:`); // prettier-ignore
console.log(`   fit (folds, forests, held-out scoring, profiles): ${((t1 - t0) / 1000).toFixed(2)} s (target ≤ 10 s)`); // prettier-ignore
console.log(`   scoring in blocks: ${rate(N, t2 - t1)} rows/s (target ≥ 500,000); checksum ${s[0]!.toFixed(4)}`); // prettier-ignore
console.log(`   the same with hyperplanes through 4 features (--extension-level 3): ${Math.round(axisRate).toLocaleString('en-US')} rows/s`); // prettier-ignore
console.log(`   scoring one row at a time, as nad scan does (row encoding + forest), with the capture reading and feature extraction: ${rate(Math.min(rowsScored, M), t4 - t3)} rows/s`); // prettier-ignore
console.log(`   model file: ${(bytes / 1024).toFixed(0)} KiB (target ≤ 5 MB)`);
