// oob.ts (OOB probabilities) and the onProgress callback of fitForest (added for `nad train`).
import { describe, expect, it } from 'vitest';
import { fitForest } from '../../src/model/forest.js';
import { oobProba } from '../../src/model/oob.js';
import { toyData } from './helpers.js';

describe('oobProba and onProgress', () => {
  it('OOB probabilities sum to 1 where a tree left the row out; argmax gives the oobScore', async () => {
    const { X, y } = toyData(300);
    const forest = await fitForest(X, y, 4, 3, { nEstimators: 8, oobScore: true }, { jobs: 1 });
    const { proba, votes } = oobProba(forest, X, 300);
    let seen = 0;
    let ok = 0;
    for (let r = 0; r < 300; r++) {
      const row = Array.from(proba.subarray(r * 3, r * 3 + 3));
      if (votes[r] === 0) {
        expect(row).toEqual([0, 0, 0]);
        continue;
      }
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      seen++;
      if (row.indexOf(Math.max(...row)) === y[r]) ok++;
    }
    expect(ok / seen).toBe(forest.oobScore);
  });

  it('onProgress is called once per tree with (built, total), serially and in parallel', async () => {
    const { X, y } = toyData(200);
    for (const jobs of [1, 2]) {
      const calls: [number, number][] = [];
      await fitForest(
        X,
        y,
        4,
        3,
        { nEstimators: 5 },
        { jobs, onProgress: (b, t) => calls.push([b, t]) },
      );
      expect(calls).toEqual([1, 2, 3, 4, 5].map((b) => [b, 5]));
    }
  });
});
