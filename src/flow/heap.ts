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
