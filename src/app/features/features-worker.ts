/**
 * Worker thread of features-thread.ts: extracts the feature rows of one capture or stream and
 * writes them in batches into the shared ring (row-wire.ts), waiting for a credit from the main
 * thread before each batch, then its progress (at most 10 times a second) and the result. An `abort` message
 * stops the read as Ctrl-C does on one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RowPacker } from '../../features/row-wire.js';
import type { ReadProgress } from '../shared/read-packets.js';
import { takeCredit, toWire } from '../shared/thread-wire.js';
import { extractFeatures } from './features.js';
import { extractStream } from './stream-features.js';
import {
  WAITING_WORD,
  type FeaturesFromThread,
  FeaturesThreadInit,
  FeaturesToThread,
} from './features-thread.js';

const init = workerData as FeaturesThreadInit;
const port = parentPort!;
const credits = new Int32Array(init.credits);
const abort = new AbortController();

function post(m: FeaturesFromThread): void {
  port.postMessage(m);
}

/** Stops reading once the calling thread set the abort flag (shared word 1). */
function checkAbort(): void {
  if (Atomics.load(credits, 1) !== 0 && !abort.signal.aborted) abort.abort();
}

async function run(): Promise<void> {
  const rows = new RowPacker(
    init.ring,
    () => {
      checkAbort();
      takeCredit(credits, WAITING_WORD);
    },
    (batch) => post({ kind: 'rows', batch }),
  );
  let lastProgressMs = 0;
  const onProgress = (p: ReadProgress): void => {
    checkAbort();
    const now = Date.now();
    if (now - lastProgressMs < 100) return;
    lastProgressMs = now;
    post({ kind: 'progress', ...p });
  };
  const options = { ...init.options, hooks: { onProgress, signal: abort.signal } };
  const onRow = rows.add.bind(rows);
  try {
    const source = init.source;
    const r =
      source.kind === 'file'
        ? await extractFeatures(source.path, onRow, options)
        : await extractStream(source.read, onRow, options);
    rows.flush();
    post({ kind: 'done', result: { ...r, error: undefined }, error: r.error && toWire(r.error) });
  } catch (err) {
    post({ kind: 'failed', error: toWire(err) });
  }
}

port.on('message', (m: FeaturesToThread) => {
  if (m.kind === 'abort') abort.abort();
});
checkAbort();
void run();
