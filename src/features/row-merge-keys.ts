/**
 * The order of rows from the tables of a fan-out (flow/release-gate.ts): each row carries the
 * sweep that released it and its connection's key, and rows sorted by (sweep, start, key) are in
 * the order one table gives them (it emits each sweep's records by start, then key:
 * flow/connection.ts compareConnections). The keys sit in a ring of their own, beside the rows'
 * ring (row-wire.ts), slot for slot and row for row.
 */
import type { Connection } from '../flow/connection.js';

/** Int32 words per row: the sweep, then the key's UTF-16 units two to a word (19 at most). */
const KEY_WORDS = 11;

/** A ring of keys for `slots` slots of `rows` rows. */
export function newKeyRing(slots: number, rows: number): SharedArrayBuffer {
  return new SharedArrayBuffer(slots * rows * KEY_WORDS * 4);
}

/** Reads and writes the keys of a key ring. */
export class MergeKeys {
  private readonly words: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    /** Rows per slot. */
    private readonly rows: number,
  ) {
    this.words = new Int32Array(buffer);
  }

  /** Writes the key of row `i` of slot `slot`: released at sweep `sweep`, connection `c`. */
  put(slot: number, i: number, sweep: number, c: Connection): void {
    const w = this.words;
    const at = (slot * this.rows + i) * KEY_WORDS;
    w.fill(0, at, at + KEY_WORDS);
    w[at] = sweep;
    if (c.ipVersion === 4) {
      // The units of keyText4: head, lo (2), lower port, hi (2), higher port.
      w[at + 1] = (c.keyHead << 16) | (c.keyLo >>> 16);
      w[at + 2] = (c.keyLo << 16) | (c.keyPorts >>> 16);
      w[at + 3] = c.keyHi;
      w[at + 4] = c.keyPorts << 16;
      return;
    }
    const k = c.key6;
    for (let u = 0; u < k.length; u++) {
      const shift = u & 1 ? 0 : 16;
      w[at + 1 + (u >> 1)]! |= k.charCodeAt(u) << shift;
    }
  }

  /** The sweep of row `i` of slot `slot`. */
  sweep(slot: number, i: number): number {
    return this.words[(slot * this.rows + i) * KEY_WORDS]!;
  }

  /** Compares the keys (not the sweeps) of two rows: negative when a's comes first. */
  compareKeys(slotA: number, a: number, other: MergeKeys, slotB: number, b: number): number {
    const x = this.words;
    const y = other.words;
    const i = (slotA * this.rows + a) * KEY_WORDS;
    const j = (slotB * other.rows + b) * KEY_WORDS;
    for (let k = 1; k < KEY_WORDS; k++) {
      const d = (x[i + k]! >>> 0) - (y[j + k]! >>> 0);
      if (d !== 0) return d;
    }
    return 0;
  }
}
