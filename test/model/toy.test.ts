// Exact toy problems for the forest (issue 3, "Tests"): known trees and predictions.
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/common/errors.js';
import { fitForest } from '../../src/model/forest.js';
import { resolveParams } from '../../src/model/params.js';

const exact = { bootstrap: false, maxFeatures: 'all', nEstimators: 3 } as const;

describe('forest on toy problems', () => {
  it('splits a separable 2-D set at the midpoint and predicts new points', async () => {
    const X = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);
    const forest = await fitForest(X, [0, 0, 1, 1], 2, 2, exact, { jobs: 1 });
    for (const tree of forest.trees) {
      expect(Array.from(tree.feature)).toEqual([0, -1, -1]);
      expect(tree.threshold[0]).toBe(0.5);
      expect(Array.from(tree.left)).toEqual([1, -1, -1]);
      expect(Array.from(tree.right)).toEqual([2, -1, -1]);
      expect(Array.from(tree.value)).toEqual([1, 0, 0, 1]);
    }
    const test = Float32Array.of(0.2, 5, 0.7, -3, 0.5, 0, 0.50001, 0);
    expect(Array.from(forest.predict(test))).toEqual([0, 1, 0, 1]);
    expect(Array.from(forest.predictProba(test))).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
    expect(Array.from(forest.importances)).toEqual([1, 0]);
  });

  it('learns four quadrants exactly with both criteria', async () => {
    const X: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 40; i++) {
      const a = (i % 2) * 10 + (i % 7);
      const b = (Math.floor(i / 2) % 2) * 10 + (i % 5);
      X.push(a, b);
      y.push(2 * Number(a >= 10) + Number(b >= 10));
    }
    const test = Float32Array.of(1, 1, 1, 12, 12, 1, 12, 12, 7.9, 6.9);
    for (const criterion of ['gini', 'entropy'] as const) {
      const forest = await fitForest(
        Float32Array.from(X),
        y,
        2,
        4,
        { criterion, nEstimators: 10, seed: 3 },
        { jobs: 1 },
      );
      expect(Array.from(forest.predict(Float32Array.from(X)))).toEqual(y);
      expect(Array.from(forest.predict(test))).toEqual([0, 1, 2, 3, 0]);
    }
  });

  it('a pure node is a single leaf', async () => {
    const forest = await fitForest(Float32Array.of(1, 2, 3, 4), [1, 1, 1, 1], 1, 3, exact, {
      jobs: 1,
    });
    for (const t of forest.trees) expect(Array.from(t.feature)).toEqual([-1]);
    expect(Array.from(forest.predictProba(Float32Array.of(-100, 100)))).toEqual([0, 1, 0, 0, 1, 0]);
    expect(Array.from(forest.importances)).toEqual([0]);
  });

  it('a single class predicts that class with probability 1', async () => {
    const forest = await fitForest(Float32Array.of(5, 6, 7), [0, 0, 0], 1, 1, {}, { jobs: 1 });
    expect(Array.from(forest.predictProba(Float32Array.of(0, 9)))).toEqual([1, 1]);
    expect(Array.from(forest.predict(Float32Array.of(0)))).toEqual([0]);
  });

  it('duplicate rows with different labels give leaf frequencies', async () => {
    const X = Float32Array.of(1, 1, 1, 1, 1, 1, 1, 1, 2, 2);
    const forest = await fitForest(X, [0, 0, 0, 1, 1], 2, 2, exact, { jobs: 1 });
    // The four (1,1) rows cannot be split: 3 × class 0, 1 × class 1.
    expect(Array.from(forest.predictProba(Float32Array.of(1, 1)))).toEqual([0.75, 0.25]);
    expect(Array.from(forest.predictProba(Float32Array.of(2, 2)))).toEqual([0, 1]);
  });

  it('skips constant features when sampling one feature per split', async () => {
    const X: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 30; i++) {
      X.push(7, 7, i, 7);
      y.push(i < 15 ? 0 : 1);
    }
    const forest = await fitForest(
      Float32Array.from(X),
      y,
      4,
      2,
      { maxFeatures: 1, nEstimators: 5 },
      { jobs: 1 },
    );
    for (const t of forest.trees) expect(t.feature[0]).toBe(2);
    expect(Array.from(forest.importances)).toEqual([0, 0, 1, 0]);
    expect(Array.from(forest.predict(Float32Array.of(7, 7, 3, 7, 7, 7, 20, 7)))).toEqual([0, 1]);
  });

  it('honours maxDepth, minSamplesLeaf and minSamplesSplit', async () => {
    const X = Float32Array.from({ length: 16 }, (_, i) => i);
    const y = Array.from({ length: 16 }, (_, i) => i % 2);
    const shallow = await fitForest(X, y, 1, 2, { ...exact, maxDepth: 2 }, { jobs: 1 });
    expect(shallow.trees[0]!.feature.length).toBeLessThanOrEqual(7);
    const leafy = await fitForest(X, y, 1, 2, { ...exact, minSamplesLeaf: 8 }, { jobs: 1 });
    expect(Array.from(leafy.trees[0]!.feature)).toEqual([0, -1, -1]);
    const noSplit = await fitForest(X, y, 1, 2, { ...exact, minSamplesSplit: 17 }, { jobs: 1 });
    expect(Array.from(noSplit.trees[0]!.feature)).toEqual([-1]);
    const full = await fitForest(X, y, 1, 2, exact, { jobs: 1 });
    expect(Array.from(full.predict(X))).toEqual(y);
  });

  it('applies balanced and explicit class weights to leaf frequencies', async () => {
    const X = Float32Array.of(1, 1, 1, 1);
    const y = [0, 0, 0, 1];
    // balanced: 4 / (2 × 3) for class 0, 4 / (2 × 1) for class 1 → 2 : 2.
    const balanced = await fitForest(
      X,
      y,
      1,
      2,
      { ...exact, classWeight: 'balanced' },
      { jobs: 1 },
    );
    expect(Array.from(balanced.predictProba(Float32Array.of(1)))).toEqual([0.5, 0.5]);
    const explicit = await fitForest(X, y, 1, 2, { ...exact, classWeight: [1, 9] }, { jobs: 1 });
    expect(Array.from(explicit.predictProba(Float32Array.of(1)))).toEqual([0.25, 0.75]);
  });

  it('computes an out-of-bag score', async () => {
    const X = Float32Array.from({ length: 200 }, (_, i) => (i < 100 ? i / 100 : 10 + i / 100));
    const y = Array.from({ length: 200 }, (_, i) => Number(i >= 100));
    const forest = await fitForest(X, y, 1, 2, { nEstimators: 10, oobScore: true }, { jobs: 1 });
    expect(forest.oobScore).toBe(1);
  });

  it('rejects bad parameters and bad input with ModelError', async () => {
    expect(() => resolveParams({ nEstimators: 0 })).toThrow(ModelError);
    expect(() => resolveParams({ maxFeatures: 'half' as 'sqrt' })).toThrow(ModelError);
    expect(() => resolveParams({ bootstrap: false, oobScore: true })).toThrow(ModelError);
    expect(() => resolveParams({ nope: 1 } as never)).toThrow(ModelError);
    await expect(fitForest(Float32Array.of(NaN), [0], 1, 1, {}, { jobs: 1 })).rejects.toThrow(
      ModelError,
    );
    await expect(fitForest(Float32Array.of(1), [2], 1, 2, {}, { jobs: 1 })).rejects.toThrow(
      ModelError,
    );
    await expect(fitForest(Float32Array.of(1), [0, 1], 1, 2, {}, { jobs: 1 })).rejects.toThrow(
      ModelError,
    );
    await expect(
      fitForest(Float32Array.of(1, 2), [0, 1], 1, 2, { classWeight: [1] }, { jobs: 1 }),
    ).rejects.toThrow(ModelError);
  });
});
