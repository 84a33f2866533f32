/**
 * `npm run bench:forest` (issue 3, "Targets"): nad's forest vs scikit-learn's
 * RandomForestClassifier(n_estimators=100, n_jobs=2) vs ml-random-forest, trained on
 * kddcup.data_10_percent and evaluated on corrected (5-class accuracy, labels mapped to
 * categories). Every peer runs in its own process (bench/forest-peer.ts,
 * bench/peers/sklearn_forest.py) so that its peak RSS is its own. ml-random-forest cannot train
 * on the full file, so it and a second nad run use the same 2,000-row systematic subsample.
 * Then the whole `nad train` command against scikit-learn's read + fit of the same file
 * (bench/forest-whole.ts), and nad's KDD read time.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { costPerExample } from '../src/kdd/labels.js';
import { BENCH_DIR, files, loadU8, prepareBenchData, type BenchMeta } from './forest-data.js';
import { timeNadTrain, timeSklearnWhole, wholeReport } from './forest-whole.js';

const TRAIN = 'fixtures/kdd/kddcup.data_10_percent.gz';
const TEST = 'fixtures/kdd/corrected.gz';
const TREES = 100;
const ML_RF_ROWS = 2000;
const PYTHON = '/usr/bin/python3';
const notes: string[] = [];

interface PeerResult {
  name: string;
  trainRows: number;
  fitSeconds: number;
  predictRowsPerSec: number;
  maxRssMB: number;
  accuracy: number;
  cost: number;
}

function runPeer(
  name: string,
  cmd: string,
  args: string[],
  meta: BenchMeta,
  trainRows: number,
): PeerResult | string {
  const out = join(BENCH_DIR, `pred-${name.replace(/\W+/g, '_')}.u8`);
  rmSync(out, { force: true });
  const r = spawnSync(cmd, [...args, out], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0)
    return `${name}: failed (${r.error?.message ?? r.stderr.trim().split('\n').slice(-1)[0]})`;
  const stats = JSON.parse(r.stdout.trim().split('\n').slice(-1)[0]!) as Record<string, number> & {
    model?: { bytes: number; saveSeconds: number; loadSeconds: number };
  };
  if (stats.model) {
    const m = stats.model;
    notes.push(
      `${name}: model file ${(m.bytes / 1024).toFixed(0)} KiB, saved in ${m.saveSeconds.toFixed(2)} s, loaded and validated in ${m.loadSeconds.toFixed(2)} s`,
    );
  }
  const pred = loadU8(out);
  const truth = loadU8(files.testCat);
  const confusion = [0, 1, 2, 3, 4].map(() => [0, 0, 0, 0, 0]);
  for (let i = 0; i < truth.length; i++) confusion[truth[i]!]![meta.classCategory[pred[i]!]!]!++;
  let ok = 0;
  for (let c = 0; c < 5; c++) ok += confusion[c]![c]!;
  return {
    name,
    trainRows,
    fitSeconds: stats.fitSeconds!,
    predictRowsPerSec: meta.nTest / stats.predictSeconds!,
    maxRssMB: stats.maxRssBytes! / 2 ** 20,
    accuracy: ok / truth.length,
    cost: costPerExample(confusion),
  };
}

function hasSklearn(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' }).status === 0;
}

function table(rows: PeerResult[], ratios: [string, PeerResult, PeerResult][]): string {
  const head = [
    'peer',
    'train rows',
    'fit s',
    'predict rows/s',
    'peak RSS MB',
    '5-class acc',
    'cost/ex',
  ];
  const body = rows.map((r) => [
    r.name,
    r.trainRows.toLocaleString('en-US'),
    r.fitSeconds.toFixed(2),
    Math.round(r.predictRowsPerSec).toLocaleString('en-US'),
    r.maxRssMB.toFixed(0),
    (r.accuracy * 100).toFixed(2) + ' %',
    r.cost.toFixed(4),
  ]);
  const ratio = (x: number): string => (x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
  for (const [label, a, b] of ratios) {
    body.push([
      label,
      '',
      ratio(a.fitSeconds / b.fitSeconds),
      ratio(a.predictRowsPerSec / b.predictRowsPerSec),
      ratio(a.maxRssMB / b.maxRssMB),
      `${((a.accuracy - b.accuracy) * 100).toFixed(2)} pt`,
      (a.cost - b.cost).toFixed(4),
    ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const meta = await prepareBenchData(TRAIN, TEST, process.argv.includes('--reuse-data'));
console.log(
  `data: ${meta.nTrain} training rows, ${meta.nTest} test rows, ${meta.classNames.length} classes`,
);
const node = process.execPath;
const peer = 'dist/bench/forest-peer.js';
const results: PeerResult[] = [];
const add = (r: PeerResult | string): PeerResult | undefined => {
  if (typeof r === 'string') notes.push(r);
  else results.push(r);
  return typeof r === 'string' ? undefined : r;
};
const nad = add(runPeer('nad', node, [peer, 'nad', '0', String(TREES)], meta, meta.nTrain));
let sk: PeerResult | undefined;
if (hasSklearn()) {
  sk = add(
    runPeer(
      'scikit-learn',
      PYTHON,
      ['bench/peers/sklearn_forest.py', BENCH_DIR, '0', String(TREES)],
      meta,
      meta.nTrain,
    ),
  );
} else
  notes.push(
    `scikit-learn: skipped (${PYTHON} cannot import sklearn; apt install python3-sklearn)`,
  );
const nadSub = add(
  runPeer(
    'nad (subsample)',
    node,
    [peer, 'nad', String(ML_RF_ROWS), String(TREES)],
    meta,
    ML_RF_ROWS,
  ),
);
const ml = add(
  runPeer(
    'ml-random-forest',
    node,
    [peer, 'ml-rf', String(ML_RF_ROWS), String(TREES)],
    meta,
    ML_RF_ROWS,
  ),
);
const ratios: [string, PeerResult, PeerResult][] = [];
if (nad && sk) ratios.push(['nad / scikit-learn', nad, sk]);
if (nadSub && ml) ratios.push(['nad / ml-random-forest', nadSub, ml]);
console.log(
  `\n${TREES} trees; predict = all of corrected; ratios: fit time, throughput, RSS (lower, higher, lower is better)\n`,
);
console.log(table(results, ratios));
if (nad && sk) {
  const checks = [
    ['fit time ≤ scikit-learn', nad.fitSeconds <= sk.fitSeconds],
    ['predict throughput ≥ scikit-learn', nad.predictRowsPerSec >= sk.predictRowsPerSec],
    [
      '5-class accuracy within 0.5 pt of scikit-learn',
      Math.abs(nad.accuracy - sk.accuracy) <= 0.005,
    ],
    ['peak RSS ≤ 1 GB', nad.maxRssMB <= 1024],
  ] as const;
  console.log('\n' + checks.map(([what, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${what}`).join('\n'));
}
if (notes.length > 0) console.log('\n' + notes.join('\n'));
const cached = process.argv.includes('--reuse-data') ? ', cached by an earlier run' : '';
console.log(
  `\n(data read, validated and encoded by nad's KDD reader in process: training file ${meta.readSeconds.toFixed(2)} s, test file ${(meta.testReadSeconds ?? NaN).toFixed(2)} s${cached}; written to ${BENCH_DIR}/, --reuse-data skips this)`,
);
const whole = timeNadTrain(TRAIN, TEST);
if (typeof whole === 'string') console.log(`\n${whole}`);
else {
  const skWhole = hasSklearn() ? timeSklearnWhole(PYTHON, TRAIN, TREES) : undefined;
  if (typeof skWhole === 'string') console.log(`\n${skWhole}`);
  const report = wholeReport(whole, typeof skWhole === 'string' ? undefined : skWhole);
  console.log('\n' + report.join('\n'));
}
