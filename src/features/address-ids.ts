/**
 * Small integer ids for the addresses the per-source windows hold (source-windows.ts), so that
 * their counters are keyed by numbers: an IPv4 address is looked up by its int32 value (no
 * string is made), any other address by its packed text (flow/key.ts). Ids are reference
 * counted: an id lives while something holds it, then it and its slot are reused.
 */
import { IntTable } from './int-table.js';

/** Address → id, with a reference count per id. */
export class AddressIds {
  private readonly v4 = new IntTable();
  private readonly text = new Map<string, number>();
  /** Per id, side by side: its reference count (2 id) and IPv4 address (2 id + 1). */
  private rec = new Int32Array(2 * 1024);
  /** Per id: its text (undefined for IPv4 ids). */
  private readonly texts: (string | undefined)[] = [];
  /** Released ids, reused first. */
  private readonly free: number[] = [];
  /** Ids handed out so far (every id is below it). */
  used = 0;

  /** The id of an IPv4 address (int32), held once more. */
  acquire4(addr: number): number {
    const slot = this.v4.find(addr, 0, 0);
    let id: number;
    if (slot >= 0) id = this.v4.valueAt(slot) - 1;
    else {
      id = this.newId();
      this.v4.insertAt(~slot, addr, 0, 0, id + 1);
      this.rec[2 * id + 1] = addr;
    }
    this.rec[2 * id]!++;
    return id;
  }

  /** The id of an address given as text (packed IPv6, or any other name), held once more. */
  acquireText(host: string): number {
    let id = this.text.get(host);
    if (id === undefined) {
      id = this.newId();
      this.text.set(host, id);
      this.texts[id] = host;
    }
    this.rec[2 * id]!++;
    return id;
  }

  /** Holds `id` once more. */
  retain(id: number): void {
    this.rec[2 * id]!++;
  }

  /** Lets go of `id` once; the last release forgets the address. */
  release(id: number): void {
    if (--this.rec[2 * id]! !== 0) return;
    const host = this.texts[id];
    if (host === undefined) this.v4.add(this.rec[2 * id + 1]!, 0, 0, -(id + 1));
    else {
      this.text.delete(host);
      this.texts[id] = undefined;
    }
    this.free.push(id);
  }

  private newId(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    if (2 * this.used === this.rec.length) this.rec = grown(this.rec, this.used * 4);
    return this.used++;
  }
}

/** A copy of `a` with room for `n` values (the new ones 0). */
export function grown(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
