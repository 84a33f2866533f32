// A 20-tree forest on the fixed 20,000-row KDD sample, split 80/20 by row index (issue 3).
import { describe, expect, it } from 'vitest';
import { encodeKddRows } from '../../src/features/encode.js';
import { readKddRows } from '../../src/kdd/kdd-csv.js';
import { fitForest } from '../../src/model/forest.js';
import { accuracy } from '../../src/kdd/metrics.js';

describe('forest on the KDD sample', () => {
  it('reaches ≥ 99 % accuracy on the held-out 20 %', async () => {
    const m = await encodeKddRows(readKddRows('fixtures/kdd/kdd-sample-20000.csv.gz').rows);
    expect(m.nRows).toBe(20_000);
    const p = 41;
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < m.nRows; i++) (i % 5 === 4 ? testRows : trainRows).push(i);
    const take = (rows: number[]): Float32Array => {
      const out = new Float32Array(rows.length * p);
      rows.forEach((r, i) => out.set(m.X.subarray(r * p, (r + 1) * p), i * p));
      return out;
    };
    const yTrain = trainRows.map((r) => m.y[r]!);
    const yTest = testRows.map((r) => m.y[r]!);
    const forest = await fitForest(
      take(trainRows),
      yTrain,
      p,
      m.labels.size,
      { nEstimators: 20, seed: 7 },
      { jobs: 2 },
    );
    const acc = accuracy(yTest, forest.predict(take(testRows)));
    expect(acc).toBeGreaterThanOrEqual(0.99);
  });
});
