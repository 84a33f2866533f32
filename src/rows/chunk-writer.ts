/**
 * Output lines written as bytes into chunks of about 64 KiB, handed to a sink one chunk at a
 * time: no string per line, no string concatenation, no UTF-8 encoding of a whole chunk. The
 * buffer is reused when the sink says it is done with the chunk (written or copied); otherwise
 * the sink keeps it (a stream may still be writing it) and the next chunk gets a new buffer.
 */
import { Buffer } from 'node:buffer';

/** Bytes gathered before a chunk goes to the sink. */
const FLUSH_BYTES = 1 << 16;
/** Room of a chunk: a line started below FLUSH_BYTES usually fits. */
const CHUNK_BYTES = FLUSH_BYTES + (1 << 14);

/** Whole numbers below this are written from a table (every port and address byte). */
const SMALL = 1 << 16;
/** Room for the digits of one number below SMALL. */
const SMALL_DIGITS = 5;
/** The decimal digits of each v < SMALL at v × SMALL_DIGITS, and their count. */
const SMALL_TEXT = new Uint8Array(SMALL * SMALL_DIGITS);
const SMALL_LENGTH = new Uint8Array(SMALL);
for (let v = 0; v < SMALL; v++) {
  const digits = String(v);
  SMALL_LENGTH[v] = digits.length;
  for (let i = 0; i < digits.length; i++) SMALL_TEXT[v * SMALL_DIGITS + i] = digits.charCodeAt(i);
}
/** The two digits of each 0–99 (`00`…`99`) at 2 × v. */
const PAIRS = new Uint8Array(200);
for (let v = 0; v < 100; v++) {
  PAIRS[2 * v] = 48 + Math.floor(v / 10);
  PAIRS[2 * v + 1] = 48 + (v % 10);
}

/** ASCII bytes of `s` (every character below U+0080). */
export function asciiBytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

/** A chunked byte writer. */
export class ChunkWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;

  /** `sink` returns true when it no longer needs the chunk. */
  constructor(private readonly sink: (chunk: Uint8Array) => boolean) {}

  /** Makes room for `n` more bytes (a line's most). */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  /** Copies `b` (within the reserved room). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (n > 32) {
      this.buf.set(b, this.pos);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** Writes a string of ASCII characters (within the reserved room). */
  ascii(s: string): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Writes the decimal digits of a whole number 0 ≤ v < 2^53 (within the reserved room). */
  uint(v: number): void {
    if (v < SMALL) {
      // Ports and address bytes: the digits from the table.
      const n = SMALL_LENGTH[v]!;
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0, at = v * SMALL_DIGITS; i < n; i++) buf[p++] = SMALL_TEXT[at + i]!;
      this.pos = p;
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; digits++) t = t <= 0x7fffffff ? (t / 10) | 0 : Math.floor(t / 10);
    this.digits(v, digits);
  }

  /** Writes the `digits` lowest decimal digits of a whole number v ≥ 0, zero-padded. */
  digits(v: number, digits: number): void {
    const buf = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    if (v <= 0x7fffffff) {
      // Integer division (microseconds), two digits at a time.
      let i = 0;
      for (; i + 1 < digits; i += 2) {
        const q = (v / 100) | 0;
        const r = 2 * (v - q * 100);
        buf[--p] = PAIRS[r + 1]!;
        buf[--p] = PAIRS[r]!;
        v = q;
      }
      for (; i < digits; i++) {
        const q = (v / 10) | 0;
        buf[--p] = 48 + (v - q * 10);
        v = q;
      }
      return;
    }
    for (let i = 0; i < digits; i++) {
      const q = Math.floor(v / 10);
      buf[--p] = 48 + (v - q * 10);
      v = q;
    }
  }

  /** Writes one byte (within the reserved room). */
  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  /** Ends a line: a newline, and the chunk goes to the sink once it holds FLUSH_BYTES. */
  endLine(): void {
    this.buf[this.pos++] = 10;
    if (this.pos >= FLUSH_BYTES) this.flush();
  }

  /** Hands what is gathered to the sink. */
  flush(): void {
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    this.pos = 0;
    if (!this.sink(chunk)) this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
  }
}
