/**
 * An open-addressing hash table from keys of three int32 words to positive int32 values, held in
 * one typed array (a slot is four words: key a, b, c and the value, so a probe touches one cache
 * line; linear probing, backward-shift deletion, no tombstones): the per-source windows'
 * counters and address ids (source-windows.ts) without an object or a string per entry. The
 * hash is seeded per process (flow/key.ts keyHash), so a crafted capture cannot aim its keys at
 * one slot; no output depends on where an entry sits. The table grows with its peak content and
 * is not shrunk (the windows bound what they hold).
 */
import { keyHash } from '../flow/key.js';

/** Slots of a new table; a power of two. */
const MIN_CAPACITY = 256;

/** Keys (a, b, c) → values > 0; an absent key reads as 0. */
export class IntTable {
  /** Slot i is words 4i … 4i + 3: a, b, c, value (0: empty). */
  private w = new Int32Array(4 * MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  /** Keys held. */
  size = 0;

  /**
   * Adds `d` to the value of (a, b, c) (absent: 0) and returns the new value; a key whose value
   * becomes 0 is removed. Values must stay ≥ 0.
   */
  add(a: number, b: number, c: number, d: number): number {
    const i = this.find(a, b, c);
    if (i < 0) {
      if (d !== 0) this.insertAt(~i, a, b, c, d);
      return d;
    }
    const n = this.w[(i << 2) + 3]! + d;
    if (n !== 0) this.w[(i << 2) + 3] = n;
    else this.removeAt(i);
    return n;
  }

  /** The slot of (a, b, c), or ~slot (negative) of the empty slot where it would go. */
  find(a: number, b: number, c: number): number {
    const { w, mask } = this;
    for (let i = keyHash(c, a, b, 0) & mask; ; i = (i + 1) & mask) {
      const at = i << 2;
      if (w[at + 3] === 0) return ~i;
      if (w[at] === a && w[at + 1] === b && w[at + 2] === c) return i;
    }
  }

  /** The value in slot `i` (from find). */
  valueAt(i: number): number {
    return this.w[(i << 2) + 3]!;
  }

  /** Puts (a, b, c) → v (v > 0) in the empty slot `i` that find gave (~result); nothing else
   *  may change the table in between. */
  insertAt(i: number, a: number, b: number, c: number, v: number): void {
    const { w } = this;
    const at = i << 2;
    w[at] = a;
    w[at + 1] = b;
    w[at + 2] = c;
    w[at + 3] = v;
    if (++this.size * 2 > this.mask + 1) this.grow();
  }

  /** Empties slot `i`, moving later entries of its probe run back so that lookups still find them. */
  private removeAt(i: number): void {
    const { w, mask } = this;
    this.size--;
    for (let j = i; ;) {
      w[(i << 2) + 3] = 0;
      let home: number;
      let at: number;
      do {
        j = (j + 1) & mask;
        at = j << 2;
        if (w[at + 3] === 0) return;
        home = keyHash(w[at + 2]!, w[at]!, w[at + 1]!, 0) & mask;
        // The entry at j may fill the hole at i unless its home lies cyclically in (i, j].
      } while (i <= j ? i < home && home <= j : i < home || home <= j);
      const to = i << 2;
      w[to] = w[at]!;
      w[to + 1] = w[at + 1]!;
      w[to + 2] = w[at + 2]!;
      w[to + 3] = w[at + 3]!;
      i = j;
    }
  }

  /** Doubles the slots, rehashing every entry. */
  private grow(): void {
    const old = this.w;
    const w = (this.w = new Int32Array(old.length * 2));
    const mask = (this.mask = (w.length >> 2) - 1);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] === 0) continue;
      let i = keyHash(old[at + 2]!, old[at]!, old[at + 1]!, 0) & mask;
      while (w[(i << 2) + 3] !== 0) i = (i + 1) & mask;
      for (let k = 0; k < 4; k++) w[(i << 2) + k] = old[at + k]!;
    }
  }
}
