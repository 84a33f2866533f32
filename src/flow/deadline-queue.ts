/**
 * The expiry queue of the connection table: open connections by deadline (DeadlineQueue).
 */
import type { Connection } from './connection.js';

/**
 * Open connections by the deadline they had when queued (`queuedMicros`), for expiry on packet
 * time (§2 "Timeouts"). Lazy: a connection whose deadline moved later is re-queued when its old
 * deadline comes up, so each packet costs nothing here and each connection is re-queued at most
 * once per timeout period. Entries keep the connection's generation and deadline as queued, so a
 * record reused by a ConnectionPool meanwhile is recognised as stale (see `stale`).
 *
 * Deadlines mostly arrive in order — a new connection's is the packet time plus one of a few
 * timeouts — so entries go to up to MAX_LANES first-in-first-out lanes, each kept in
 * non-decreasing deadline order (an entry joins the lane with the latest tail not after it), and
 * only an entry that fits no lane goes to a binary heap. Push and pop are then O(1) for almost
 * every entry instead of O(log n) over every open connection; the earliest entry is the least of
 * the lane heads and the heap's top.
 */
export class DeadlineQueue {
  private readonly lanes: DeadlineLane[] = [];
  private readonly heap = new DeadlineHeap();
  /** Where the earliest entry is: a lane index, MAX_LANES for the heap, −1 unknown/empty. */
  private at = -1;

  /** The earliest queued deadline, or Infinity when empty. */
  firstMicros(): number {
    const i = this.earliest();
    if (i < 0) return Infinity;
    return i === MAX_LANES ? this.heap.firstMicros() : this.lanes[i]!.firstMicros();
  }

  /** True when the earliest entry's connection was reused since it was queued. */
  stale(): boolean {
    const i = this.earliest();
    return i === MAX_LANES ? this.heap.stale() : this.lanes[i]!.stale();
  }

  /** Queues `c` at `c.queuedMicros`. */
  push(c: Connection): void {
    this.at = -1;
    const at = c.queuedMicros;
    let best = -1;
    let bestTail = -Infinity;
    for (let i = 0; i < this.lanes.length; i++) {
      const tail = this.lanes[i]!.tailMicros();
      if (tail <= at && (best < 0 || tail > bestTail)) {
        best = i;
        bestTail = tail;
      }
    }
    if (best < 0 && this.lanes.length < MAX_LANES) {
      best = this.lanes.length;
      this.lanes.push(new DeadlineLane());
    }
    if (best < 0) this.heap.push(c);
    else this.lanes[best]!.push(c, at);
  }

  /** Removes and returns the connection with the earliest queued deadline. */
  pop(): Connection | undefined {
    const i = this.earliest();
    this.at = -1;
    if (i < 0) return undefined;
    return i === MAX_LANES ? this.heap.pop() : this.lanes[i]!.shift();
  }

  /** Finds (and remembers until the next push or pop) where the earliest entry is. */
  private earliest(): number {
    if (this.at >= 0) return this.at;
    let best = -1;
    let first = Infinity;
    for (let i = 0; i < this.lanes.length; i++) {
      const t = this.lanes[i]!.firstMicros();
      if (t < first) {
        first = t;
        best = i;
      }
    }
    if (this.heap.firstMicros() < first) best = MAX_LANES;
    this.at = best;
    return best;
  }
}

/** Lanes of a DeadlineQueue. */
const MAX_LANES = 8;

/** A first-in-first-out run of entries whose deadlines never decrease. */
class DeadlineLane {
  private items: Connection[] = [];
  private gens: number[] = [];
  private ats: number[] = [];
  private head = 0;

  /** The last entry's deadline; −Infinity when empty (any entry fits). */
  tailMicros(): number {
    return this.head === this.ats.length ? -Infinity : this.ats[this.ats.length - 1]!;
  }

  firstMicros(): number {
    return this.head === this.ats.length ? Infinity : this.ats[this.head]!;
  }

  stale(): boolean {
    return this.items[this.head]!.gen !== this.gens[this.head];
  }

  push(c: Connection, at: number): void {
    this.items.push(c);
    this.gens.push(c.gen);
    this.ats.push(at);
  }

  shift(): Connection | undefined {
    const c = this.items[this.head];
    this.items[this.head++] = undefined as unknown as Connection; // not kept alive
    if (this.head === this.items.length) {
      this.items = [];
      this.gens = [];
      this.ats = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.gens = this.gens.slice(this.head);
      this.ats = this.ats.slice(this.head);
      this.head = 0;
    }
    return c;
  }
}

/** The binary min-heap of a DeadlineQueue for the entries that fit no lane. */
class DeadlineHeap {
  private readonly items: Connection[] = [];
  private readonly gens: number[] = [];
  private readonly ats: number[] = [];

  /** The earliest queued deadline, or Infinity when empty. */
  firstMicros(): number {
    return this.ats.length === 0 ? Infinity : this.ats[0]!;
  }

  /** True when the earliest entry's connection was reused since it was queued. */
  stale(): boolean {
    return this.items[0]!.gen !== this.gens[0];
  }

  /** Queues `c` at `c.queuedMicros`. */
  push(c: Connection): void {
    const at = c.queuedMicros;
    let i = this.items.length;
    this.items.push(c);
    this.gens.push(c.gen);
    this.ats.push(at);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.ats[parent]! <= at) break;
      this.move(parent, i);
      i = parent;
    }
    this.set(i, c, c.gen, at);
  }

  /** Removes and returns the connection with the earliest queued deadline. */
  pop(): Connection | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    const lastGen = this.gens.pop()!;
    const lastAt = this.ats.pop()!;
    if (a.length === 0 || last === undefined) return top;
    const t = this.ats;
    let i = 0;
    const n = a.length;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && t[r]! < t[l]! ? r : l;
      if (t[child]! >= lastAt) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, last, lastGen, lastAt);
    return top;
  }

  private move(from: number, to: number): void {
    this.set(to, this.items[from]!, this.gens[from]!, this.ats[from]!);
  }

  private set(i: number, c: Connection, gen: number, at: number): void {
    this.items[i] = c;
    this.gens[i] = gen;
    this.ats[i] = at;
  }
}
