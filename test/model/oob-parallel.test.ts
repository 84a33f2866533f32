// OOB scoring on worker threads (oob.ts, row ranges) gives the same bits as on one thread, and
// rows with equal values (scored once per group) get what each would get alone.
import { describe, expect, it } from 'vitest';
import { Forest, fitForest } from '../../src/model/forest.js';
import { PARALLEL_OOB_ROWS, oobProba, oobProbaAsync } from '../../src/model/oob.js';
import { toyData } from './helpers.js';

describe('OOB probabilities on worker threads', () => {
  it('are bit for bit those of one thread, for 2 and 3 threads', async () => {
    const n = PARALLEL_OOB_ROWS + 1_001;
    const { X, y } = toyData(n);
    // Repeated rows (equal values, as in the KDD files) and the leaves' fractions both count.
    for (let r = 0; r < n; r += 7) X.copyWithin(r * 4, 0, 4);
    const forest = await fitForest(X, y, 4, 3, { nEstimators: 6, minSamplesLeaf: 5 }, { jobs: 2 });
    const one = oobProba(forest, X, n);
    expect(one.votes.filter((v) => v > 0).length).toBe(47_676); // the rest were drawn by all 6 trees
    for (const jobs of [2, 3]) {
      const many = await oobProbaAsync(forest, X, n, jobs);
      expect(Buffer.from(many.proba.buffer).equals(Buffer.from(one.proba.buffer))).toBe(true);
      expect(Array.from(many.votes)).toEqual(Array.from(one.votes));
    }
  });

  it('the bootstraps fitting recorded give what replaying them gives (a loaded forest)', async () => {
    const { X, y } = toyData(3_000);
    for (const jobs of [1, 2]) {
      const fitted = await fitForest(X, y, 4, 3, { nEstimators: 7 }, { jobs });
      expect(fitted.oobMasks).toHaveLength(7);
      const { params, nFeatures, nClasses, trees, importances } = fitted;
      const loaded = new Forest(params, nFeatures, nClasses, trees, importances, null);
      expect(loaded.oobMasks).toBeNull();
      const recorded = oobProba(fitted, X, 3_000);
      const replayed = oobProba(loaded, X, 3_000);
      expect(Array.from(recorded.votes)).toEqual(Array.from(replayed.votes));
      expect(Buffer.from(recorded.proba.buffer).equals(Buffer.from(replayed.proba.buffer))).toBe(
        true,
      );
    }
    const noBootstrap = await fitForest(
      X,
      y,
      4,
      3,
      { nEstimators: 2, bootstrap: false },
      { jobs: 1 },
    );
    expect(noBootstrap.oobMasks).toBeNull();
  });

  it('small inputs stay on the calling thread with the same result', async () => {
    const { X, y } = toyData(500);
    const forest = await fitForest(X, y, 4, 3, { nEstimators: 5 }, { jobs: 1 });
    const a = oobProba(forest, X, 500);
    const b = await oobProbaAsync(forest, X, 500, 4);
    expect(Array.from(b.proba)).toEqual(Array.from(a.proba));
    expect(Array.from(b.votes)).toEqual(Array.from(a.votes));
  });
});
