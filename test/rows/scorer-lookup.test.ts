/**
 * Scorer with a RowLookup (what ScanLineWriter is to it when every anomaly is written): the rows
 * the lookup knows take its score and class, the others are scored as without it, and every row
 * is asked for once, in order.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/app/features/features.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import { readModelFile } from '../../src/io/model-file.js';
import { bareLabel } from '../../src/kdd/labels.js';
import type { ModelFile } from '../../src/model/serialize.js';
import { RowBatch } from '../../src/rows/row-batch.js';
import { Scorer, type RowLookup } from '../../src/rows/scorer.js';
import { PCAPS } from '../helpers/fixtures.js';

let model: ModelFile;
const rows: FeatureRow[] = [];
beforeAll(async () => {
  model = await readModelFile('fixtures/models/kdd-sample-20trees.nadm');
  const copy = new RowBatch(1);
  await extractFeatures(join(PCAPS, 'attack/syn_flood_spoofed.pcap'), (row) => {
    copy.put(0, row);
    rows.push(copy.row(0));
  });
});

/** Score, label and start time of each row, scored with `lookup`. */
function scoreAll(lookup?: RowLookup): [number, string, number][] {
  const out: [number, string, number][] = [];
  const scorer = new Scorer(
    model,
    (s) => out.push([s.score, s.attackLabel, s.startMicros]),
    undefined,
    lookup,
  );
  for (const row of rows) scorer.add(row);
  scorer.flush();
  return out;
}

describe('Scorer with a RowLookup', () => {
  it('takes the score and class of the rows the lookup knows, scores the others', () => {
    const plain = scoreAll();
    expect(rows.length).toBeGreaterThan(3000);
    let asked = 0;
    const starts: number[] = [];
    const lookup: RowLookup = {
      score: 0.25,
      best: 0,
      has(batch: RowBatch, i: number): boolean {
        starts.push(batch.start(i));
        return asked++ % 3 === 0;
      },
    };
    const got = scoreAll(lookup);
    expect(asked).toBe(rows.length);
    expect(starts).toEqual(plain.map((p) => p[2]));
    const label0 = bareLabel(model.info.classNames[0]!);
    for (let k = 0; k < rows.length; k++)
      expect(got[k]).toEqual(k % 3 === 0 ? [0.25, label0, plain[k]![2]] : plain[k]);
    // The lookup changed something: the plain scores are not all 0.25.
    expect(plain.filter((p, k) => k % 3 === 0 && p[0] !== 0.25).length).toBeGreaterThan(0);
  });
});
