// The one metrics module (src/kdd/metrics.ts): accuracy on class indices and confusion matrices
// between named classes, exact values.
import { describe, expect, it } from 'vitest';
import { accuracy, confusion, confusionAccuracy } from '../../src/kdd/metrics.js';

describe('metrics', () => {
  it('accuracy on class indices', () => {
    expect(accuracy([0, 1, 2, 2], [0, 2, 2, 2])).toBe(0.75);
    expect(accuracy([], [])).toBeNaN();
    expect(() => accuracy([0], [0, 1])).toThrow(RangeError);
  });

  it('confusion counts (true, predicted) pairs and its accuracy is the matching diagonal', () => {
    const c = confusion([0, 1, 2, 2], [0, 2, 2, 1], ['a', 'b', 'c'], ['a', 'b', 'c']);
    expect(c.counts).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
    ]);
    expect(confusionAccuracy(c)).toBe(0.5);
  });

  it('matches rows to columns by name when the predicted classes differ from the true ones', () => {
    // True labels seen through categories: rows a, z; columns z, a (other order), x.
    const c = confusion([0, 0, 1, 1], [1, 2, 0, 0], ['a', 'z'], ['z', 'a', 'x']);
    expect(c.counts).toEqual([
      [0, 1, 1],
      [2, 0, 0],
    ]);
    expect(confusionAccuracy(c)).toBe(0.75);
  });
});
