/**
 * The memory of the KDD fast path (kdd-lines.ts): the distinct lines seen, each with its
 * validated row or its problem, and a growing byte buffer (for lines cut across chunks, and the
 * text of the distinct lines).
 */
import { KDD_FEATURE_COUNT } from '../features/schema.js';
import {
  RowColumns,
  SYMBOL_COUNT,
  TEXT_PER_ROW,
  type ParsedBatch,
  type RowProblem,
} from './kdd-rows.js';

const LF = 0x0a;
/** Distinct lines a memo holds before the reader starts a fresh one. */
const MEMO_LINES = 1 << 16;
/** Bytes of distinct lines a memo holds before the reader starts a fresh one. */
const MEMO_BYTES = 32 << 20;

/**
 * Distinct lines (their bytes, each followed by LF) and their validated rows. A line is found by
 * a hash of its bytes in an open-addressing table, then compared byte for byte: no string is made
 * per line.
 */
export class LineMemo {
  readonly rows = new RowColumns(MEMO_LINES); // allocated, not touched, until used
  /** The problem of each bad line; undefined for a good one. */
  readonly problems: (RowProblem | undefined)[] = [];
  size = 0;
  /** The bytes of the distinct lines, one after the other. */
  private readonly text = new Bytes(1 << 20);
  /** Per row: hash of its line, and where the line starts in `text` and ends (one past). */
  private lines: Int32Array = new Int32Array(3 * MEMO_LINES);
  /** Slots of row + 1 (0: empty), at most half full (a quarter, until the memo is full). */
  private table = new Int32Array(4 * MEMO_LINES);
  /** Hash and slot of the line find() last missed, for add(). */
  private missHash = 0;
  private missSlot = 0;
  /** One string per distinct symbol or label, so rows share them. */
  private readonly strings = new Map<string, string>();

  /** Whether to start a fresh memo (bounds its memory: ~35 MB for KDD lines). */
  get full(): boolean {
    return this.size >= MEMO_LINES || this.text.length >= MEMO_BYTES;
  }

  /** Row of the line `buf[start, end)` if it was seen before, else −1. */
  find(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
    const { lines, table } = this;
    const text = this.text.bytes;
    const mask = table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const i = table[slot]! - 1;
      if (i < 0) {
        this.missHash = h;
        this.missSlot = slot;
        return -1;
      }
      const from = lines[3 * i + 1]!;
      if (lines[3 * i] === h && lines[3 * i + 2]! - from === end - start) {
        let k = 0;
        while (k < end - start && text[from + k] === buf[start + k]) k++;
        if (k === end - start) return i;
      }
    }
  }

  /** A row, to be filled by fill(), for the line `buf[start, end)` that find() just missed. */
  add(buf: Uint8Array, start: number, end: number): number {
    const i = this.size++;
    if (3 * i + 3 > this.lines.length) this.lines = grown(this.lines, 3 * i + 3);
    this.lines[3 * i] = this.missHash;
    this.lines[3 * i + 1] = this.text.length;
    this.text.append(buf, start, end);
    this.lines[3 * i + 2] = this.text.length;
    this.text.push(LF);
    this.table[this.missSlot] = i + 1;
    if (2 * this.size > this.table.length) this.rehash();
    this.rows.reserve(i);
    return i;
  }

  /** The lines of rows `first` to `end`, each ending in LF (a view, valid until the next change). */
  linesOf(first: number, end: number): Buffer {
    const to = end < this.size ? this.lines[3 * end + 1] : this.text.length;
    return this.text.view().subarray(this.lines[3 * first + 1], to);
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

  /** Doubles the table and places every row again. */
  private rehash(): void {
    const table = new Int32Array(2 * this.table.length);
    const mask = table.length - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = this.lines[3 * i]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
  }
}

/** A 32-bit hash of `buf[start, end)` (FNV-1a over 4-byte words, then mixed). */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  let p = start;
  for (; p + 4 <= end; p += 4) {
    h = Math.imul(
      h ^ (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)),
      0x01000193,
    );
    h ^= h >>> 13;
  }
  for (; p < end; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** A copy of `a` with room for at least `need` entries (doubling). */
function grown(a: Int32Array, need: number): Int32Array {
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
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
    const buf = this.buf;
    if (end - start < 256) for (let p = start, at = this.length; p < end;) buf[at++] = src[p++]!;
    else buf.set(src.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** Appends one byte. */
  push(byte: number): void {
    this.room(1);
    this.buf[this.length++] = byte;
  }

  /** The underlying buffer: the bytes so far, then room (valid until the next change). */
  get bytes(): Buffer {
    return this.buf;
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
