import { describe, expect, it } from 'vitest';
import {
  attackContributions,
  attackContributionsOf,
  topFeatures,
} from '../../src/model/explain.js';
import { Forest } from '../../src/model/forest.js';
import { resolveParams } from '../../src/model/params.js';
import type { Tree } from '../../src/model/tree-store.js';

/**
 * Two trees over 2 features and classes [normal, attack]. Tree A: x0 ≤ 0.5 → leaf (0.8, 0.2);
 * else x1 ≤ 1.5 → leaf (0.5, 0.5), else leaf (0, 1). Tree B: one leaf (0.4, 0.6).
 * P(attack) per node of A as leaf means: root (0.2 + 0.5 + 1) / 3, right child 0.75.
 */
const A: Tree = {
  feature: Int32Array.of(0, -1, 1, -1, -1),
  threshold: Float32Array.of(0.5, 0, 1.5, 0, 0),
  left: Int32Array.of(1, -1, 3, -1, -1),
  right: Int32Array.of(2, -1, 4, -1, -1),
  leaf: Int32Array.of(-1, 0, -1, 1, 2),
  value: Float32Array.of(0.8, 0.2, 0.5, 0.5, 0, 1),
};
const B: Tree = {
  feature: Int32Array.of(-1),
  threshold: Float32Array.of(0),
  left: Int32Array.of(-1),
  right: Int32Array.of(-1),
  leaf: Int32Array.of(0),
  value: Float32Array.of(0.4, 0.6),
};
const forest = new Forest(
  resolveParams({ nEstimators: 2 }),
  2,
  2,
  [A, B],
  new Float64Array(2),
  null,
);
const root = (0.2 + 0.5 + 1) / 3;

describe('attackContributions', () => {
  it('adds P(child) − P(node) per split, averaged over trees', () => {
    const c = attackContributions(forest, Float32Array.of(1, 2), 0);
    expect(c[0]).toBeCloseTo((0.75 - root) / 2, 6);
    expect(c[1]).toBeCloseTo((1 - 0.75) / 2, 6);
    // Telescoping: the contributions of tree A sum to P(leaf) − P(root).
    expect(c[0]! + c[1]!).toBeCloseTo((1 - root) / 2, 6);
  });

  it('is negative for a feature that pushed the row towards normal', () => {
    const c = attackContributions(forest, Float32Array.of(0, 9), 0);
    expect(c[0]).toBeCloseTo((0.2 - root) / 2, 6);
    expect(c[1]).toBe(0);
    expect(topFeatures(c, 3)).toEqual([]);
    expect(
      topFeatures(
        Float64Array.from(c, (v) => -v),
        3,
      ),
    ).toEqual([0]);
  });

  it('takes the normal class from the caller (cached per tree and class)', () => {
    const c = attackContributions(forest, Float32Array.of(1, 2), 1);
    // With class 1 as "normal", P(attack) of a leaf is its class-0 frequency.
    const root1 = (0.8 + 0.5 + 0) / 3;
    expect(c[0]).toBeCloseTo((0.25 - root1) / 2, 6);
    expect(c[1]).toBeCloseTo((0 - 0.25) / 2, 6);
  });
});

describe('attackContributionsOf', () => {
  it('gives each listed row of a matrix exactly its attackContributions, in list order', () => {
    const X = Float32Array.of(1, 2, 0, 9, 1, 1);
    const out = new Float64Array(3 * 2).fill(7); // overwritten, not added to
    attackContributionsOf(forest, X, Int32Array.of(2, 0, 1), 3, 0, out);
    const one = (r: number): number[] => [
      ...attackContributions(forest, X.slice(2 * r, 2 * r + 2), 0),
    ];
    expect([...out]).toEqual([...one(2), ...one(0), ...one(1)]);
    expect(out[1]).toBeCloseTo((0.5 - 0.75) / 2, 6); // row 2: x1 = 1 ≤ 1.5, leaf (0.5, 0.5)
  });
});

describe('topFeatures', () => {
  it('returns the n largest positive weights, largest first, ties by lower index', () => {
    expect(topFeatures(Float64Array.of(0.1, 0.5, -1, 0.5, 0.3, 0), 3)).toEqual([1, 3, 4]);
    expect(topFeatures(Float64Array.of(0, -2), 3)).toEqual([]);
  });
});
