/**
 * `npm run bench:kdd` (issue 5, "Targets"): the whole KDD workflow in one child process —
 * `nad train` on kddcup.data_10_percent with the default model's recipe, then `nad eval` of that
 * model on corrected — printing times, the child's peak RSS, 5-class accuracy and KDD cost.
 * Targets: under 60 s in total, peak RSS ≤ 1.5 GB on the project's 2-core machine. Also the
 * shipped model's size (≤ 10 MB) and load + validation time (slowest of 5, ≤ 300 ms).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { evaluateModel } from '../src/app/eval/eval.js';
import { defaultModelPath, readModelFile } from '../src/io/model-file.js';
import { trainModel } from '../src/app/train/train.js';
import { printTable, runChild } from './lib/measure.js';

const TRAIN = 'fixtures/kdd/kddcup.data_10_percent.gz';
const TEST = 'fixtures/kdd/corrected.gz';

/** The measured run (in the child): train, evaluate, print one JSON line. */
async function child(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nad-bench-kdd-'));
  const out = join(dir, 'model.nadm');
  const t0 = performance.now();
  const trained = await trainModel({
    files: [TRAIN],
    out,
    target: 'label',
    params: { nEstimators: 100, maxFeatures: 12, minSamplesLeaf: 4, seed: 0 },
    classWeight: 'balanced',
    decision: 'min-cost',
    oob: true,
  });
  const t1 = performance.now();
  const ev = await evaluateModel({ files: [TEST], model: out });
  const t2 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await readModelFile(defaultModelPath());
    loads.push(performance.now() - t);
  }
  console.log(
    JSON.stringify({
      trainSeconds: (t1 - t0) / 1000,
      readTrainSeconds: trained.readSeconds,
      fitSeconds: trained.fitSeconds,
      evalSeconds: (t2 - t1) / 1000,
      predictSeconds: ev.seconds.predict,
      totalSeconds: (t2 - t0) / 1000,
      modelKiB: trained.modelBytes / 1024,
      oobCost: trained.oob?.costPerExample ?? NaN,
      accuracy: ev.categoryAccuracy ?? NaN,
      cost: ev.costPerExample ?? NaN,
      detectionRate: ev.detectionRate ?? NaN,
      falseAlarmRate: ev.falseAlarmRate ?? NaN,
      rocAuc: ev.rocAuc ?? NaN,
      shippedKiB: statSync(defaultModelPath()).size / 1024,
      shippedLoadMs: Math.max(...loads),
      shippedLoadBestMs: Math.min(...loads),
    }),
  );
}

if (process.argv.includes('--child')) {
  await child();
} else {
  const r = runChild(process.execPath, ['dist/bench/kdd.js', '--child']);
  const n = (k: string): number => Number(r[k]);
  printTable(
    ['step', 'value'],
    [
      ['train: read + encode (s)', n('readTrainSeconds')],
      ['train: fit 100 trees (s)', n('fitSeconds')],
      ['train: total incl. OOB + write (s)', n('trainSeconds')],
      ['eval: total (s)', n('evalSeconds')],
      ['eval: predict 311,029 rows (s)', n('predictSeconds')],
      ['total (s)', n('totalSeconds')],
      ['peak RSS (MB)', r.peakRssMb],
      ['model size (KiB)', n('modelKiB')],
      ['OOB cost per example (training file)', n('oobCost').toFixed(5)],
      ['5-class accuracy on corrected', `${(n('accuracy') * 100).toFixed(2)} %`],
      ['cost per example on corrected', n('cost').toFixed(4)],
      ['detection rate', `${(n('detectionRate') * 100).toFixed(2)} %`],
      ['false-alarm rate', `${(n('falseAlarmRate') * 100).toFixed(2)} %`],
      ['ROC-AUC of P(attack)', n('rocAuc').toFixed(4)],
      ['shipped model: size (KiB)', n('shippedKiB')],
      ['shipped model: load + validate, slowest of 5 (ms)', n('shippedLoadMs')],
      ['shipped model: load + validate, fastest of 5 (ms)', n('shippedLoadBestMs')],
    ],
  );
  const checks: [string, boolean][] = [
    ['total < 60 s', n('totalSeconds') < 60],
    ['peak RSS ≤ 1.5 GB', r.peakRssMb <= 1536],
    ['5-class accuracy ≥ 92.5 %', n('accuracy') >= 0.925],
    ['cost per example ≤ 0.2422', n('cost') <= 0.2422],
    ['shipped model ≤ 10 MB', n('shippedKiB') <= 10 * 1024],
    ['shipped model loads in ≤ 300 ms', n('shippedLoadMs') <= 300],
  ];
  console.log('\n' + checks.map(([w, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${w}`).join('\n'));
}
