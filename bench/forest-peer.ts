/**
 * One peer of bench/forest.ts, run in its own process so that its peak RSS is its own:
 * `node dist/bench/forest-peer.js nad|ml-rf <trainRows> <trees> <predictionsOut>`.
 * Trains on a systematic sample of <trainRows> rows of the cached training matrix (all when 0,
 * see subsample() in forest-data.ts), predicts the
 * cached `corrected` matrix, writes the predicted class per test row as bytes, and prints one
 * JSON line: fit seconds, predict seconds, peak RSS in bytes.
 */
import { writeFileSync } from 'node:fs';
import { RandomForestClassifier } from 'ml-random-forest';
import { fitForest } from '../src/model/forest.js';
import { argmaxRows } from '../src/model/predict.js';
import { deserializeModel, serializeModel } from '../src/model/serialize.js';
import { files, loadF32, loadU8, subsample, type BenchMeta } from './forest-data.js';
import { readFileSync } from 'node:fs';

const [peer, rowsArg, treesArg, outPath] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(files.meta, 'utf8')) as BenchMeta;
const p = meta.nFeatures;
const nTrain = Number(rowsArg) || meta.nTrain;
const trees = Number(treesArg);
const { X, y } = subsample(loadF32(files.trainX), loadU8(files.trainY), nTrain);
const testX = loadF32(files.testX);

interface Run {
  fit: number;
  predict: number;
  pred: Uint8Array;
  model?: { bytes: number; saveSeconds: number; loadSeconds: number };
}

async function runNad(): Promise<Run> {
  const t0 = performance.now();
  const forest = await fitForest(X, y, p, meta.classNames.length, { nEstimators: trees, seed: 1 });
  const t1 = performance.now();
  const proba = await forest.predictProbaAsync(testX, meta.nTest);
  const pred = Uint8Array.from(argmaxRows(proba, forest.nClasses));
  const t2 = performance.now();
  const info = {
    featureNames: Array.from({ length: p }, (_, i) => `f${i}`),
    featureCategories: new Array<null>(p).fill(null),
    schemaHash: 'bench',
    classNames: meta.classNames,
    provenance: { rowCount: nTrain, fileSha256: null, source: 'bench' },
    metrics: null,
  };
  const bytes = serializeModel(forest, info);
  const t3 = performance.now();
  deserializeModel(bytes);
  const model = {
    bytes: bytes.length,
    saveSeconds: (t3 - t2) / 1000,
    loadSeconds: (performance.now() - t3) / 1000,
  };
  return { fit: (t1 - t0) / 1000, predict: (t2 - t1) / 1000, pred, model };
}

function runMl(): Run {
  const rows: number[][] = [];
  for (let r = 0; r < nTrain; r++) rows.push(Array.from(X.subarray(r * p, (r + 1) * p)));
  const t0 = performance.now();
  const rf = new RandomForestClassifier({
    nEstimators: trees,
    seed: 1,
    maxFeatures: Math.floor(Math.sqrt(p)) / p,
  });
  rf.train(rows, Array.from(y));
  const t1 = performance.now();
  const test: number[][] = [];
  for (let r = 0; r < meta.nTest; r++) test.push(Array.from(testX.subarray(r * p, (r + 1) * p)));
  const t2 = performance.now();
  const pred = Uint8Array.from(rf.predict(test) as number[]);
  const t3 = performance.now();
  return { fit: (t1 - t0) / 1000, predict: (t3 - t2) / 1000, pred };
}

const r = peer === 'nad' ? await runNad() : runMl();
writeFileSync(outPath!, r.pred);
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(
  JSON.stringify({
    fitSeconds: r.fit,
    predictSeconds: r.predict,
    maxRssBytes: maxRss,
    model: r.model,
  }),
);
