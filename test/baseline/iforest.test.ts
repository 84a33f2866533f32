import { describe, expect, it } from 'vitest';
import { fitIsolationForest, type IsolationParams } from '../../src/model/iforest.js';
import { averagePathLength, anomalyScore } from '../../src/model/iforest-math.js';
import { isolationScore, isolationScores, meanPathLengths } from '../../src/model/iforest-score.js';
import { createRng } from '../../src/model/rng.js';

const params = (p: Partial<IsolationParams> = {}): IsolationParams => ({
  nTrees: 10,
  sampleSize: 256,
  extensionLevel: 0,
  seed: 0,
  ...p,
});

describe('c(n), the average path length of Liu et al. 2008', () => {
  it('has the values scikit-learn computes', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(3)).toBeCloseTo(1.207392357589623, 14);
    expect(averagePathLength(256)).toBeCloseTo(10.244770920119917, 12);
    expect(anomalyScore(averagePathLength(256), 256)).toBe(0.5);
  });
});

describe('isolation forest on hand-made data', () => {
  // Every tree of these data sets has the same shape whatever the seed, so the scores are exact:
  // the values are those of scikit-learn's IsolationForest (score_samples negated) on the same rows.
  it('1-D {0, 0, 10}: 0 ends in a leaf of two rows at depth 1, 10 alone at depth 1', () => {
    const X = Float32Array.of(0, 0, 10);
    const f = fitIsolationForest(X, 3, 1, params({ sampleSize: 3 }));
    expect(f.psi).toBe(3);
    expect(f.depth).toBe(2);
    const s = isolationScores(f, Float32Array.of(0, 10, -5, 20), 4);
    expect(Array.from(meanPathLengths(f, Float32Array.of(0, 10), 2))).toEqual([2, 1]);
    expect(s[0]).toBeCloseTo(0.31721604, 7);
    expect(s[1]).toBeCloseTo(0.56321935, 7);
    expect(s[2]).toBeCloseTo(0.31721604, 7);
    expect(s[3]).toBeCloseTo(0.56321935, 7);
  });

  it('2-D, four rows at the origin and one at (7, 0); the constant column is never split', () => {
    const X = Float32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 7, 0);
    const probe = Float32Array.of(0, 0, 7, 0, 0, 3);
    for (const extensionLevel of [0, 1]) {
      const f = fitIsolationForest(X, 5, 2, params({ sampleSize: 5, extensionLevel }));
      const s = isolationScores(f, probe, 3);
      expect(s[0]).toBeCloseTo(0.42766293, 7);
      expect(s[1]).toBeCloseTo(0.74239857, 7);
      expect(s[2]).toBeCloseTo(0.42766293, 7);
    }
  });

  it('caps ψ at the number of rows and the height at ⌈log2 ψ⌉', () => {
    const X = Float32Array.from({ length: 100 }, (_, i) => i);
    const f = fitIsolationForest(X, 100, 1, params());
    expect([f.psi, f.depth, f.nodesPerTree]).toEqual([100, 7, 255]);
  });
});

/** 600 rows of 3 columns from a seeded generator, plus 3 outliers. */
function sample(): { X: Float32Array; n: number } {
  const rng = createRng(42);
  const n = 603;
  const X = new Float32Array(n * 3);
  for (let i = 0; i < 600 * 3; i++) X[i] = Math.fround(rng.nextFloat());
  X.set([5, 0.5, 0.5, 0.5, -4, 0.5, 3, 3, 3], 600 * 3);
  return { X, n };
}

describe('isolation forest on seeded data', () => {
  it('is the same for the same seed, different for another', () => {
    const { X, n } = sample();
    const a = fitIsolationForest(X, n, 3, params({ seed: 7 }));
    const b = fitIsolationForest(X, n, 3, params({ seed: 7 }));
    const c = fitIsolationForest(X, n, 3, params({ seed: 8 }));
    expect(b).toEqual(a);
    expect(c.value).not.toEqual(a.value);
  });

  it('scores the outliers highest, standard and extended', () => {
    const { X, n } = sample();
    for (const extensionLevel of [0, 2]) {
      const f = fitIsolationForest(X, n, 3, params({ nTrees: 100, seed: 1, extensionLevel }));
      const s = isolationScores(f, X, n);
      const order = Array.from(s.keys()).sort((i, j) => s[j]! - s[i]!);
      expect(order.slice(0, 3).sort()).toEqual([600, 601, 602]);
    }
  });

  it('gives these exact scores for seed 1 (a change of the algorithm shows here)', () => {
    const { X, n } = sample();
    const f = fitIsolationForest(X, n, 3, params({ nTrees: 100, seed: 1 }));
    const s = Array.from(isolationScores(f, X.subarray(600 * 3 - 6), 5), (v) => v.toFixed(6));
    expect(s).toEqual(['0.431314', '0.479021', '0.660790', '0.630518', '0.785760']);
  });
});

describe('batch scoring (the compiled walk) against the one-row walk of the stored trees', () => {
  it('gives bit-identical scores for every extension level and any number of rows', () => {
    const { X, n } = sample();
    // 0: axis-parallel (4 rows side by side); 3: hyperplanes of 4 features; 1: any other k.
    for (const extensionLevel of [0, 1, 2, 3]) {
      const f = fitIsolationForest(X, 500, 3, params({ nTrees: 30, seed: 5, extensionLevel }));
      for (const rows of [n, 7, 1]) {
        const batch = isolationScores(f, X, rows);
        const one = Array.from({ length: rows }, (_, r) => isolationScore(f, X, r * 3));
        expect(Array.from(batch)).toEqual(one);
      }
    }
  });

  it('walks a forest with leaves above the last level (duplicated rows) the same way', () => {
    const X = Float32Array.from({ length: 300 * 2 }, (_, i) => (i % 2 === 0 ? i % 7 : 1));
    for (const extensionLevel of [0, 1]) {
      const f = fitIsolationForest(X, 300, 2, params({ nTrees: 20, extensionLevel }));
      expect(Array.from(f.feature).filter((v) => v === -1).length).toBeGreaterThan(0);
      const probe = Float32Array.of(0, 1, 6, 1, 3, 1, -9, 1, 40, 1, 3.5, 0);
      const batch = isolationScores(f, probe, 6);
      expect(Array.from(batch)).toEqual(
        Array.from({ length: 6 }, (_, r) => isolationScore(f, probe, r * 2)),
      );
    }
  });
  it('walks NaN values, depth-1 forests, blocks past 128 rows and forests in turn alike', () => {
    const { X, n } = sample();
    const withNaN = X.slice(0, 300 * 3);
    for (let i = 0; i < withNaN.length; i += 7) withNaN[i] = NaN;
    const wide = fitIsolationForest(X, n, 3, params({ nTrees: 40, seed: 2 }));
    const tiny = fitIsolationForest(X, 2, 3, params({ nTrees: 3, sampleSize: 2 }));
    expect(tiny.depth).toBe(1);
    // each forest in turn is laid out again in the module's memory
    for (const f of [wide, tiny, wide, tiny]) {
      for (const [M, rows] of [
        [withNaN, 300],
        [X, 129],
        [X, 9],
      ] as const) {
        const batch = isolationScores(f, M, rows);
        const one = Array.from({ length: rows }, (_, r) => isolationScore(f, M, r * 3));
        expect(Array.from(batch)).toEqual(one);
      }
    }
  });
});
