/**
 * Worker threads that run csv-parse over batches of distinct KDD lines (kdd-lines.ts), so that
 * parsing runs beside the reading thread's gunzip, hashing, line cutting and encoding. Each batch
 * goes to the worker with the fewest lines to go; the rows are the same as parseBatch() on the
 * reading thread gives.
 *
 * The worker script is the compiled `kdd-parse-worker.js` beside this file; from the TypeScript
 * source (vitest) the compiled copy under `dist/` is used (`npm test` builds first), as for the
 * forest workers (src/model/pool.ts).
 */
import { Worker } from 'node:worker_threads';
import type { ParsedBatch } from './kdd-rows.js';

/** A batch sent to a worker: the bytes (transferred) and the number of lines. */
export interface ParseRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly count: number;
}

/** A worker's answer: the parsed batch, or the message of what went wrong. */
export type ParseReply =
  | { readonly id: number; readonly batch: ParsedBatch }
  | { readonly id: number; readonly error: string };

/**
 * Young-generation heap of a parsing worker: csv-parse makes a short-lived Buffer and string per
 * field, and a larger nursery collects them less often (about 10 % less CPU on the 10 % file).
 */
const YOUNG_MB = 64;

/** URL of the worker script, for compiled (.js) and source (.ts) runs alike. */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts'))
    return new URL(
      here.replace(/\/src\/kdd\/kdd-parse-pool\.ts$/, '/dist/src/kdd/kdd-parse-worker.js'),
    );
  return new URL('./kdd-parse-worker.js', here);
}

/** `threads` parsing workers, started at once. */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<
    number,
    { resolve(b: ParsedBatch): void; reject(e: Error): void; worker: number; count: number }
  >();
  /** Lines sent to each worker and not yet answered. */
  private readonly load: number[] = [];
  private next = 0;
  private failure: Error | undefined;

  constructor(threads: number) {
    for (let t = 0; t < threads; t++) {
      const w = new Worker(workerUrl(), { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
      w.on('message', (reply: ParseReply) => this.answer(reply));
      w.on('error', (err) => this.fail(explain(err)));
      w.on('exit', (code) => {
        if (this.waiting.size > 0)
          this.fail(new Error(`KDD parsing worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.load.push(0);
    }
  }

  /**
   * Parses `count` lines of `bytes` (see parseBatch) on the worker with the fewest lines to go.
   * `bytes` must be the whole of its own ArrayBuffer: that is moved to the worker, and `bytes` is
   * empty afterwards.
   */
  parse(bytes: Uint8Array, count: number): Promise<ParsedBatch> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    const worker = this.load.indexOf(Math.min(...this.load));
    this.load[worker]! += count;
    const request: ParseRequest = { id, bytes, count };
    const done = new Promise<ParsedBatch>((resolve, reject) =>
      this.waiting.set(id, { resolve, reject, worker, count }),
    );
    this.workers[worker]!.postMessage(request, [bytes.buffer as ArrayBuffer]);
    return done;
  }

  /** Stops the workers (without waiting for their threads to end: the caller has its rows). */
  close(): void {
    for (const w of this.workers) void w.terminate();
  }

  private answer(reply: ParseReply): void {
    const waiter = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    if (waiter) this.load[waiter.worker]! -= waiter.count;
    if ('batch' in reply) waiter?.resolve(reply.batch);
    else waiter?.reject(new Error(reply.error));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

function explain(err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return err;
  return new Error(
    `cannot load the KDD parsing worker ${workerUrl().href}: run \`npm run build\``,
    {
      cause: err,
    },
  );
}
