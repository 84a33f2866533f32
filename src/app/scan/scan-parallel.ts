/**
 * `nad scan --jobs N`: files scanned on worker threads (scan-worker.ts), their events queued per
 * file so that the caller can consume them in input order. Memory stays bounded: a worker may run
 * at most LOOKAHEAD files ahead of the file being printed, and a streamed file sends its records
 * in batches (or its NDJSON / CSV text in chunks) against credits (a shared counter the worker
 * waits on with Atomics.wait). The text of a file whose turn has not come goes to a temporary
 * file (scan-spill.ts) and its credit comes back at once, so its worker keeps going; records
 * (and text that cannot be spilled) wait in memory, at most CREDITS batches before the worker
 * pauses.
 *
 * The worker script is the compiled `scan-worker.js` beside this file; from the TypeScript source
 * (vitest) the copy under `dist/` is used, as in src/model/pool.ts.
 */
import { Worker } from 'node:worker_threads';
import type { InputError } from '../../common/errors.js';
import { fromWire, workerUrl, type WireError } from '../shared/thread-wire.js';

export { toWire, type WireError } from '../shared/thread-wire.js';
import type { ReadProgress } from '../shared/read-packets.js';
import { SpillFiles } from '../../io/spill-files.js';
import type { RowFormat } from '../../rows/line-writer.js';
import type { ScanFileResult, ScanOptions, ScanRecord } from './scan-file.js';

/** The worker script (under src/). */
const SCAN_WORKER = 'app/scan/scan-worker';

/** Records per batch a worker sends while streaming. */
export const STREAM_BATCH = 256;
/** Batches a streamed file may send before its turn comes. */
const CREDITS = 8;

/** What a worker is started with. */
export interface ScanWorkerInit {
  modelPath: string;
  /** Clonable scan options (no callbacks). */
  options: Omit<ScanOptions, 'onRecord' | 'rowText' | 'hooks'>;
  /**
   * Stream records in batches (the caller's onRecord), or NDJSON / CSV text in chunks (the
   * caller's rowText), rather than collect records (false).
   */
  stream: false | 'records' | RowFormat;
  /** Int32 credit counter shared with the main thread. */
  credits: SharedArrayBuffer;
}

/** Messages from the main thread to a worker. */
export type ToWorker = { kind: 'scan'; index: number; file: string } | { kind: 'abort' };

/** Messages from a worker to the main thread. */
export type FromWorker =
  | { kind: 'records'; index: number; records: ScanRecord[] }
  | { kind: 'text'; index: number; text: Uint8Array }
  | ({ kind: 'progress'; index: number } & ReadProgress)
  | {
      kind: 'done';
      index: number;
      result: ScanFileResult;
      error: WireError | undefined;
      omitted: number;
    }
  | { kind: 'failed'; index: number; error: WireError };

/** One event of a file, as the consumer sees it. */
export type LaneEvent =
  | { kind: 'records'; records: ScanRecord[]; release: () => void }
  | { kind: 'text'; text: Uint8Array; release: () => void }
  | {
      kind: 'done';
      result: ScanFileResult;
      error: InputError | undefined;
      omitted: number;
    }
  | { kind: 'failed'; error: Error };

/** Events of one file, queued until consumed. */
class Lane {
  private readonly queue: LaneEvent[] = [];
  private waiter: ((e: LaneEvent) => void) | undefined;

  push(e: LaneEvent): void {
    if (this.waiter === undefined) this.queue.push(e);
    else {
      const w = this.waiter;
      this.waiter = undefined;
      w(e);
    }
  }

  next(): Promise<LaneEvent> {
    const e = this.queue.shift();
    if (e !== undefined) return Promise.resolve(e);
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

interface Slot {
  worker: Worker;
  credits: Int32Array;
  /** Index of the file it is scanning, or −1 when idle. */
  busy: number;
}

/** A pool of scan workers over `files`; `remote(i)` says which files it scans. */
export class ScanPool {
  private readonly lanes = new Map<number, Lane>();
  private readonly slots: Slot[] = [];
  private next = 0;
  private head = 0;
  private aborted = false;
  private readonly spill = new SpillFiles();

  constructor(
    private readonly files: readonly string[],
    private readonly remote: (index: number) => boolean,
    jobs: number,
    init: Omit<ScanWorkerInit, 'credits'>,
    private readonly onProgress: (index: number, p: ReadProgress) => void,
  ) {
    for (let j = 0; j < jobs; j++) {
      const credits = new SharedArrayBuffer(4);
      const counter = new Int32Array(credits);
      counter[0] = CREDITS;
      const worker = new Worker(workerUrl(SCAN_WORKER), { workerData: { ...init, credits } });
      const slot: Slot = { worker, credits: counter, busy: -1 };
      worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
      worker.on('error', (err) => this.fail(slot, err));
      worker.on('exit', (code) => this.fail(slot, new Error(`scan worker exited (${code})`)));
      this.slots.push(slot);
    }
    this.schedule();
  }

  /** The events of file `index` (a remote one), in order; the last is done or failed. */
  async nextEvent(index: number): Promise<LaneEvent> {
    const e = await this.lane(index).next();
    if (e.kind === 'done' || e.kind === 'failed') this.lanes.delete(index);
    return e;
  }

  /** True once file `index` has been handed to a worker. */
  started(index: number): boolean {
    return index < this.next;
  }

  /** The consumer has moved to file `index`: later files may start. */
  setHead(index: number): void {
    this.head = index;
    this.schedule();
  }

  /** Stops reading: workers finish their current file at once, no new file starts. */
  abort(): void {
    this.aborted = true;
    for (const s of this.slots) {
      Atomics.store(s.credits, 0, 1 << 30); // never wait again
      Atomics.notify(s.credits, 0);
      s.worker.postMessage({ kind: 'abort' } satisfies ToWorker);
    }
  }

  /** Text of file `index` spilled before its turn (read it before the file's events). */
  spilled(index: number): AsyncGenerator<Uint8Array> {
    return this.spill.take(index);
  }

  /** Terminates the workers and removes spilled text. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    this.spill.removeAll();
  }

  private lane(index: number): Lane {
    let lane = this.lanes.get(index);
    if (lane === undefined) this.lanes.set(index, (lane = new Lane()));
    return lane;
  }

  /** Hands files to idle workers, at most LOOKAHEAD ahead of the head. */
  private schedule(): void {
    const limit = this.head + 2 * this.slots.length;
    for (const slot of this.slots) {
      if (slot.busy >= 0) continue;
      while (this.next < this.files.length && !this.remote(this.next)) this.next++;
      if (this.aborted || this.next >= this.files.length || this.next > limit) return;
      slot.busy = this.next++;
      slot.worker.postMessage({
        kind: 'scan',
        index: slot.busy,
        file: this.files[slot.busy]!,
      } satisfies ToWorker);
    }
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.kind === 'progress') return this.onProgress(m.index, m);
    const lane = this.lane(m.index);
    if (m.kind === 'records' || m.kind === 'text') {
      const release = (): void => {
        Atomics.add(slot.credits, 0, 1);
        Atomics.notify(slot.credits, 0);
      };
      if (m.kind === 'text' && m.index !== this.head && this.spill.append(m.index, m.text))
        return release();
      return lane.push(
        m.kind === 'text'
          ? { kind: 'text', text: m.text, release }
          : { kind: 'records', records: m.records, release },
      );
    }
    slot.busy = -1;
    lane.push(
      m.kind === 'done'
        ? {
            kind: 'done',
            result: m.result,
            error: m.error === undefined ? undefined : (fromWire(m.error) as InputError),
            omitted: m.omitted,
          }
        : { kind: 'failed', error: fromWire(m.error) },
    );
    this.schedule();
  }

  private fail(slot: Slot, err: Error): void {
    if (!this.slots.includes(slot)) return; // closed on purpose
    this.slots.splice(this.slots.indexOf(slot), 1);
    if (slot.busy >= 0) this.lane(slot.busy).push({ kind: 'failed', error: explain(err) });
    slot.busy = -1;
    if (this.slots.length > 0) return this.schedule();
    // No worker left: every file not yet started fails with the same error.
    for (; this.next < this.files.length; this.next++)
      if (this.remote(this.next))
        this.lane(this.next).push({ kind: 'failed', error: explain(err) });
  }
}

/** Adds a hint when the worker script itself could not be loaded (no `npm run build`). */
function explain(err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return err;
  return new Error(
    `cannot load the scan worker ${workerUrl(SCAN_WORKER).href}: run \`npm run build\``,
    {
      cause: err,
    },
  );
}
