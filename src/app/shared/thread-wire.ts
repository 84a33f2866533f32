/**
 * What crosses a worker-thread boundary besides data: errors as plain objects (their class kept
 * for the expected ones, so exit codes stay right) and the URL of a compiled worker script.
 */
import { InputError, ModelError, NadError, type ErrorLocation } from '../../common/errors.js';

/** An error crossing the thread boundary. */
export interface WireError {
  message: string;
  /** The error class it was, for the expected errors; 'bug' for anything else. */
  kind: 'input' | 'model' | 'bug';
  location: ErrorLocation | undefined;
  hint: string | undefined;
  stack: string | undefined;
}

/** An error as plain data for postMessage. */
export function toWire(err: unknown): WireError {
  const kind = err instanceof InputError ? 'input' : err instanceof ModelError ? 'model' : 'bug';
  const e = err instanceof NadError ? err : undefined;
  return {
    message: err instanceof Error ? err.message : String(err),
    kind,
    location: e?.location,
    hint: e?.hint,
    stack: err instanceof Error ? err.stack : undefined,
  };
}

/** Rebuilds an error: input and model errors keep their class, anything else is a bug. */
export function fromWire(w: WireError): Error {
  const options = { location: w.location, hint: w.hint };
  if (w.kind === 'input') return new InputError(w.message, options);
  if (w.kind === 'model') return new ModelError(w.message, options);
  const err = new Error(`worker thread: ${w.message}`);
  if (w.stack !== undefined) err.stack = w.stack;
  return err;
}

/**
 * URL of the compiled worker script `script` (a path under `src/`, e.g. `app/scan/scan-worker`)
 * for compiled (.js) and source (.ts, vitest) runs alike: from the source, the copy under
 * `dist/` is used, as in src/model/pool.ts.
 */
export function workerUrl(script: string): URL {
  const here = import.meta.url;
  const root = here.replace(/\/src\/app\/shared\/thread-wire\.(ts|js)$/, '');
  return new URL(`${root}${here.endsWith('.ts') ? '/dist' : ''}/src/${script}.js`);
}

/**
 * Blocks this (worker) thread until word 0 of `credits`, shared with the main thread, is
 * positive, then takes one: the main thread adds one back (giveCredit) each time it has
 * consumed a batch. With `waitingWord`, that word is 1 while this thread waits, so that
 * giveCredit wakes it only then (a wake-up is a system call).
 */
export function takeCredit(credits: Int32Array, waitingWord?: number): void {
  for (;;) {
    if (waitingWord !== undefined) Atomics.store(credits, waitingWord, 1);
    const v = Atomics.load(credits, 0);
    if (v > 0) {
      if (waitingWord !== undefined) Atomics.store(credits, waitingWord, 0);
      Atomics.sub(credits, 0, 1);
      return;
    }
    Atomics.wait(credits, 0, v);
  }
}

/**
 * Gives a credit back (main thread). With `waitingWord` (as passed to takeCredit), the worker
 * is woken only when it waits: it sets the word before it reads the credits, and this adds the
 * credit before it reads the word, so one of them always sees the other.
 */
export function giveCredit(credits: Int32Array, waitingWord?: number): void {
  Atomics.add(credits, 0, 1);
  if (waitingWord === undefined || Atomics.load(credits, waitingWord) !== 0)
    Atomics.notify(credits, 0);
}

/**
 * Ends a worker-thread call once (its promise, its listeners, its threads): the first `settle`
 * runs `cleanup` and then `how`; later ones do nothing. `done` tells the call's loops to stop.
 */
export class Settlement {
  done = false;

  constructor(private readonly cleanup: () => void) {}

  settle(how: () => void): void {
    if (this.done) return;
    this.done = true;
    this.cleanup();
    how();
  }
}
