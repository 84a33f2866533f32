/**
 * Worker threads for training and batch prediction (issue 3, "Parallel"). Trees are handed out
 * one at a time to `jobs` workers and collected by index; each tree's RNG depends only on
 * (seed, treeIndex), so the forest is byte-identical whatever the number of workers. Large inputs
 * (the binned matrix, the rows to predict) travel in SharedArrayBuffers, never copied per worker.
 *
 * The worker script is the compiled `worker.js` beside this file. When this module runs from its
 * TypeScript source (vitest), the compiled copy under `dist/` is used instead: `npm test` builds
 * first. Callers that cannot rely on that use jobs = 1, which never starts a worker.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { predictProbaInto } from './predict.js';
import type { Tree } from './tree-store.js';
import type { OobForest } from './oob.js';
import type { BuiltTree, TrainingSet, TreeOptions } from './training-set.js';

/** The default number of worker threads: the machine's available parallelism. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** URL of the worker script, for compiled (.js) and source (.ts) runs alike. */
export function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return new URL(here.replace(/\/src\/model\/pool\.ts$/, '/dist/src/model/worker.js'));
  }
  return new URL('./worker.js', here);
}

/** OOB scoring of rows [from, to) into shared `proba` and `votes` (see oob.ts). */
export interface OobInit {
  readonly kind: 'oob';
  readonly forest: OobForest;
  readonly X: Float32Array;
  readonly nRows: number;
  readonly from: number;
  readonly to: number;
  readonly proba: Float32Array;
  readonly votes: Int32Array;
}

/** Messages of the worker protocol (see worker.ts). */
export type WorkerInit =
  | OobInit
  | { kind: 'train'; data: TrainingSet; opts: TreeOptions }
  | {
      kind: 'predict';
      trees: readonly Tree[];
      nClasses: number;
      nFeatures: number;
      X: Float32Array;
      from: number;
      to: number;
      out: Float32Array;
    };

/**
 * Builds trees 0..nTrees−1 on `jobs` worker threads; result i is tree i. `onProgress` is called
 * with (trees built, nTrees) as each tree arrives.
 */
export function buildTreesParallel(
  data: TrainingSet,
  opts: TreeOptions,
  nTrees: number,
  jobs: number,
  onProgress?: (built: number, total: number) => void,
): Promise<BuiltTree[]> {
  const results = new Array<BuiltTree>(nTrees);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  return new Promise<BuiltTree[]>((resolve, reject) => {
    const fail = (err: unknown): void => {
      for (const w of workers) void w.terminate();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const init: WorkerInit = { kind: 'train', data, opts };
    for (let j = 0; j < Math.min(jobs, nTrees); j++) {
      const w = new Worker(workerUrl(), { workerData: init });
      workers.push(w);
      w.on('error', (err) => fail(explain(err)));
      w.on('exit', (code) => {
        if (done < nTrees)
          fail(new Error(`forest worker exited with code ${code} before finishing`));
      });
      w.on('message', (msg: { index: number; built: BuiltTree }) => {
        results[msg.index] = msg.built;
        done++; // not inside the optional call: `f?.(++x)` skips the increment when f is absent
        onProgress?.(done, nTrees);
        if (done === nTrees) {
          for (const x of workers) void x.terminate();
          resolve(results);
        } else if (next < nTrees) w.postMessage(next++);
      });
      w.postMessage(next++);
    }
  });
}

/** Rows below which prediction stays on the calling thread. */
export const PARALLEL_PREDICT_ROWS = 20_000;

/** Class probabilities of `nRows` rows of X, split over `jobs` threads for large batches. */
export async function predictProbaParallel(
  trees: readonly Tree[],
  nClasses: number,
  nFeatures: number,
  X: Float32Array,
  nRows: number,
  jobs: number,
): Promise<Float32Array> {
  if (jobs <= 1 || nRows < PARALLEL_PREDICT_ROWS) {
    const out = new Float32Array(nRows * nClasses);
    predictProbaInto(trees, nClasses, nFeatures, X, 0, nRows, out);
    return out;
  }
  const shared =
    X.buffer instanceof SharedArrayBuffer ? X : copyToShared(X.subarray(0, nRows * nFeatures));
  const out = new Float32Array(new SharedArrayBuffer(nRows * nClasses * 4));
  const chunk = Math.ceil(nRows / jobs);
  const runs: WorkerInit[] = [];
  for (let from = 0; from < nRows; from += chunk) {
    const init: WorkerInit = {
      kind: 'predict',
      trees,
      nClasses,
      nFeatures,
      X: shared,
      from,
      to: Math.min(nRows, from + chunk),
      out,
    };
    runs.push(init);
  }
  await runWorkers(runs);
  return new Float32Array(out);
}

/** Runs one worker per message (prediction or OOB ranges) until each has replied. */
export async function runWorkers(inits: readonly WorkerInit[]): Promise<void> {
  await Promise.all(inits.map(runWorker));
}

function runWorker(init: WorkerInit): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = new Worker(workerUrl(), { workerData: init });
    let finished = false;
    w.on('error', (err) => reject(explain(err)));
    w.on('exit', (code) => {
      if (!finished)
        reject(new Error(`${init.kind} worker exited with code ${code} before finishing`));
    });
    w.on('message', () => {
      finished = true;
      void w.terminate();
      resolve();
    });
  });
}

/** Adds a hint when the worker script itself could not be loaded (e.g. no `npm run build`). */
function explain(err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return err;
  return new Error(
    `cannot load the forest worker ${workerUrl().href}: run \`npm run build\` or use jobs = 1`,
    {
      cause: err,
    },
  );
}

/** A copy of `a` in a SharedArrayBuffer. */
export function copyToShared(a: Float32Array): Float32Array {
  const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}
