/**
 * The fast path of the KDD reader (kdd-csv.ts) for the usual input: lines ending in LF (or all in
 * CRLF), without quotes or stray CRs. The bytes are cut into lines, and each *distinct* line is
 * parsed by csv-parse (see parseBatch) and validated once; a line seen before reuses that result.
 * The KDD files repeat most rows (145,586 distinct lines of 494,021 in the 10 % file), so
 * csv-parse sees about a third of the bytes.
 *
 * For such lines csv-parse's records are exactly the comma-separated fields of each non-empty
 * line, and its line count is the LF count. On large inputs the new lines are parsed on worker
 * threads while the next chunks are cut (kdd-parse-queue.ts); rows are handed on in line order.
 * The first line that is not such a line (a quote, which may open a field spanning lines; a CR
 * csv-parse would not take as part of the line end) stops this path: that line and all after it
 * go to the streaming parser (kdd-stream.ts).
 */
import { Bytes, LineMemo } from './kdd-memo.js';
import { ParseQueue, type Job } from './kdd-parse-queue.js';
import type { RecordValidator, RowColumns, RowProblem } from './kdd-rows.js';

/** Longest KDD row (field and line buffers of csv-parse), in bytes. */
export const MAX_ROW_BYTES = 64 * 1024;

/** Where the validated rows go. */
export interface RowSink {
  /** Row `i` of `rows`, found on `line`. */
  row(rows: RowColumns, i: number, line: number): void;
  /** A bad row; returns false to stop reading there. */
  bad(line: number, problem: RowProblem): boolean;
}

/** Why the fast path stopped before the end of the input. */
export type FastStop =
  | { readonly kind: 'bad' }
  | { readonly kind: 'overlong'; readonly line: number }
  | {
      readonly kind: 'handover';
      /** Line number of the first byte of `rest`. */
      readonly line: number;
      /** The line end csv-parse took from line 1. */
      readonly lineEnd: '\n' | '\r\n';
      /** The bytes from the start of that line on, already read. */
      readonly rest: readonly Buffer[];
    };

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** Cuts decompressed KDD bytes into lines and hands validated rows to `sink`, in order. */
export class FastKddLines {
  /** Set once this path stopped, after every row before the stop was handed on. */
  stop: FastStop | undefined;
  /** Where scanning stopped; becomes `stop` once the rows before it are handed on. */
  private scanStop: FastStop | undefined;
  private line = 1;
  private lineEnd: '\n' | '\r\n' | undefined;
  private readonly carry = new Bytes(1024);
  private memo = new LineMemo();
  /** The memo before `memo`, while rows waiting to be handed on are in it. */
  private older: LineMemo | undefined;
  /** New distinct lines of the current chunk (the last rows of the memo). */
  private fresh = 0;
  /** Memo row and line number of each non-empty line of the current chunk, in order. */
  private order = new Float64Array(2 * 8192);
  private lines = 0;
  /** The chunks cut and not yet handed on. */
  private readonly queue: ParseQueue;

  /** `threads`: worker threads parsing new lines once the input is large (0: none). */
  constructor(
    validate: RecordValidator,
    private readonly sink: RowSink,
    threads: number,
  ) {
    this.queue = new ParseQueue(validate, threads);
  }

  /** Takes the next chunk of bytes; resolves when the rows it may hand on were handed on. */
  async push(chunk: Buffer): Promise<void> {
    if (this.stop || this.scanStop) return;
    if (this.memo.full) {
      // A fresh memo; the rows of the one before it are handed on first (two at most in use).
      await this.flush(false, this.older);
      if (this.stop) return;
      this.older = this.memo;
      this.memo = new LineMemo();
    }
    this.queue.read(chunk.length);
    let from = 0;
    if (this.carry.length > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.carry.append(chunk, 0, chunk.length);
        if (this.carry.length > MAX_ROW_BYTES)
          this.scanStop = { kind: 'overlong', line: this.line };
        return this.settle();
      }
      this.carry.append(chunk, 0, nl + 1);
      const carried = this.carry.view();
      this.carry.clear();
      from = nl + 1;
      if (this.scan(carried, 0, false) < 0) {
        const stop = this.scanStop as FastStop | undefined; // set by scan()
        if (stop?.kind === 'handover')
          this.scanStop = { ...stop, rest: [...stop.rest, Buffer.from(chunk.subarray(from))] };
        return this.settle();
      }
    }
    const left = this.scan(chunk, from, false);
    if (left >= 0) this.carry.append(chunk, left, chunk.length);
    if (this.carry.length > MAX_ROW_BYTES) this.scanStop = { kind: 'overlong', line: this.line };
    return this.settle();
  }

  /** The input ended: takes its last line when it has no line end, and hands on every row. */
  async end(): Promise<void> {
    if (!this.stop && !this.scanStop && this.carry.length > 0) {
      const last = Buffer.from(this.carry.view());
      this.carry.clear();
      this.scan(last, 0, true);
    }
    this.enqueue();
    await this.flush(true);
    if (!this.stop) this.stop = this.scanStop;
  }

  /** Stops the parsing workers, if any were started. */
  close(): void {
    this.queue.close();
  }

  /** Queues the chunk's lines, then hands on what is parsed (all of it when scanning stopped). */
  private async settle(): Promise<void> {
    this.enqueue();
    await this.flush(this.scanStop !== undefined);
    if (this.scanStop && !this.stop) this.stop = this.scanStop;
  }

  /** Queues the noted lines of the chunk and its new lines (see ParseQueue). */
  private enqueue(): void {
    if (this.lines === 0 && this.fresh === 0) return;
    const order = this.order.slice(0, 2 * this.lines);
    this.lines = 0;
    this.queue.add(this.memo, order, this.memo.size - this.fresh);
    this.fresh = 0;
  }

  /**
   * Hands on the rows of the oldest jobs that are parsed, and of more, waiting for them, when
   * `all` or when they are in memo `drain` (see ParseQueue.next), while reading goes on.
   */
  private async flush(all: boolean, drain?: LineMemo): Promise<void> {
    while (!this.stop) {
      const job = await this.queue.next(all, drain);
      if (!job) return;
      this.emit(job);
    }
  }

  /** Hands each line of the job to the sink: its row, or its problem. */
  private emit({ memo, order }: Job): void {
    const { rows, problems } = memo;
    for (let n = 0; n < order.length; n += 2) {
      const i = order[n]!;
      const line = order[n + 1]!;
      const problem = problems[i];
      if (problem === undefined) this.sink.row(rows, i, line);
      else if (!this.sink.bad(line, problem)) {
        this.stop = { kind: 'bad' };
        this.queue.clear();
        return;
      }
    }
  }

  /**
   * Cuts `buf` from `from` into lines (the last one ends at the end of `buf` when `final`) and
   * notes each; returns where the unfinished last line starts, or −1 when this path stops.
   */
  private scan(buf: Buffer, from: number, final: boolean): number {
    let s = from;
    let quote = nextByte(buf, QUOTE, s);
    let cr = nextByte(buf, CR, s);
    let prev = -1;
    let prevStart = 0;
    let prevEnd = -1;
    while (s < buf.length) {
      let nl = buf.indexOf(LF, s);
      if (nl < 0) {
        if (!final) return s;
        nl = buf.length;
      }
      if (nl - s > MAX_ROW_BYTES) {
        this.scanStop = { kind: 'overlong', line: this.line };
        return -1;
      }
      const ended = nl < buf.length;
      this.lineEnd ??= ended && cr === nl - 1 ? '\r\n' : '\n';
      const crlf = this.lineEnd === '\r\n';
      const end = crlf ? nl - 1 : nl;
      // A quote, or a CR that is not the CR of this line's CRLF: csv-parse's own business.
      if (quote < nl || (crlf ? !ended || cr !== end : cr < nl)) {
        const rest = [Buffer.from(buf.subarray(s))];
        this.scanStop = { kind: 'handover', line: this.line, lineEnd: this.lineEnd, rest };
        return -1;
      }
      if (end > s) {
        // A line like the one before it (runs are common) needs no key and no lookup.
        const same =
          end - s === prevEnd - prevStart && buf.compare(buf, prevStart, prevEnd, s, end) === 0;
        if (!same) {
          prev = this.lookUp(buf, s, end);
          prevStart = s;
          prevEnd = end;
        }
        this.place(prev);
      }
      this.line++;
      s = nl + 1;
      if (quote < s) quote = nextByte(buf, QUOTE, s);
      if (cr < s) cr = nextByte(buf, CR, s);
    }
    return s;
  }

  /** Looks the line up in the memo, or queues it for csv-parse; returns its memo row. */
  private lookUp(buf: Buffer, start: number, end: number): number {
    const known = this.memo.find(buf, start, end);
    if (known >= 0) return known;
    this.fresh++;
    return this.memo.add(buf, start, end);
  }

  /** Notes that the current line is memo row `i`. */
  private place(i: number): void {
    if (2 * this.lines + 2 > this.order.length) {
      const grown = new Float64Array(this.order.length * 2);
      grown.set(this.order);
      this.order = grown;
    }
    this.order[2 * this.lines] = i;
    this.order[2 * this.lines + 1] = this.line;
    this.lines++;
  }
}

/** Position of the next `byte` at or after `from`, or Infinity. */
function nextByte(buf: Buffer, byte: number, from: number): number {
  const at = buf.indexOf(byte, from);
  return at < 0 ? Infinity : at;
}
