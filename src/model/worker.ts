/**
 * Worker-thread entry of pool.ts: builds the trees it is sent (by index, replying with the
 * tree's typed arrays, transferred), or predicts or OOB-scores one range of rows into shared memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { oobRowsInto } from './oob.js';
import type { WorkerInit } from './pool.js';
import { predictProbaInto } from './predict.js';
import { buildTree } from './tree.js';

const init = workerData as WorkerInit;
const port = parentPort!;

if (init.kind === 'train') {
  port.on('message', (index: number) => {
    const built = buildTree(init.data, init.opts, index);
    const t = built.tree;
    const buffers = [
      t.feature,
      t.threshold,
      t.left,
      t.right,
      t.leaf,
      t.value,
      built.importance,
      ...(built.oobMask ? [built.oobMask] : []),
    ].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ index, built }, buffers);
  });
} else if (init.kind === 'oob') {
  oobRowsInto(init.forest, init.X, init.nRows, init.from, init.to, init.proba, init.votes);
  port.postMessage('done');
} else {
  predictProbaInto(init.trees, init.nClasses, init.nFeatures, init.X, init.from, init.to, init.out);
  port.postMessage('done');
}
