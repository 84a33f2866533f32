/**
 * `npm run bench:baseline-sklearn` (issue 14): nad's isolation forest against scikit-learn's
 * IsolationForest on the same rows. Both fit the benign lab TRAIN runs (the baseline's
 * encoding, bench/baseline/lab-data.ts) with 100 trees of ψ = 256 and score the labelled
 * VALIDATION connections (benign runs and the attack captures' selected connections). Reported
 * per seed: the ROC-AUC of each (attack vs benign), their difference (target ≤ 0.01) and the
 * Spearman rank correlation of the two score vectors (target ≥ 0.95). With 100 trees a score is
 * a Monte-Carlo mean over few trees, so two seeds of the same implementation disagree about as
 * much: the bench prints that noise (scikit-learn against itself with the next seed) next to
 * the cross-check, and repeats the cross-check with 1,000 trees, where both converge to the
 * expected score of the same algorithm and the targets are judged.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rocAuc } from '../../src/kdd/metrics.js';
import { fitIsolationForest } from '../../src/model/iforest.js';
import { isolationScores } from '../../src/model/iforest-score.js';
import { printTable } from '../lib/measure.js';
import { spearman } from '../lib/rank.js';
import { benignRows, validationRows } from './lab-data.js';

const PYTHON = '/usr/bin/python3';
const DIR = '.bench-data/baseline';
const TREES = [100, 1000];
const PSI = 256;
const SEEDS = [0, 1, 2];

const train = await benignRows('train');
const test = await validationRows(train);
const w = train.width;
mkdirSync(DIR, { recursive: true });
const trainPath = join(DIR, 'train.f32');
const testPath = join(DIR, 'test.f32');
writeFileSync(trainPath, train.matrix);
writeFileSync(testPath, test.X);
console.log(
  `rows: ${train.rows} benign lab train connections fitted; ${test.n} validation connections scored (${test.label.reduce((a, b) => a + b, 0)} attack, ${test.n - test.label.reduce((a, b) => a + b, 0)} benign); ${w} columns`,
);
if (spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' }).status !== 0) {
  console.log(
    `scikit-learn: skipped (${PYTHON} cannot import sklearn; apt install python3-sklearn)`,
  );
  process.exit(0);
}
interface Run {
  trees: number;
  seed: number;
  ours: Float64Array;
  theirs: Float64Array;
}

function sklearn(trees: number, seed: number): Float64Array {
  const out = join(DIR, `sklearn-${trees}-${seed}.f64`);
  const args = [trainPath, testPath, w, trees, PSI, seed, out].map(String);
  const r = spawnSync(PYTHON, ['bench/peers/sklearn_iforest.py', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sklearn failed: ${r.stderr}`);
  return new Float64Array(readFileSync(out).buffer.slice(0));
}

function run(trees: number, seed: number): Run {
  const params = { nTrees: trees, sampleSize: PSI, extensionLevel: 0, seed };
  const forest = fitIsolationForest(train.matrix, train.rows, w, params);
  return {
    trees,
    seed,
    ours: isolationScores(forest, test.X, test.n),
    theirs: sklearn(trees, seed),
  };
}

for (const trees of TREES) {
  const runs = SEEDS.map((seed) => run(trees, seed));
  const rows = runs.map((r, i) => {
    const a = rocAuc(r.ours, test.label)!;
    const b = rocAuc(r.theirs, test.label)!;
    const next = runs[(i + 1) % runs.length]!.theirs;
    return [
      trees,
      r.seed,
      a.toFixed(4),
      b.toFixed(4),
      Math.abs(a - b).toFixed(4),
      spearman(r.ours, r.theirs).toFixed(4),
      spearman(r.theirs, next).toFixed(4),
    ];
  });
  console.log('');
  printTable(
    [
      'trees',
      'seed',
      'ROC-AUC nad',
      'ROC-AUC sklearn',
      '|difference|',
      'ρ nad vs sklearn',
      'ρ sklearn vs sklearn (next seed)',
    ],
    rows,
  );
  const gap = Math.max(...rows.map((r) => Number(r[4])));
  const rho = Math.min(...rows.map((r) => Number(r[5])));
  console.log(
    `${trees} trees: worst |AUC difference| ${gap.toFixed(4)} (target ≤ 0.01: ${gap <= 0.01 ? 'met' : 'not met'}); worst ρ ${rho.toFixed(4)} (target ≥ 0.95: ${rho >= 0.95 ? 'met' : 'not met'})`,
  );
}
