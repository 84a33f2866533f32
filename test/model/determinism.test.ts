// Same seed → same bytes; the number of worker threads never changes the model (issue 3).
import { describe, expect, it } from 'vitest';
import { fitForest } from '../../src/model/forest.js';
import { serializeModel } from '../../src/model/serialize.js';
import { toyData, toyForest, toyInfo } from './helpers.js';

describe('forest determinism', () => {
  it('the same seed gives identical model bytes, another seed different ones', async () => {
    const a = serializeModel(await toyForest(1), toyInfo);
    const b = serializeModel(await toyForest(1), toyInfo);
    const c = serializeModel(await toyForest(1, { seed: 2 }), toyInfo);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('jobs = 1 and jobs = 2 give identical model bytes', async () => {
    const one = serializeModel(await toyForest(1, { nEstimators: 9 }), toyInfo);
    const two = serializeModel(await toyForest(2, { nEstimators: 9 }), toyInfo);
    expect(Buffer.from(two).equals(Buffer.from(one))).toBe(true);
  });

  it('parallel prediction of a large batch equals prediction on the calling thread', async () => {
    const forest = await toyForest(1);
    const { X } = toyData(25_000, 7);
    const serial = forest.predictProba(X);
    const parallel = await forest.predictProbaAsync(X, 25_000, 2);
    expect(Buffer.from(parallel.buffer).equals(Buffer.from(serial.buffer))).toBe(true);
  });

  it('identical rows are grouped without changing the trees', async () => {
    const { X, y } = toyData(200);
    const doubledX = new Float32Array(1600);
    doubledX.set(X);
    doubledX.set(X, 800);
    const doubled = await fitForest(
      doubledX,
      [...y, ...y],
      4,
      3,
      { nEstimators: 4, bootstrap: false },
      { jobs: 1 },
    );
    // Without bootstrap every row counts twice: same splits as once, same frequencies.
    const once = await fitForest(X, y, 4, 3, { nEstimators: 4, bootstrap: false }, { jobs: 1 });
    expect(Array.from(doubled.predictProba(X))).toEqual(Array.from(once.predictProba(X)));
  });
});
