/**
 * Feature extraction of one capture fanned out to `tables` worker threads (`nad scan --jobs N`,
 * N ≥ 3: N − 1 tables): each worker reads the whole capture and keeps the connections whose
 * addresses hash to it (flow/release-gate.ts); this thread merges their rows by (sweep, start,
 * key) — the order one table gives — computes the window columns on the merged rows and hands
 * them to `onRow`. The rows are those of extractFeatures, in the same order, unless the table's
 * caps were hit (evictions, counted in the result).
 *
 * Each worker's rows cross in a shared ring with its own credits, as in features-thread.ts. The
 * merge can only hand out a row once every other table has either a row waiting here or has said
 * it has nothing earlier (up to which sweep its rows are all sent); when one has neither, the
 * merge asks it to report (sweep-gate.ts) and waits for its message.
 */
import { Worker } from 'node:worker_threads';
import type { InputError } from '../../common/errors.js';
import type { FeatureRow } from '../../features/kdd.js';
import { MergeKeys, newKeyRing } from '../../features/row-merge-keys.js';
import { RowWindows } from '../../features/row-windows.js';
import { RowUnpacker, newRowRing, type RowWireHeader } from '../../features/row-wire.js';
import { Settlement, fromWire, giveCredit, workerUrl } from '../shared/thread-wire.js';
import type { FeaturesFileResult, FeaturesOptions } from './features.js';
import {
  BATCH_ROWS,
  CREDITS,
  FEATURES_WORKER,
  WAITING_WORD,
  WORKER_YOUNG_MB,
  type FeaturesFromThread,
  type FeaturesThreadInit,
  type FeaturesToThread,
} from './features-thread.js';
import { FINAL_SWEEP, GateControl, newGateBuffer } from './sweep-gate.js';

/** Rows handed out between two looks at the output's room. */
const ROWS_PER_TURN = 1024;

/** One table's worker and what has come from it. */
interface Feed {
  worker: Worker;
  counter: Int32Array;
  unpacker: RowUnpacker;
  keys: MergeKeys;
  /** Batches received and not yet begun. */
  waiting: RowWireHeader[];
  /** The batch being read and its next row. */
  current: RowWireHeader | undefined;
  next: number;
  /** Every row of a sweep up to this one has come. */
  through: number;
  done: boolean;
  result: FeaturesFileResult | undefined;
}

/**
 * extractFeatures of capture `path` on `tables` worker threads (≥ 2): `onRow` receives every row
 * in start-time order on this thread (a reused object). Rejects as the extraction would.
 */
export function extractFanout(
  path: string,
  tables: number,
  onRow: (row: FeatureRow) => void,
  options: FeaturesOptions,
): Promise<FeaturesFileResult> {
  const { hooks, ...given } = options;
  const extended = given.set === 'extended';
  const windows = new RowWindows(given.windows, extended);
  const gate = newGateBuffer(tables);
  const control = new GateControl(gate, tables);
  const feeds: Feed[] = Array.from({ length: tables }, (_, index) => {
    const credits = new SharedArrayBuffer(12);
    const counter = new Int32Array(credits);
    counter[0] = CREDITS;
    const ring = newRowRing(CREDITS, BATCH_ROWS, extended);
    const keys = newKeyRing(CREDITS, BATCH_ROWS);
    const init: FeaturesThreadInit = {
      source: { kind: 'file', path },
      options: given, // the shares leave the windows to this thread (fanout-extract.ts)
      ring,
      credits,
      fanout: { index, tables, gate, keys },
    };
    const worker = new Worker(workerUrl(FEATURES_WORKER), {
      workerData: init,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    return {
      worker,
      counter,
      unpacker: new RowUnpacker(ring),
      keys: new MergeKeys(keys, BATCH_ROWS),
      waiting: [],
      current: undefined,
      next: 0,
      through: 0,
      done: false,
      result: undefined,
    };
  });
  const signal = hooks?.signal;
  const onAbort = (): void => {
    control.abort();
    for (const f of feeds) {
      Atomics.store(f.counter, 1, 1);
      f.worker.postMessage({ kind: 'abort' } satisfies FeaturesToThread);
    }
    resume?.();
  };
  /** Set while the merge waits for room in the output. */
  let resume: (() => void) | undefined;
  return new Promise<FeaturesFileResult>((resolve, reject) => {
    const once = new Settlement(() => {
      signal?.removeEventListener('abort', onAbort);
      control.abort();
      for (const f of feeds) void f.worker.terminate();
    });
    const settle = once.settle.bind(once);
    /** Hands out rows until it has to wait for a worker or for room in the output. */
    const merge = (): void => {
      let turn = 0;
      while (!once.done && resume === undefined) {
        const i = earliest(feeds);
        if (i < 0) {
          if (feeds.every((f) => f.done)) settle(() => resolve(combine(feeds)));
          return;
        }
        const f = feeds[i]!;
        const sweep = f.keys.sweep(f.current!.slot, f.next);
        const blocker = feeds.findIndex(
          (g) => g !== f && g.current === undefined && !g.done && g.through < sweep,
        );
        if (blocker >= 0) return control.requestReport(blocker, true);
        const row = f.unpacker.rowAt(f.current!.slot, f.next);
        windows.apply(row);
        onRow(row);
        if (++f.next === f.current!.rows) {
          f.current = undefined;
          giveCredit(f.counter, WAITING_WORD);
        }
        if (++turn === ROWS_PER_TURN) {
          turn = 0;
          const wait = signal?.aborted === true ? undefined : hooks?.outputReady?.();
          if (wait !== undefined) {
            const go = (): void => {
              if (resume !== go) return;
              resume = undefined;
              merge();
            };
            resume = go;
            void wait.then(go, go);
          }
        }
      }
    };
    const handle = (f: Feed, index: number, m: FeaturesFromThread): void => {
      control.requestReport(index, false);
      if (m.kind === 'rows') {
        f.waiting.push(m.batch);
        if (m.through !== undefined) f.through = Math.max(f.through, m.through);
      } else if (m.kind === 'through') f.through = Math.max(f.through, m.sweep);
      else if (m.kind === 'progress') {
        if (index === 0)
          hooks?.onProgress?.({
            bytesRead: m.bytesRead,
            sizeBytes: m.sizeBytes,
            packets: m.packets,
          });
        return;
      } else if (m.kind === 'done') {
        f.done = true;
        f.through = FINAL_SWEEP;
        f.result = { ...m.result, error: m.error && (fromWire(m.error) as InputError) };
      } else return settle(() => reject(fromWire(m.error)));
      try {
        merge();
      } catch (err) {
        settle(() => reject(err));
      }
    };
    feeds.forEach((f, index) => {
      f.worker.on('message', (m: FeaturesFromThread) => handle(f, index, m));
      f.worker.on('error', (err) => settle(() => reject(err)));
      f.worker.on('exit', (code) =>
        settle(() => reject(new Error(`a features worker thread exited (${code})`))),
      );
    });
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) onAbort();
  });
}

/**
 * The feed whose next row comes first by (sweep, start, key), its batch begun; −1 when no feed
 * has a row here.
 */
function earliest(feeds: Feed[]): number {
  let best = -1;
  for (let i = 0; i < feeds.length; i++) {
    const f = feeds[i]!;
    if (f.current === undefined) {
      const h = f.waiting.shift();
      if (h === undefined) continue;
      f.unpacker.begin(h);
      f.current = h;
      f.next = 0;
    }
    if (best < 0 || before(f, feeds[best]!)) best = i;
  }
  return best;
}

/** Whether the next row of `a` comes before that of `b`. */
function before(a: Feed, b: Feed): boolean {
  const sa = a.current!.slot;
  const sb = b.current!.slot;
  const d = a.keys.sweep(sa, a.next) - b.keys.sweep(sb, b.next);
  if (d !== 0) return d < 0;
  const t = a.unpacker.startMicros(sa, a.next) - b.unpacker.startMicros(sb, b.next);
  if (t !== 0) return t < 0;
  return a.keys.compareKeys(sa, a.next, b.keys, sb, b.next) < 0;
}

/** The result of the whole capture from the tables' shares (fanout-extract.ts). */
function combine(feeds: Feed[]): FeaturesFileResult {
  const first = feeds[0]!.result!;
  const sum = (pick: (r: FeaturesFileResult) => number): number =>
    feeds.reduce((a, f) => a + pick(f.result!), 0);
  return {
    ...first,
    packets: sum((r) => r.packets),
    ignoredPackets: sum((r) => r.ignoredPackets),
    rows: sum((r) => r.rows),
    evictions: sum((r) => r.evictions),
    interrupted: feeds.some((f) => f.result!.interrupted),
  };
}
