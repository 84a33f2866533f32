/**
 * A binary min-heap of connection records by (start time, key): the reorder buffer that lets
 * the table emit records sorted by start time (kdd-features.md §2, "Ordering").
 */
import { compareConnections, type Connection } from './connection.js';

/** Min-heap of closed records waiting for emission. */
export class RecordHeap {
  private readonly items: Connection[] = [];

  /** Number of records held. */
  get size(): number {
    return this.items.length;
  }

  /** The earliest record, or undefined when empty. */
  peek(): Connection | undefined {
    return this.items[0];
  }

  /** Adds a record. */
  push(c: Connection): void {
    const a = this.items;
    a.push(c);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareConnections(a[parent]!, c) <= 0) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = c;
  }

  /** Removes and returns the earliest record. */
  pop(): Connection | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && compareConnections(a[r]!, a[l]!) < 0 ? r : l;
      if (compareConnections(a[child]!, last) >= 0) break;
      a[i] = a[child]!;
      i = child;
    }
    a[i] = last;
    return top;
  }
}

/**
 * Open connections in creation order (≈ start order), closed (or reused) ones dropped lazily from
 * the front: gives the earliest-starting open connection in amortised O(1) for the reorder
 * buffer (§2).
 */
export class CreationOrder {
  private items: Connection[] = [];
  private gens: number[] = [];
  private head = 0;

  /** Appends a new connection. */
  push(c: Connection): void {
    this.items.push(c);
    this.gens.push(c.gen);
  }

  /** The earliest-created connection that is still open. */
  first(): Connection | undefined {
    while (this.head < this.items.length && this.gone(this.head)) this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.gens = this.gens.slice(this.head);
      this.head = 0;
    }
    return this.items[this.head];
  }

  /** Up to `n` of the earliest-created open connections. */
  *earliest(n: number): Generator<Connection> {
    const a = this.items;
    for (let i = this.head; i < a.length && n > 0; i++) {
      if (this.gone(i)) continue;
      n--;
      yield a[i]!;
    }
  }

  private gone(i: number): boolean {
    const c = this.items[i]!;
    return c.closed || c.gen !== this.gens[i];
  }
}

/**
 * The reorder buffer (§2 "Ordering"): records mostly close in start order, so a record not
 * earlier than the last one appended goes to a sorted run (O(1)); only out-of-order records go
 * to the heap. peek/pop take the smaller of the two heads.
 */
export class ReorderBuffer {
  private run: Connection[] = [];
  private head = 0;
  private readonly heap = new RecordHeap();
  /** What the last peek() found (until the next push or pop), and whether it is the heap's. */
  private peeked: Connection | undefined = undefined;
  private peekedHeap = false;

  /** Number of records held. */
  get size(): number {
    return this.run.length - this.head + this.heap.size;
  }

  /** Adds a record. */
  push(c: Connection): void {
    this.peeked = undefined;
    const last = this.run[this.run.length - 1];
    if (this.run.length === this.head || compareConnections(last!, c) <= 0) this.run.push(c);
    else this.heap.push(c);
  }

  /** The earliest record, or undefined when empty. */
  peek(): Connection | undefined {
    if (this.peeked !== undefined) return this.peeked;
    const r = this.run[this.head];
    const h = this.heap.peek();
    this.peekedHeap = r === undefined || (h !== undefined && compareConnections(h, r) < 0);
    this.peeked = this.peekedHeap ? h : r;
    return this.peeked;
  }

  /** Removes and returns the earliest record. */
  pop(): Connection | undefined {
    if (this.peeked === undefined) this.peek();
    this.peeked = undefined;
    if (this.peekedHeap) return this.heap.pop();
    const r = this.run[this.head];
    this.head++;
    if (this.head === this.run.length) {
      this.run = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.run.length) {
      this.run = this.run.slice(this.head);
      this.head = 0;
    }
    return r;
  }
}
