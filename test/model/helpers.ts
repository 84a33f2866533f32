// Shared test data for the model tests: a small seeded 3-class problem and a model-info record.
import { fitForest, type Forest } from '../../src/model/forest.js';
import { createRng } from '../../src/model/rng.js';
import type { ModelInfo } from '../../src/model/serialize.js';

/** 3 classes in 4 features (one constant, one categorical-like code, two noisy numbers). */
export function toyData(n: number, seed = 1): { X: Float32Array; y: number[] } {
  const rng = createRng(seed);
  const X = new Float32Array(n * 4);
  const y: number[] = [];
  for (let r = 0; r < n; r++) {
    const c = rng.nextInt(3);
    X[r * 4] = c * 2 + rng.nextFloat() * 3;
    X[r * 4 + 1] = 5;
    X[r * 4 + 2] = (c + rng.nextInt(2)) % 4;
    X[r * 4 + 3] = rng.nextFloat() * 100;
    y.push(c);
  }
  return { X, y };
}

/** A small fitted forest on toyData. */
export function toyForest(jobs = 1, params = {}): Promise<Forest> {
  const { X, y } = toyData(300);
  return fitForest(X, y, 4, 3, { nEstimators: 8, oobScore: true, ...params }, { jobs });
}

/** Info for serialising a toy forest. */
export const toyInfo: ModelInfo = {
  featureNames: ['a', 'const', 'code', 'noise'],
  featureCategories: [null, null, ['w', 'x', 'y', 'z'], null],
  schemaHash: '0123456789abcdef',
  classNames: ['zero', 'one', 'two'],
  provenance: { rowCount: 300, fileSha256: null, source: 'toy' },
  metrics: { oob: 0.9, nested: { list: [1, 2, 3] } },
};
