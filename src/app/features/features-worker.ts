/**
 * Worker thread of features-thread.ts: extracts the feature rows of one capture or stream and
 * writes them in batches into the shared ring (row-wire.ts), waiting for a credit from the main
 * thread before each batch, then its progress (at most 10 times a second) and the result. An `abort` message
 * stops the read as Ctrl-C does on one thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FeatureRow } from '../../features/kdd.js';
import { MergeKeys } from '../../features/row-merge-keys.js';
import { RowPacker } from '../../features/row-wire.js';
import type { Connection } from '../../flow/connection.js';
import type { ReadProgress } from '../shared/read-packets.js';
import { takeCredit, toWire } from '../shared/thread-wire.js';
import { extractShare } from './fanout-extract.js';
import { extractFeatures } from './features.js';
import { SweepGate } from './sweep-gate.js';
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
  // A fan-out's table says with each batch up to which sweep its rows are all sent.
  let through: number | undefined;
  const rows = new RowPacker(
    init.ring,
    () => {
      checkAbort();
      takeCredit(credits, WAITING_WORD);
    },
    (batch) => post({ kind: 'rows', batch, through: through ?? (gate && gate.tag - 1) }),
  );
  const f = init.fanout;
  const gate =
    f &&
    new SweepGate(f.gate, f.index, f.tables, (completed, report) => {
      if (!report) return;
      through = completed;
      if (!rows.flush()) post({ kind: 'through', sweep: completed });
      through = undefined;
    });
  let lastProgressMs = 0;
  const onProgress = (p: ReadProgress): void => {
    checkAbort();
    const now = Date.now();
    // A fan-out's tables read alike: table 0 reports for all.
    if (now - lastProgressMs < 100 || (f !== undefined && f.index !== 0)) return;
    lastProgressMs = now;
    post({ kind: 'progress', ...p });
  };
  const options = { ...init.options, hooks: { onProgress, signal: abort.signal } };
  const onRow = rows.add.bind(rows);
  try {
    const source = init.source;
    const r =
      gate && source.kind === 'file'
        ? await extractShare(
            source.path,
            keyedRow(rows, new MergeKeys(f!.keys, init.ring.rows), gate),
            options,
            { ...f!, gate },
          )
        : source.kind === 'file'
          ? await extractFeatures(source.path, onRow, options)
          : await extractStream(source.read, onRow, options);
    rows.flush();
    post({ kind: 'done', result: { ...r, error: undefined }, error: r.error && toWire(r.error) });
  } catch (err) {
    post({ kind: 'failed', error: toWire(err) });
  }
}

/** A fan-out table's rows: packed, with their sweep and key beside them. */
function keyedRow(
  rows: RowPacker,
  keys: MergeKeys,
  gate: SweepGate,
): (row: FeatureRow, c: Connection) => void {
  let current: Connection;
  const placed = (slot: number, i: number): void => keys.put(slot, i, gate.tag, current);
  return (row, c) => {
    current = c;
    rows.add(row, placed);
  };
}

port.on('message', (m: FeaturesToThread) => {
  if (m.kind === 'abort') abort.abort();
});
checkAbort();
void run();
