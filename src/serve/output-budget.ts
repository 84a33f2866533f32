/**
 * The NDJSON rows of `/v1/scan` not yet on the wire, summed over the uploads streaming at once.
 * One input chunk can close tens of thousands of connections at once (a long connection ends and
 * the rows held behind it in start order go out; time jumps past many timeouts): tens of MB of
 * rows, written before the scan can look at its own output again. Uploads of similar captures
 * reach such points together, and their bursts stacked up in memory. An upload whose own output
 * is drained still waits, before its next input chunk, while the others hold more than the
 * budget, so bursts go out one after the other. A client that stops reading does not stall the
 * others: an answer whose output made no progress for STALL_MS is not counted.
 */
import type { PassThrough } from 'node:stream';

/** Time without progress after which an answer's output no longer holds the others back. */
const STALL_MS = 250;

interface Tracked {
  out: PassThrough;
  /** Bytes it held when last seen, and when it last moved. */
  held: number;
  movedAt: number;
}

/** A shared cap on the output the streamed answers hold. */
export class OutputBudget {
  private readonly streams = new Set<Tracked>();
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly maxBytes: number) {}

  /** Counts `out` (the pipe of one answer) until it closes. */
  add(out: PassThrough): void {
    const t: Tracked = { out, held: 0, movedAt: performance.now() };
    this.streams.add(t);
    out.on('drain', () => this.release());
    out.once('close', () => {
      this.streams.delete(t);
      this.release();
    });
  }

  /**
   * Before `out`'s scan reads on: undefined when it may, else a promise resolved once its own
   * output drained and the answers together hold at most maxBytes (stalled ones aside).
   */
  ready(out: PassThrough): Promise<void> | undefined {
    if (out.writableNeedDrain)
      return new Promise<void>((resolve) => out.once('drain', resolve)).then(() => this.ready(out));
    if (this.held() <= this.maxBytes) return undefined;
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.timer ??= setInterval(() => this.release(), STALL_MS / 2);
    }).then(() => this.ready(out));
  }

  /** Bytes held by the answers whose output is moving. */
  private held(): number {
    const now = performance.now();
    let sum = 0;
    for (const t of this.streams) {
      const held = t.out.writableLength + t.out.readableLength;
      if (held !== t.held) {
        t.held = held;
        t.movedAt = now;
      }
      if (held > 0 && now - t.movedAt < STALL_MS) sum += held;
    }
    return sum;
  }

  /** Lets the waiters re-check (each waits again if still over). */
  private release(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const w of waiters) w();
  }
}
