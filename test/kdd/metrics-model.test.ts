// Metrics on class indices.
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  confusionAccuracy,
  confusionMatrix,
  mapClasses,
} from '../../src/model/metrics.js';

describe('metrics', () => {
  it('computes accuracy, confusion matrices and mapped classes exactly', () => {
    expect(accuracy([0, 1, 2, 2], [0, 2, 2, 2])).toBe(0.75);
    const m = confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1], 3);
    expect(m).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
    ]);
    expect(confusionAccuracy(m)).toBe(0.5);
    expect(Array.from(mapClasses([0, 1, 2], [4, 4, 0]))).toEqual([4, 4, 0]);
    expect(() => confusionMatrix([3], [0], 3)).toThrow(RangeError);
  });
});
