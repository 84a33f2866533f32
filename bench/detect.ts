/**
 * `npm run bench:detect [-- --model FILE] [--threshold P]` — detection quality of a model on the
 * labelled captures of fixtures/detection/labels.tsv (issue 7): for attack captures the share of
 * the attack's connections flagged (target ≥ 80 %), for benign captures the share of connections
 * flagged (target ≤ 5 %), with the predicted categories. The threshold is the model's own
 * (0.5 for a model without one) unless --threshold is given.
 */
import { readFileSync } from 'node:fs';
import { evaluateDetection, parseLabels } from './lib/ground-truth.js';
import { SCAN_MODEL_NAME, defaultModelPath, readModelFile } from '../src/io/model-file.js';
import { printTable } from './lib/measure.js';
import { defaultThreshold } from '../src/rows/scan-threshold.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const modelPath = arg('--model') ?? defaultModelPath(SCAN_MODEL_NAME);
const rules = parseLabels(readFileSync('fixtures/detection/labels.tsv', 'utf8'));
const model = await readModelFile(modelPath);
const given = arg('--threshold');
const threshold = given !== undefined ? Number(given) : defaultThreshold(model.info);
const results = await evaluateDetection(rules, 'fixtures/pcaps', model, threshold);
console.log(`model: ${modelPath}; anomaly threshold ${threshold}`);
let failures = 0;
const rows = results.map((r) => {
  const ok = r.kind === 'attack' ? r.rate >= 0.8 : r.rate <= 0.05;
  if (!ok) failures++;
  const predicted = Object.entries(r.predicted)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    r.capture,
    r.kind,
    r.selected,
    r.flagged,
    `${(r.rate * 100).toFixed(1)} %`,
    r.kind === 'attack' ? '≥ 80 %' : '≤ 5 %',
    ok ? 'ok' : 'MISS',
    predicted || '-',
  ];
});
printTable(['capture', 'kind', 'connections', 'flagged', 'rate', 'target', '', 'flagged as'], rows);
console.log(`${results.length - failures} of ${results.length} captures meet their target`);
