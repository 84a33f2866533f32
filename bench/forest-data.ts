/**
 * Data preparation for bench/forest.ts: reads the two KDD fixtures with nad's own reader and
 * encoder, and writes the encoded matrices as raw little-endian files under .bench-data/,
 * so that every peer (nad, scikit-learn, ml-random-forest) trains on exactly the same numbers.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KddEncoder, Vocabulary } from '../src/features/encode.js';
import { readKddInputs } from '../src/kdd/kdd-input.js';
import { categoryIndex, labelCategory } from '../src/kdd/labels.js';

/** Where the cached matrices live (git-ignored). */
export const BENCH_DIR = '.bench-data';

/** Shapes and names of the cached matrices. */
export interface BenchMeta {
  nTrain: number;
  nTest: number;
  nFeatures: number;
  classNames: string[];
  /** Category index (kdd-labels.md order) of each training class. */
  classCategory: number[];
  /** Seconds to read, validate and encode the training file (nad's KDD reader, in process). */
  readSeconds: number;
  /** The same for the test file (frozen vocabularies). */
  testReadSeconds: number;
}

/** Paths of the cached files. */
export const files = {
  meta: join(BENCH_DIR, 'meta.json'),
  trainX: join(BENCH_DIR, 'train.X.f32'),
  trainY: join(BENCH_DIR, 'train.y.u8'),
  testX: join(BENCH_DIR, 'test.X.f32'),
  testCat: join(BENCH_DIR, 'test.cat.u8'),
};

/** Reads and encodes the KDD fixtures into the cache (reused only when `reuse` is set). */
export async function prepareBenchData(
  trainPath: string,
  testPath: string,
  reuse = false,
): Promise<BenchMeta> {
  if (reuse && existsSync(files.meta))
    return JSON.parse(readFileSync(files.meta, 'utf8')) as BenchMeta;
  mkdirSync(BENCH_DIR, { recursive: true });
  const t0 = performance.now();
  const train = (await readKddInputs([trainPath], new KddEncoder())).matrix;
  const t1 = performance.now();
  const frozen = train.symbolVocabularies.map((v) => new Vocabulary(v.list(), true));
  const test = (await readKddInputs([testPath], new KddEncoder(frozen))).matrix;
  const readSeconds = (t1 - t0) / 1000;
  const testReadSeconds = (performance.now() - t1) / 1000;
  const catOf = (label: string): number => categoryIndex(labelCategory(label) ?? 'normal');
  const testCat = Uint8Array.from(test.y, (c) => catOf(test.labels.list()[c]!));
  writeFileSync(files.trainX, train.X);
  writeFileSync(files.trainY, Uint8Array.from(train.y));
  writeFileSync(files.testX, test.X);
  writeFileSync(files.testCat, testCat);
  const meta: BenchMeta = {
    nTrain: train.nRows,
    nTest: test.nRows,
    nFeatures: 41,
    classNames: [...train.labels.list()],
    classCategory: train.labels.list().map(catOf),
    readSeconds,
    testReadSeconds,
  };
  writeFileSync(files.meta, JSON.stringify(meta, null, 2));
  return meta;
}

/** Loads a cached Float32 matrix. */
export function loadF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Loads a cached byte vector. */
export function loadU8(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Rows floor(i × nRows / n), i = 0..n−1 (all rows when n ≥ nRows): the same for every peer. */
export function subsample(
  X: Float32Array,
  y: Uint8Array,
  n: number,
): { X: Float32Array; y: Uint8Array } {
  const p = X.length / y.length;
  if (n >= y.length) return { X, y };
  const outX = new Float32Array(n * p);
  const outY = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.floor((i * y.length) / n);
    outX.set(X.subarray(r * p, (r + 1) * p), i * p);
    outY[i] = y[r]!;
  }
  return { X: outX, y: outY };
}
