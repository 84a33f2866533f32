/**
 * The open connections of the table by key (kdd-features.md §2, "Key"). IPv4 keys are numbers
 * (flow/key.ts PacketKey), held in an open-addressing hash table with linear probing and
 * backward-shift deletion: no key string and no map entry is allocated per connection. Each
 * slot's hash sits in a typed array, so probing and shifting rarely touch other records. IPv6
 * keys are text in a Map.
 */
import type { Connection } from './connection.js';
import type { PacketKey } from './key.js';

/** True when `c` has the key of `pk`. */
export function hasKey(c: Connection, pk: PacketKey): boolean {
  if (c.ipVersion !== 4) return c.key6 === pk.key && pk.key !== '';
  return c.keyLo === pk.lo && c.keyHi === pk.hi && c.keyPorts === pk.ports && c.keyHead === pk.head;
}

/** Open connections by key; at most one per key. */
export class OpenConnections {
  private slots: (Connection | undefined)[] = new Array<Connection | undefined>(1024);
  private hashes = new Int32Array(1024);
  private mask = 1023;
  private count4 = 0;
  private readonly v6 = new Map<string, Connection>();

  /** Number of open connections. */
  get size(): number {
    return this.count4 + this.v6.size;
  }

  /** The open connection with the key of `pk`. */
  get(pk: PacketKey): Connection | undefined {
    if (pk.key !== '') return this.v6.get(pk.key);
    const slots = this.slots;
    const hashes = this.hashes;
    const hash = pk.hash;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const c = slots[i];
      if (c === undefined || (hashes[i] === hash && hasKey(c, pk))) return c;
    }
  }

  /** Adds `c`, whose key is not open. */
  add(c: Connection): void {
    if (c.ipVersion !== 4) {
      this.v6.set(c.key6, c);
      return;
    }
    if (2 * (this.count4 + 1) > this.slots.length) this.grow();
    this.place(c);
    this.count4++;
  }

  /** Removes `c` (which must be open). */
  delete(c: Connection): void {
    if (c.ipVersion !== 4) {
      this.v6.delete(c.key6);
      return;
    }
    const slots = this.slots;
    const hashes = this.hashes;
    const mask = this.mask;
    let i = c.keyHash & mask;
    while (slots[i] !== c) i = (i + 1) & mask;
    // Backward shift: entries after the hole that may move into it do, so probes stay unbroken.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const e = slots[j];
      if (e === undefined) break;
      const home = hashes[j]! & mask;
      // `e` stays when its home lies cyclically in (i, j].
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      slots[i] = e;
      hashes[i] = hashes[j]!;
      i = j;
    }
    slots[i] = undefined;
    this.count4--;
  }

  /** Removes every connection. */
  clear(): void {
    this.slots = new Array<Connection | undefined>(1024);
    this.hashes = new Int32Array(1024);
    this.mask = 1023;
    this.count4 = 0;
    this.v6.clear();
  }

  private place(c: Connection): void {
    const slots = this.slots;
    let i = c.keyHash & this.mask;
    while (slots[i] !== undefined) i = (i + 1) & this.mask;
    slots[i] = c;
    this.hashes[i] = c.keyHash;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Array<Connection | undefined>(old.length * 2);
    this.hashes = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    for (const c of old) if (c !== undefined) this.place(c);
  }
}
