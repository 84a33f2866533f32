/**
 * Worker thread of `nad scan --jobs N` (protocol in scan-parallel.ts): loads the model once,
 * then scans the files it is handed one at a time with scanFile, sending streamed records in
 * batches or streamed NDJSON / CSV text in chunks (waiting for credits from the main thread),
 * progress at most 10 times a second, and the file's result. An `abort` message stops the
 * current read as Ctrl-C does on one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readModelFile } from '../../io/model-file.js';
import type { ReadProgress } from '../shared/read-packets.js';
import { takeCredit } from '../shared/thread-wire.js';
import { scanFile, type ScanRecord } from './scan-file.js';
import {
  STREAM_BATCH,
  toWire,
  type FromWorker,
  type ScanWorkerInit,
  type ToWorker,
} from './scan-parallel.js';

const init = workerData as ScanWorkerInit;
const port = parentPort!;
const credits = new Int32Array(init.credits);
const abort = new AbortController();
const model = await readModelFile(init.modelPath);

function post(m: FromWorker): void {
  port.postMessage(m);
}

async function scan(index: number, file: string): Promise<void> {
  let batch: ScanRecord[] = [];
  const send = (): void => {
    takeCredit(credits);
    post({ kind: 'records', index, records: batch });
    batch = [];
  };
  let lastProgressMs = 0;
  const onProgress = (p: ReadProgress): void => {
    const now = Date.now();
    if (now - lastProgressMs < 100) return;
    lastProgressMs = now;
    post({ kind: 'progress', index, ...p });
  };
  const stream = init.stream;
  const onRecord =
    stream === 'records'
      ? (r: ScanRecord): void => {
          batch.push(r);
          if (batch.length === STREAM_BATCH) send();
        }
      : undefined;
  const rowText =
    stream === 'ndjson' || stream === 'csv'
      ? {
          format: stream,
          write: (text: Uint8Array): boolean => {
            takeCredit(credits);
            post({ kind: 'text', index, text }); // a copy
            return true;
          },
        }
      : undefined;
  try {
    const { result, error, omitted } = await scanFile(file, model, {
      ...init.options,
      onRecord,
      rowText,
      hooks: { onProgress, signal: abort.signal },
    });
    if (batch.length > 0) send();
    post({ kind: 'done', index, result, error: error && toWire(error), omitted });
  } catch (err) {
    post({ kind: 'failed', index, error: toWire(err) });
  }
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'abort') abort.abort();
  else void scan(m.index, m.file);
});
