/**
 * The ReleaseGate of a fan-out across worker threads (flow/release-gate.ts): at each sweep, each
 * thread's table publishes its earliest-created open connection in shared memory and waits
 * (Atomics.wait) until every other table has published the same sweep, then takes the earliest
 * of them. Two sets of slots alternate between sweeps: a thread can be at most one sweep ahead.
 *
 * The same memory carries two flags from the merging thread (fanout-thread.ts): abort (stop
 * waiting: the read is being stopped) and, per table, "report": the merge waits for that table's
 * rows, so it must send what it has and say up to which sweep it is complete (SweepGate.onReport),
 * even while it waits here for the others.
 */
import type { ReleaseGate } from '../../flow/release-gate.js';

/** The tag of the rows a table emits at the end of the input (after every sweep). */
export const FINAL_SWEEP = 0x7fffffff;
/** Int32 words: abort, then per table the last sweep it arrived at and its report flag. */
const ABORT = 0;
const ARRIVED = 1;
/** How long a wait lasts before the flags are looked at again (ms). */
const WAIT_MS = 20;

/** Shared memory of a gate for `tables` tables. */
export function newGateBuffer(tables: number): SharedArrayBuffer {
  return new SharedArrayBuffer(8 * (1 + 2 * tables) + 2 * 2 * tables * 8);
}

/** The views both sides use. */
function views(
  buffer: SharedArrayBuffer,
  tables: number,
): { words: Int32Array; firsts: Float64Array } {
  const intBytes = 8 * (1 + 2 * tables);
  return {
    words: new Int32Array(buffer, 0, 1 + 2 * tables),
    firsts: new Float64Array(buffer, intBytes, 2 * 2 * tables),
  };
}

/** The merging thread's side: ask a table to report, stop every wait. */
export class GateControl {
  private readonly words: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly tables: number,
  ) {
    this.words = views(buffer, tables).words;
  }

  /** Sets or clears table `i`'s report flag, and wakes the tables so that they see it. */
  requestReport(i: number, on: boolean): void {
    const at = ARRIVED + this.tables + i;
    if ((Atomics.load(this.words, at) !== 0) === on) return;
    Atomics.store(this.words, at, on ? 1 : 0);
    if (on) for (let j = 0; j < this.tables; j++) Atomics.notify(this.words, ARRIVED + j);
  }

  /** No table waits for another any more. */
  abort(): void {
    Atomics.store(this.words, ABORT, 1);
    for (let j = 0; j < this.tables; j++) Atomics.notify(this.words, ARRIVED + j);
  }
}

/** One table's side of the gate (on its worker thread). */
export class SweepGate implements ReleaseGate {
  /** The tag of the records being released: the sweep's number, FINAL_SWEEP at the end. */
  tag = 0;
  private readonly words: Int32Array;
  private readonly firsts: Float64Array;
  private finished = false;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly index: number,
    private readonly tables: number,
    /**
     * Called at the end of each sweep's release (with the sweep just completed) and when asked
     * to report while waiting: sends the rows made so far when `report` (the merge waits).
     */
    private readonly onSweepDone: (completed: number, report: boolean) => void,
  ) {
    ({ words: this.words, firsts: this.firsts } = views(buffer, tables));
  }

  agree(firstSeq: number, firstStartMicros: number): number {
    if (this.finished) return Infinity;
    this.onSweepDone(this.tag, this.reportWanted());
    const s = ++this.tag;
    const n = this.tables;
    const base = (s & 1) * 2 * n;
    this.firsts[base + 2 * this.index] = firstSeq;
    this.firsts[base + 2 * this.index + 1] = firstStartMicros;
    Atomics.store(this.words, ARRIVED + this.index, s);
    Atomics.notify(this.words, ARRIVED + this.index);
    let bestSeq = firstSeq;
    let best = firstStartMicros;
    for (let j = 0; j < n; j++) {
      if (j === this.index) continue;
      for (;;) {
        const v = Atomics.load(this.words, ARRIVED + j);
        if (v >= s) break;
        if (Atomics.load(this.words, ABORT) !== 0) return Infinity;
        if (this.reportWanted()) this.onSweepDone(s - 1, true);
        Atomics.wait(this.words, ARRIVED + j, v, WAIT_MS);
      }
      const seq = this.firsts[base + 2 * j]!;
      if (seq < bestSeq) {
        bestSeq = seq;
        best = this.firsts[base + 2 * j + 1]!;
      }
    }
    return best;
  }

  finishing(): void {
    this.onSweepDone(this.tag, this.reportWanted());
    this.finished = true;
    this.tag = FINAL_SWEEP;
  }

  private reportWanted(): boolean {
    return Atomics.load(this.words, ARRIVED + this.tables + this.index) !== 0;
  }
}
