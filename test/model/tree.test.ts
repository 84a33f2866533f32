// Histogram subtraction and duplicate-row grouping are exact: they never change a tree.
import { describe, expect, it } from 'vitest';
import { encodeKddRows } from '../../src/features/encode.js';
import { readKddRows } from '../../src/kdd/kdd-csv.js';
import { codeRows, computeEdges } from '../../src/model/bins.js';
import { groupRows } from '../../src/model/groups.js';
import type { TrainingSet, TreeOptions } from '../../src/model/training-set.js';
import { buildTree } from '../../src/model/tree.js';

const m = await encodeKddRows(readKddRows('fixtures/kdd/kdd-sample-20000.csv.gz').rows);
const y = Uint8Array.from(m.y);
const edges = computeEdges(m.X, m.nRows, 41);

function trainingSet(first: Int32Array, groupOf: Int32Array): TrainingSet {
  return {
    nRows: m.nRows,
    nGroups: first.length,
    nFeatures: 41,
    nClasses: m.labels.size,
    groupOf,
    codes: codeRows(m.X, 41, first, edges),
    edges,
    y: Uint8Array.from(first, (r) => y[r]!),
    classWeight: new Float64Array(m.labels.size).fill(1),
  };
}

const opts: TreeOptions = {
  criterion: 'gini',
  maxDepth: 1e9,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 6,
  bootstrap: true,
  seed: 11,
};

describe('tree builder', () => {
  const groups = groupRows(m.X, m.nRows, 41, y);
  const grouped = trainingSet(groups.first, groups.groupOf);

  it('groups the duplicate rows of the sample', () => {
    expect(groups.nGroups).toBeLessThan(m.nRows / 2);
  });

  it('gives the same trees with and without sibling subtraction', () => {
    for (let t = 0; t < 3; t++) {
      const never = buildTree(grouped, { ...opts, keepHistogramRows: Infinity }, t);
      const always = buildTree(grouped, { ...opts, keepHistogramRows: 0 }, t);
      const usual = buildTree(grouped, opts, t);
      expect(always).toEqual(never);
      expect(usual).toEqual(never);
    }
  });

  it('gives the same trees with and without grouping identical rows', () => {
    const identity = Int32Array.from({ length: m.nRows }, (_, i) => i);
    const ungrouped = trainingSet(identity, identity);
    for (let t = 0; t < 3; t++)
      expect(buildTree(grouped, opts, t)).toEqual(buildTree(ungrouped, opts, t));
  });
});
