/**
 * Feature extraction on a worker thread (features-worker.ts), for `nad scan --jobs N` on one
 * capture or stream: the worker reads, decodes, tracks connections and computes the rows, the
 * calling thread scores and writes them, so the two halves of the work overlap. Rows arrive in
 * batches in shared memory (row-wire.ts) and are handed to `onRow` in the order the worker made
 * them, so the output is the same as extracting on this thread. Memory stays bounded: the worker
 * waits for a credit (a shared counter, Atomics.wait) before each batch, and a credit comes back
 * only once the batch was consumed and the output has room (hooks.outputReady).
 */
import { Worker } from 'node:worker_threads';
import type { InputError } from '../../common/errors.js';
import type { FeatureRow } from '../../features/kdd.js';
import { RowWindows } from '../../features/row-windows.js';
import {
  RowUnpacker,
  newRowRing,
  type RowRing,
  type RowWireHeader,
} from '../../features/row-wire.js';
import type { ReadProgress } from '../shared/read-packets.js';
import {
  Settlement,
  fromWire,
  giveCredit,
  workerUrl,
  type WireError,
} from '../shared/thread-wire.js';
import type { FeaturesFileResult, FeaturesOptions } from './features.js';
import type { StreamRead } from './stream-features.js';

/** The worker script (under src/). */
export const FEATURES_WORKER = 'app/features/features-worker';
/** Rows per batch. */
export const BATCH_ROWS = 1024;
/** The word of the shared counter that says the worker waits for a credit. */
export const WAITING_WORD = 2;
/** The worker's young-generation size (MB). */
export const WORKER_YOUNG_MB = 16;
/**
 * Batches the worker may send ahead of the consumer (and slots of the shared ring, 27 MB with the
 * extended set): the flow table closes connections in bursts (tens of thousands at a timeout
 * sweep), and with 4 slots each thread waited for the other a quarter of the time on the bench
 * mix; 32 slots of 1,024 rows made `-j 2` 20 % faster there than 4 of 2,048.
 */
export const CREDITS = 32;

/** What the worker reads: one capture file, or a stream of files (stream-features.ts). */
export type FeaturesSource = { kind: 'file'; path: string } | { kind: 'stream'; read: StreamRead };

/** What the worker is started with. */
export interface FeaturesThreadInit {
  source: FeaturesSource;
  options: Omit<FeaturesOptions, 'hooks'>;
  /** The shared slots the rows cross in (as many as the credits). */
  ring: RowRing;
  /** Three Int32 words shared with the calling thread: credits, 1 once aborted, 1 while waiting. */
  credits: SharedArrayBuffer;
  /** One table of a fan-out (fanout-thread.ts); the source is then a file. */
  fanout?: FanoutInit;
}

/** What a table of a fan-out is started with. */
export interface FanoutInit {
  index: number;
  tables: number;
  /** The gate's shared memory (sweep-gate.ts). */
  gate: SharedArrayBuffer;
  /** The key ring beside the row ring (row-merge-keys.ts). */
  keys: SharedArrayBuffer;
}

/** Messages to the worker: stop reading. */
export type FeaturesToThread = { kind: 'abort' };

/** Messages from the worker. */
export type FeaturesFromThread =
  | { kind: 'rows'; batch: RowWireHeader; through?: number }
  | { kind: 'through'; sweep: number }
  | ({ kind: 'progress' } & ReadProgress)
  | { kind: 'done'; result: FeaturesFileResult; error: WireError | undefined }
  | { kind: 'failed'; error: WireError };

/**
 * extractFeatures (or extractStream) of `source` on a worker thread: `onRow` receives every row
 * in start-time order on this thread (a reused object, as from extractFeatures). Rejects as the
 * extraction would (InputError when the file cannot be opened or is not a capture).
 */
export function extractOnThread(
  source: FeaturesSource,
  onRow: (row: FeatureRow) => void,
  options: FeaturesOptions,
): Promise<FeaturesFileResult> {
  const { hooks, ...given } = options;
  // Deferred windows (a file, not a stream: a stream's range filter needs the windows first)
  // run on this thread, on the rows in the order they come.
  const defer = source.kind === 'file' ? given.deferWindows : undefined;
  const rest = { ...given, deferWindows: defer };
  // Word 0: credits; word 1: the abort flag; word 2 (WAITING_WORD): 1 while the worker waits.
  const credits = new SharedArrayBuffer(12);
  const counter = new Int32Array(credits);
  counter[0] = CREDITS;
  if (hooks?.signal?.aborted === true) counter[1] = 1;
  const ring = newRowRing(CREDITS, BATCH_ROWS, rest.set === 'extended');
  const init: FeaturesThreadInit = { source, options: rest, ring, credits };
  const worker = new Worker(workerUrl(FEATURES_WORKER), {
    workerData: init,
    // A smaller young generation than V8's default for a worker: the same speed, 30 MB less RSS
    // on the bench capture.
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  const unpacker = new RowUnpacker(ring);
  const extended = rest.set === 'extended';
  const windows =
    defer === true || (defer === 'source' && extended)
      ? new RowWindows(rest.windows, extended, defer === true ? 'all' : 'source')
      : undefined;
  const deliver =
    windows === undefined
      ? onRow
      : (row: FeatureRow): void => {
          windows.apply(row);
          onRow(row);
        };
  const signal = hooks?.signal;
  const release = (): void => giveCredit(counter, WAITING_WORD);
  // Messages are handled one at a time, in order; after a batch, the next waits until the
  // output has room, so at most one batch of rows sits in the output while a reader stalls.
  const queue: FeaturesFromThread[] = [];
  /** Set while waiting for the output: ends the wait (once). */
  let resume: (() => void) | undefined;
  // Credits keep flowing after an abort (the worker still writes the rows of the connections it
  // closes at the end into the ring, so it must not run ahead of what was read), but no longer
  // wait for the output.
  const onAbort = (): void => {
    Atomics.store(counter, 1, 1);
    worker.postMessage({ kind: 'abort' } satisfies FeaturesToThread);
    resume?.();
  };
  return new Promise<FeaturesFileResult>((resolve, reject) => {
    const once = new Settlement(() => {
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
    });
    const settle = once.settle.bind(once);
    const handle = (m: FeaturesFromThread): void => {
      if (m.kind === 'rows') {
        unpacker.unpack(m.batch, deliver);
        const wait = signal?.aborted === true ? undefined : hooks?.outputReady?.();
        if (wait === undefined) return release();
        let waiting = true;
        resume = () => {
          if (!waiting) return;
          waiting = false;
          resume = undefined;
          release();
          pump();
        };
        const done = resume;
        void wait.then(done, done);
      } else if (m.kind === 'progress') {
        hooks?.onProgress?.({ bytesRead: m.bytesRead, sizeBytes: m.sizeBytes, packets: m.packets });
      } else if (m.kind === 'done') {
        const error = m.error && (fromWire(m.error) as InputError);
        settle(() => resolve({ ...m.result, error }));
      } else if (m.kind === 'failed') settle(() => reject(fromWire(m.error)));
    };
    const pump = (): void => {
      while (!once.done && resume === undefined && queue.length > 0) {
        try {
          handle(queue.shift()!);
        } catch (err) {
          settle(() => reject(err));
        }
      }
    };
    worker.on('message', (m: FeaturesFromThread) => {
      queue.push(m);
      pump();
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the features worker thread exited (${code})`))),
    );
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) onAbort();
  });
}
