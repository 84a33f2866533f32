/**
 * The memory of the KDD fast path (kdd-lines.ts): the distinct lines seen, each with its
 * validated row or its problem, and a growing byte buffer for lines cut across chunks and
 * batches of new lines.
 */
import { KDD_FEATURE_COUNT } from '../features/schema.js';
import {
  RowColumns,
  SYMBOL_COUNT,
  TEXT_PER_ROW,
  type ParsedBatch,
  type RowProblem,
} from './kdd-rows.js';

/** Distinct lines remembered before the memo starts afresh. */
const MEMO_LINES = 1 << 16;

/** Distinct lines (as latin1 text, one character per byte) and their validated rows. */
export class LineMemo {
  readonly rows = new RowColumns(MEMO_LINES); // allocated, not touched, until used
  /** The problem of each bad line; undefined for a good one. */
  readonly problems: (RowProblem | undefined)[] = [];
  size = 0;
  private readonly index = new Map<string, number>();
  /** One string per distinct symbol or label, so rows share them. */
  private readonly strings = new Map<string, string>();

  /** Whether the memo should start afresh (bounds its memory, ~30 MB). */
  get full(): boolean {
    return this.size >= MEMO_LINES;
  }

  /** Forgets every line; only when no row waiting to be handed on refers to the memo. */
  clear(): void {
    this.index.clear();
    this.strings.clear();
    this.problems.length = 0;
    this.size = 0;
  }

  /** Row of a line seen before. */
  find(key: string): number | undefined {
    return this.index.get(key);
  }

  /** A row for a new line, to be filled by set(). */
  add(key: string): number {
    const i = this.size++;
    this.index.set(key, i);
    this.rows.reserve(i);
    return i;
  }

  /** Fills rows `first …` from a parsed batch of the lines added from `first` on. */
  fill(first: number, batch: ParsedBatch): void {
    const n = batch.problems.length;
    const rows = this.rows;
    rows.values.set(batch.values.subarray(0, n * KDD_FEATURE_COUNT), first * KDD_FEATURE_COUNT);
    const strings = batch.strings.map((s) => this.intern(s));
    const text = batch.text;
    for (let j = 0; j < n; j++) {
      const i = first + j;
      const problem = batch.problems[j];
      this.problems[i] = problem;
      if (problem !== undefined) continue;
      for (let k = 0; k < SYMBOL_COUNT; k++)
        rows.symbols[i * SYMBOL_COUNT + k] = strings[text[j * TEXT_PER_ROW + k]!]!;
      rows.labels[i] = strings[text[j * TEXT_PER_ROW + SYMBOL_COUNT]!]!;
    }
  }

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }
}

/** A growing byte buffer. */
export class Bytes {
  private buf: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Appends `src[start, end)`. */
  append(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    this.buf.set(src.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** Appends one byte. */
  push(byte: number): void {
    this.room(1);
    this.buf[this.length++] = byte;
  }

  /** The bytes so far (a view, valid until the next change). */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** Empties the buffer. */
  clear(): void {
    this.length = 0;
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.length + n, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
}
