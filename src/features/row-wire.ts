/**
 * Feature rows handed to another thread through shared memory: a ring of slots (one
 * SharedArrayBuffer), each holding a batch of rows as typed arrays — the 41 numbers, the
 * extended columns, start time, integer endpoint fields (IPv4 addresses among them), and the
 * other strings of a row (protocol, service, flag, label, IPv6 hosts) as ids into a dictionary
 * that both sides build alike.
 * Only a small header crosses by message: the slot, the row count and the strings the other side
 * has not seen yet. Nothing is allocated per batch. The dictionary starts over when it grows past
 * DICTIONARY_LIMIT (floods from random sources), so memory stays bounded.
 *
 * The producer must own a slot before writing it: `RowPacker` calls `claim` (which waits for a
 * credit: features-thread.ts) before the first row of each batch, and the consumer gives the
 * credit back once it has read the slot, so with as many credits as slots no slot is written
 * while it is read.
 */
import { hostText4 } from '../flow/key.js';
import { FEATURE_COUNT, FeatureRow } from './kdd.js';
import { EXTENDED_FEATURE_COUNT } from './extended-schema.js';

/** Strings a row refers to: symbols[0..2], label, srcHost, dstHost. */
const STRINGS = 6;
/**
 * Integer endpoint fields: ipVersion, srcPort, dstPort, ipProto, icmpType, icmpCode, and the
 * IPv4 source and destination addresses (int32) when the host strings are not sent as ids.
 */
const INTS = 8;
/** The string id of a host sent as an IPv4 address in the integer fields. */
const V4_HOST = -1;
/** Dictionary size after which both sides start a new one. */
const DICTIONARY_LIMIT = 1 << 16;

/** What crosses by message for one batch. */
export interface RowWireHeader {
  slot: number;
  rows: number;
  /** True when the dictionary starts over with this batch. */
  reset: boolean;
  /** Strings added to the dictionary by this batch, in id order. */
  added: string[];
}

/** Views of one slot. */
interface Slot {
  numbers: Float64Array;
  extended: Float64Array;
  startMicros: Float64Array;
  ints: Int32Array;
  strings: Int32Array;
}

/** The shape of a ring: slots, rows per slot, and whether rows carry the extended columns. */
export interface RowRing {
  buffer: SharedArrayBuffer;
  slots: number;
  rows: number;
  extended: boolean;
}

/** Bytes of one slot of `rows` rows. */
function slotBytes(rows: number, extended: boolean): number {
  const doubles = FEATURE_COUNT + (extended ? EXTENDED_FEATURE_COUNT : 0) + 1;
  return rows * (doubles * 8 + (INTS + STRINGS) * 4);
}

/** A new ring of `slots` slots of `rows` rows. */
export function newRowRing(slots: number, rows: number, extended: boolean): RowRing {
  return {
    buffer: new SharedArrayBuffer(slots * slotBytes(rows, extended)),
    slots,
    rows,
    extended,
  };
}

/** The views of every slot of `ring`. */
function slotViews(ring: RowRing): Slot[] {
  const { rows: n, extended } = ring;
  const size = slotBytes(n, extended);
  const ext = extended ? n * EXTENDED_FEATURE_COUNT : 0;
  return Array.from({ length: ring.slots }, (_, s) => {
    let at = s * size;
    const doubles = (count: number): Float64Array => {
      const a = new Float64Array(ring.buffer, at, count);
      at += count * 8;
      return a;
    };
    const ints = (count: number): Int32Array => {
      const a = new Int32Array(ring.buffer, at, count);
      at += count * 4;
      return a;
    };
    return {
      numbers: doubles(n * FEATURE_COUNT),
      extended: doubles(ext),
      startMicros: doubles(n),
      ints: ints(n * INTS),
      strings: ints(n * STRINGS),
    };
  });
}

/** Packs rows into the ring's slots in turn; `send` receives each full (or flushed) batch. */
export class RowPacker {
  private readonly ids = new Map<string, number>();
  private readonly slots: Slot[];
  private slot = 0;
  private rows = 0;
  private added: string[] = [];
  private reset = false;
  /** The string and id last seen in each of a row's string slots. */
  private readonly lastString = new Array<string | undefined>(STRINGS).fill(undefined);
  private readonly lastId = new Int32Array(STRINGS);

  constructor(
    private readonly ring: RowRing,
    /** Waits until the next slot may be written (called before a batch's first row). */
    private readonly claim: () => void,
    private readonly send: (h: RowWireHeader) => void,
  ) {
    this.slots = slotViews(ring);
  }

  /**
   * Adds a copy of `row`; sends the batch when it is full. `placed` learns where the row went
   * (before the batch can be sent), for data kept beside the ring (row-merge-keys.ts).
   */
  add(row: FeatureRow, placed?: (slot: number, index: number) => void): void {
    if (this.rows === 0) this.claim();
    const b = this.slots[this.slot]!;
    const i = this.rows++;
    placed?.(this.slot, i);
    b.numbers.set(row.numbers, i * FEATURE_COUNT);
    if (this.ring.extended) b.extended.set(row.extended!, i * EXTENDED_FEATURE_COUNT);
    const e = row.endpoints;
    b.startMicros[i] = e.startMicros;
    const n = i * INTS;
    b.ints[n] = e.ipVersion;
    b.ints[n + 1] = e.srcPort;
    b.ints[n + 2] = e.dstPort;
    b.ints[n + 3] = e.ipProto;
    b.ints[n + 4] = e.icmpType;
    b.ints[n + 5] = e.icmpCode;
    const s = i * STRINGS;
    b.strings[s] = this.id(0, row.symbols[0]);
    b.strings[s + 1] = this.id(1, row.symbols[1]);
    b.strings[s + 2] = this.id(2, row.symbols[2]);
    b.strings[s + 3] = this.id(3, row.label);
    // IPv4 hosts (2 code units: the int32 address) go as numbers, not through the dictionary.
    if (e.srcHost.length === 2) {
      b.strings[s + 4] = V4_HOST;
      b.ints[n + 6] = (e.srcHost.charCodeAt(0) << 16) | e.srcHost.charCodeAt(1);
    } else b.strings[s + 4] = this.id(4, e.srcHost);
    if (e.dstHost.length === 2) {
      b.strings[s + 5] = V4_HOST;
      b.ints[n + 7] = (e.dstHost.charCodeAt(0) << 16) | e.dstHost.charCodeAt(1);
    } else b.strings[s + 5] = this.id(5, e.dstHost);
    if (this.rows === this.ring.rows) this.flush();
  }

  /** Sends the rows added since the last batch, if any (true when it did). */
  flush(): boolean {
    if (this.rows === 0) return false;
    const h: RowWireHeader = {
      slot: this.slot,
      rows: this.rows,
      reset: this.reset,
      added: this.added,
    };
    this.slot = (this.slot + 1) % this.ring.slots;
    this.rows = 0;
    this.added = [];
    this.reset = false;
    if (this.ids.size > DICTIONARY_LIMIT) {
      this.ids.clear();
      this.lastString.fill(undefined);
      this.reset = true;
    }
    this.send(h);
    return true;
  }

  /** The id of string `s` in slot `slot` (the previous row's string of a slot is tried first). */
  private id(slot: number, s: string): number {
    if (this.lastString[slot] === s) return this.lastId[slot]!;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.added.push(s);
    }
    this.lastString[slot] = s;
    this.lastId[slot] = id;
    return id;
  }
}

/** Turns batches back into rows, in order, through one reused FeatureRow. */
export class RowUnpacker {
  private dictionary: string[] = [];
  private readonly row = new FeatureRow();
  private readonly slots: Slot[];

  constructor(ring: RowRing) {
    this.slots = slotViews(ring);
    if (ring.extended) this.row.extended = new Float64Array(EXTENDED_FEATURE_COUNT);
  }

  /** Calls `onRow` with each row of batch `h` (the same object each time, refilled). */
  unpack(h: RowWireHeader, onRow: (row: FeatureRow) => void): void {
    this.begin(h);
    for (let i = 0; i < h.rows; i++) onRow(this.rowAt(h.slot, i));
  }

  /** Takes in the strings of batch `h`: call before its rows are read (batches in order). */
  begin(h: RowWireHeader): void {
    if (h.reset) this.dictionary = [];
    for (const s of h.added) this.dictionary.push(s);
  }

  /** The start time of row `i` of slot `slot`. */
  startMicros(slot: number, i: number): number {
    return this.slots[slot]!.startMicros[i]!;
  }

  /** Row `i` of slot `slot`, in the reused row (its batch begun). */
  rowAt(slot: number, i: number): FeatureRow {
    const d = this.dictionary;
    const b = this.slots[slot]!;
    const row = this.row;
    const e = row.endpoints;
    const ext = row.extended;
    // Copied value by value: a subarray view per row would be garbage for this thread's GC.
    const numbers = row.numbers;
    for (let k = 0, at = i * FEATURE_COUNT; k < FEATURE_COUNT; k++) numbers[k] = b.numbers[at + k]!;
    if (ext !== undefined)
      for (let k = 0, at = i * EXTENDED_FEATURE_COUNT; k < EXTENDED_FEATURE_COUNT; k++)
        ext[k] = b.extended[at + k]!;
    e.startMicros = b.startMicros[i]!;
    const n = i * INTS;
    e.ipVersion = b.ints[n]!;
    e.srcPort = b.ints[n + 1]!;
    e.dstPort = b.ints[n + 2]!;
    e.ipProto = b.ints[n + 3]!;
    e.icmpType = b.ints[n + 4]!;
    e.icmpCode = b.ints[n + 5]!;
    const s = i * STRINGS;
    row.symbols[0] = d[b.strings[s]!]!;
    row.symbols[1] = d[b.strings[s + 1]!]!;
    row.symbols[2] = d[b.strings[s + 2]!]!;
    row.label = d[b.strings[s + 3]!]!;
    const src = b.strings[s + 4]!;
    const dst = b.strings[s + 5]!;
    e.srcHost = src === V4_HOST ? hostText4(b.ints[n + 6]!) : d[src]!;
    e.dstHost = dst === V4_HOST ? hostText4(b.ints[n + 7]!) : d[dst]!;
    return row;
  }
}
