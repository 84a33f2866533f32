/**
 * The batch path of novelty scoring (NoveltyScorer.scoreBatch: rows encoded into one matrix, the
 * forest walked as a block in WebAssembly) against the reference one row at a time (score: the
 * stored trees walked per row), on real lab captures: the same scores and "why" for every row,
 * and `nad scan --baseline` (scanFile, which uses the batch path) gives every connection the
 * novelty of the reference.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { baselineOf } from '../../src/app/baseline/baseline-train.js';
import { extractFeatures } from '../../src/app/features/features.js';
import { scanFile } from '../../src/app/scan/scan-file.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import { defaultModelPath, readModelFile, SCAN_MODEL_NAME } from '../../src/io/model-file.js';
import type { Baseline } from '../../src/model/baseline-file.js';
import { TrainingRows } from '../../src/rows/baseline-rows.js';
import { NoveltyScorer } from '../../src/rows/novelty-scorer.js';
import { RowBatch } from '../../src/rows/row-batch.js';

const FIT = {
  params: { nTrees: 60, sampleSize: 256, extensionLevel: 0, seed: 3 },
  falseAlarmRate: 0.01,
  folds: 5,
};
/** Benign and attack connections, some of kinds the baseline never saw. */
const PROBES = [
  'fixtures/lab/validation/benign_web.pcap.gz',
  'fixtures/lab/validation/scan_udp.pcap.gz',
  'fixtures/lab/validation/benign_dns.pcap.gz',
];

/** A copy of `r` (readers reuse their row object). */
function copy(r: FeatureRow): FeatureRow {
  const b = new RowBatch(1);
  b.put(0, r);
  return b.row(0);
}

let baseline: Baseline;
const probes: FeatureRow[] = [];

beforeAll(async () => {
  const rows = new TrainingRows();
  for (const c of ['benign_dns', 'benign_web', 'benign_mixed'])
    await extractFeatures(`fixtures/lab/train/${c}.pcap.gz`, (r) => rows.add(r), {
      set: 'extended',
    });
  baseline = baselineOf(rows, [], FIT);
  for (const p of PROBES)
    await extractFeatures(p, (r) => void probes.push(copy(r)), { set: 'extended' });
}, 60_000);

/** The reference: score and why of each row, one at a time. */
function oneByOne(rows: readonly FeatureRow[]): { scores: number[]; why: string[] } {
  const scorer = new NoveltyScorer(baseline);
  const scores: number[] = [];
  const why: string[] = [];
  for (const r of rows) {
    scores.push(scorer.score(r));
    why.push(scorer.why(r));
  }
  return { scores, why };
}

describe('NoveltyScorer.scoreBatch against score, one row at a time', () => {
  it('gives exactly the same score and why for every row, in batches of any size', () => {
    const want = oneByOne(probes);
    expect(probes.length).toBe(430);
    // both rules occur: new kinds (1) and forest scores
    expect(want.scores.filter((s) => s === 1).length).toBe(252);
    expect(new Set(want.scores).size).toBeGreaterThan(50);
    const scorer = new NoveltyScorer(baseline);
    // 430 rows at once (blocks of 128 and 8 rows side by side, with rows left over), then
    // batches of 1, 7 and 129 rows, one scorer reusing its buffers
    for (const size of [430, 1, 7, 129]) {
      const got: number[] = [];
      const why: string[] = [];
      for (let from = 0; from < probes.length; from += size) {
        const part = probes.slice(from, from + size);
        const batch = new RowBatch(part.length);
        part.forEach((r, i) => batch.put(i, r));
        got.push(...scorer.scoreBatch(batch, part.length).subarray(0, part.length));
        part.forEach((r, i) => why.push(scorer.whyInBatch(i, r)));
      }
      expect(got).toEqual(want.scores);
      expect(why).toEqual(want.why);
    }
  });

  it('nad scan --baseline gives every connection the novelty and why of the reference', async () => {
    const model = await readModelFile(defaultModelPath(SCAN_MODEL_NAME));
    const got: [number, string][] = [];
    const rows: FeatureRow[] = [];
    for (const p of PROBES) {
      await scanFile(p, model, {
        threshold: 0.5,
        all: true,
        failOn: undefined,
        baseline,
        onRecord: (r) => void got.push([r.novelty!, r.noveltyWhy!]),
      });
      await extractFeatures(p, (r) => void rows.push(copy(r)), { set: 'extended' });
    }
    const want = oneByOne(rows);
    expect(got).toEqual(want.scores.map((s, i) => [s, want.why[i]]));
  });
});
