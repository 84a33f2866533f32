/**
 * `npm run bench:baseline-choose` (issue 14): how the baseline's default settings were chosen,
 * on TRAIN data only (fixtures/lab/train; the validation runs are never read here). For each
 * candidate (extension level, ψ): false alarms on other runs of known benign kinds (fit on the
 * seven first benign train runs, score the second runs benign_ssh_2 and benign_web_2 at the
 * threshold the seven chose); false alarms on benign kinds never seen, by leave-one-capture-out
 * over the nine benign train runs (a pessimistic bound: each run is another service); and
 * detection of the train attack captures' selected connections by a baseline of all nine.
 */
import { join } from 'node:path';
import { extractFeatures } from '../../src/app/features/features.js';
import { fitBaseline } from '../../src/model/baseline-fit.js';
import { isolationScores } from '../../src/model/iforest-score.js';
import { BASELINE_FEATURES, TrainingRows } from '../../src/rows/baseline-rows.js';
import { RowEncoder } from '../../src/rows/row-encoder.js';
import { matches } from '../../src/kdd/label-rules.js';
import { printTable } from '../lib/measure.js';
import { FIXTURES, labRules, rowEnds } from './lab-data.js';

const CANDIDATES = [
  { extensionLevel: 0, sampleSize: 256 },
  { extensionLevel: 3, sampleSize: 256 },
  { extensionLevel: 7, sampleSize: 256 },
  { extensionLevel: 15, sampleSize: 256 },
  { extensionLevel: 7, sampleSize: 128 },
];
const rules = labRules().filter((r) => r.split === 'train');
const benign = [...new Set(rules.filter((r) => r.kind === 'benign').map((r) => r.capture))];
const attacks = [...new Set(rules.filter((r) => r.kind === 'attack').map((r) => r.capture))];

/** Encoded rows of some captures (all connections, or those an attack rule selects). */
async function rowsOf(captures: string[], into: TrainingRows | RowEncoder, selected = false) {
  const out: Float32Array[] = [];
  for (const c of captures) {
    const own = rules.filter((r) => r.capture === c && r.kind === 'attack');
    await extractFeatures(
      join(FIXTURES, c),
      (row) => {
        if (selected && !own.some((r) => matches(r, rowEnds(row)))) return;
        if (into instanceof TrainingRows) return into.add(row);
        const x = new Float32Array(into.width);
        into.encode(row, x, 0);
        out.push(x);
      },
      { set: 'extended' },
    );
  }
  return out;
}

function pack(rows: Float32Array[], w: number): Float32Array {
  const X = new Float32Array(rows.length * w);
  rows.forEach((x, i) => X.set(x, i * w));
  return X;
}

const table: (string | number)[][] = [];
for (const c of CANDIDATES) {
  const params = { nTrees: 100, seed: 0, ...c };
  const fit = { params, falseAlarmRate: 0.01, holdout: 0.2 };
  let flagged = 0;
  let total = 0;
  for (const out of benign) {
    const rest = new TrainingRows();
    await rowsOf(
      benign.filter((b) => b !== out),
      rest,
    );
    const b = fitBaseline(rest.matrix, rest.rows, rest.width, fit);
    const enc = new RowEncoder({
      featureNames: BASELINE_FEATURES,
      featureCategories: rest.categories(),
    });
    const held = await rowsOf([out], enc);
    const s = isolationScores(b.forest, pack(held, enc.width), held.length);
    for (const v of s) if (v >= b.threshold.value) flagged++;
    total += held.length;
  }
  const first = new TrainingRows();
  const second = benign.filter((c) => c.includes('_2.'));
  await rowsOf(
    benign.filter((c) => !second.includes(c)),
    first,
  );
  const bf = fitBaseline(first.matrix, first.rows, first.width, fit);
  const e1 = new RowEncoder({
    featureNames: BASELINE_FEATURES,
    featureCategories: first.categories(),
  });
  const again = await rowsOf(second, e1);
  let fa = 0;
  for (const v of isolationScores(bf.forest, pack(again, e1.width), again.length))
    if (v >= bf.threshold.value) fa++;
  const all = new TrainingRows();
  await rowsOf(benign, all);
  const b = fitBaseline(all.matrix, all.rows, all.width, fit);
  const enc = new RowEncoder({
    featureNames: BASELINE_FEATURES,
    featureCategories: all.categories(),
  });
  const att = await rowsOf(attacks, enc, true);
  const s = isolationScores(b.forest, pack(att, enc.width), att.length);
  let hit = 0;
  for (const v of s) if (v >= b.threshold.value) hit++;
  table.push([
    c.extensionLevel,
    c.sampleSize,
    `${((100 * fa) / again.length).toFixed(2)} % of ${again.length}`,
    `${((100 * flagged) / total).toFixed(2)} % of ${total}`,
    `${((100 * hit) / att.length).toFixed(2)} % of ${att.length}`,
  ]);
}
printTable(
  [
    'extension level',
    'ψ',
    'second benign runs flagged',
    'unseen benign kinds flagged (leave one capture out)',
    'train attacks flagged',
  ],
  table,
);
