/**
 * Makes `nad scan`'s default model (issue 12): a forest over the KDD 41 + extended features
 * (docs/extended-features.md) trained on labelled captures only — the lab runs of
 * fixtures/lab/train, the captures of fixtures/training and the train split of the shared corpus
 * (bench/realworld/corpus-labels.tsv) — with the 5 KDD categories as target and the attack score
 * 1 − P(normal). No KDD Cup rows: they have no extended features, and a forest would learn
 * "looks like 1998 = attack" from them. Content-only kinds (exploit, other-attack) are left out.
 *
 * The default threshold is then chosen on the validation split's benign connections (corpus
 * validation benign + lab validation benign): the lowest two-decimal threshold that flags at most
 * --fa of them; it is stored in the model with what it means.
 *
 * Usage: node dist/bench/scan-model/train.js [--out models/scan-default.nadm] [--corpus DIR]
 *   [--trees 100] [--seed 0] [--cap 300] [--balance down|equal] [--weighting none|binary]
 *   [--min-leaf 5] [--fa 0.01] [--jobs N]
 * The defaults are the settings bench/scan-model/cv.ts chose on the train split.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCAN_MODEL_NAME, defaultModelPath, writeModelFile } from '../../src/io/model-file.js';
import { serializeModel, type JsonValue, type ModelInfo } from '../../src/model/serialize.js';
import { metaToJson } from '../../src/kdd/model-meta.js';
import { scanThresholdJson, describeThreshold } from '../../src/rows/scan-threshold.js';
import {
  OUT_OF_SCOPE,
  SCENARIO_CATEGORY,
  parseCorpusLabels,
  parseLabLabels,
  type RealworldRule,
} from '../lib/realworld-labels.js';
import { labelledCaptures } from './labelled-rows.js';
import {
  SCAN_RULES,
  chooseThreshold,
  fitScanForest,
  scoreRows,
  trainingRows,
  type Balance,
} from './fit.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const out = arg('--out', defaultModelPath(SCAN_MODEL_NAME));
const corpusDir = arg('--corpus', '../shared/corpus');
const settings = {
  trees: Number(arg('--trees', '100')),
  seed: Number(arg('--seed', '0')),
  cap: Number(arg('--cap', '300')),
  minLeaf: Number(arg('--min-leaf', '5')),
  weighting: arg('--weighting', 'none') as 'binary' | 'none',
  jobs: process.argv.includes('--jobs') ? Number(arg('--jobs', '1')) : undefined,
};
const fa = Number(arg('--fa', '0.01'));

const LABEL_FILES = ['fixtures/lab/labels.tsv', 'fixtures/training/labels.tsv'];
const rules: RealworldRule[] = LABEL_FILES.flatMap((f) =>
  parseLabLabels(readFileSync(f, 'utf8'), f),
);
const CORPUS_LABELS = 'bench/realworld/corpus-labels.tsv';
if (!existsSync(join(corpusDir, 'MANIFEST.tsv'))) {
  console.error(`corpus not found at ${corpusDir} (--corpus DIR): the model needs its train split`);
  process.exit(2);
}
rules.push(...parseCorpusLabels(readFileSync(CORPUS_LABELS, 'utf8'), CORPUS_LABELS));

const inScope = (r: RealworldRule): boolean =>
  !OUT_OF_SCOPE.has(r.scenario) && r.scenario !== 'other-attack';
const t0 = performance.now();
const train = await labelledCaptures(
  rules.filter((r) => r.split === 'train' && inScope(r)),
  corpusDir,
);
const set = trainingRows(train, settings.cap, arg('--balance', 'down') as Balance);
console.log(
  `training: ${train.length} captures, ${set.rows.length} rows (${set.classes
    .map((c, k) => `${c} ${set.counts[k]}`)
    .join(', ')}); read in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const fitted = await fitScanForest(set, settings);
console.log(`fitted ${settings.trees} trees in ${fitted.seconds.toFixed(1)} s`);

const validation = await labelledCaptures(
  rules.filter((r) => r.split === 'validation' && r.kind === 'benign'),
  corpusDir,
);
const benign = validation.flatMap((c) => c.rows.map((r) => r.row));
const scores = scoreRows(fitted.forest, fitted.info, benign);
const threshold = {
  ...chooseThreshold(scores, fa),
  target: fa,
  connections: benign.length,
  files: validation.filter((c) => c.rows.length > 0).length,
  basis: 'validation benign',
};
console.log(describeThreshold(threshold));

const sha = createHash('sha256');
for (const c of train) sha.update(`${c.set}:${c.capture}\n`);
const info: ModelInfo = {
  ...fitted.info,
  provenance: {
    rowCount: set.rows.length,
    fileSha256: sha.digest('hex'),
    source: `train split of ${[...LABEL_FILES, CORPUS_LABELS].join(', ')} (${train.length} captures)`,
  },
  metrics: {
    ...(metaToJson({
      target: 'category',
      decision: 'argmax',
      classCounts: set.counts,
      oob: null,
    }) as {
      kdd: JsonValue;
    }),
    scan: { ...(scanThresholdJson(threshold) as object), ...SCAN_RULES.scan },
  },
};
await writeModelFile(out, serializeModel(fitted.forest, info));
console.log(`wrote ${out}; expected categories: ${JSON.stringify(SCENARIO_CATEGORY)}`);
