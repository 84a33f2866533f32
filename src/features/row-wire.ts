/**
 * Feature rows packed for another thread: a batch of rows as typed arrays (moved, not copied, by
 * postMessage's transfer list) plus the strings of the rows (protocol, service, flag, label and
 * the two hosts) as numbers into a dictionary that both sides build alike — each batch carries
 * only the strings the other side has not seen yet. The dictionary starts over when it grows
 * past DICTIONARY_LIMIT (floods from random sources), so memory stays bounded.
 *
 * `RowPacker` (producer) and `RowUnpacker` (consumer) are used by `nad scan --jobs N` on one
 * capture: features on a worker thread, scoring and output on the main thread.
 */
import { FEATURE_COUNT, FeatureRow } from './kdd.js';
import { EXTENDED_FEATURE_COUNT } from './extended-schema.js';

/** Strings a row refers to: symbols[0..2], label, srcHost, dstHost. */
const STRINGS = 6;
/** Integer endpoint fields: ipVersion, srcPort, dstPort, ipProto, icmpType, icmpCode. */
const INTS = 6;
/** Dictionary size after which both sides start a new one. */
const DICTIONARY_LIMIT = 1 << 16;

/** One batch of rows as sent between threads. */
export interface RowWireBatch {
  rows: number;
  /** True when the dictionary starts over with this batch. */
  reset: boolean;
  /** Strings added to the dictionary by this batch, in id order. */
  added: string[];
  numbers: Float64Array;
  /** Extended columns (empty when the rows have none). */
  extended: Float64Array;
  startMicros: Float64Array;
  ints: Int32Array;
  strings: Int32Array;
}

/** The buffers of `b`, for postMessage's transfer list. */
export function transferablesOf(b: RowWireBatch): ArrayBuffer[] {
  return [b.numbers, b.extended, b.startMicros, b.ints, b.strings].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** Packs rows into batches of `capacity` rows; `send` receives each full batch. */
export class RowPacker {
  private readonly ids = new Map<string, number>();
  /** Emptied batches given back by the consumer (reused instead of allocating new ones). */
  private readonly free: RowWireBatch[] = [];
  private batch: RowWireBatch;
  private reset = false;
  /** The string and id last seen in each of a row's string slots. */
  private readonly lastString = new Array<string | undefined>(STRINGS).fill(undefined);
  private readonly lastId = new Int32Array(STRINGS);

  constructor(
    private readonly capacity: number,
    private readonly extended: boolean,
    private readonly send: (b: RowWireBatch) => void,
  ) {
    this.batch = this.allocate();
  }

  /** Adds a copy of `row`; sends the batch when it is full. */
  add(row: FeatureRow): void {
    const b = this.batch;
    const i = b.rows++;
    b.numbers.set(row.numbers, i * FEATURE_COUNT);
    if (this.extended) b.extended.set(row.extended!, i * EXTENDED_FEATURE_COUNT);
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
    b.strings[s + 4] = this.id(4, e.srcHost);
    b.strings[s + 5] = this.id(5, e.dstHost);
    if (b.rows === this.capacity) this.flush();
  }

  /** Sends the rows added since the last batch, if any. */
  flush(): void {
    if (this.batch.rows === 0) return;
    const full = this.batch;
    if (this.ids.size > DICTIONARY_LIMIT) {
      this.ids.clear();
      this.lastString.fill(undefined);
      this.reset = true;
    }
    this.batch = this.allocate();
    this.send(full);
  }

  /** The id of string `s` in slot `slot` (the previous row's string of a slot is tried first). */
  private id(slot: number, s: string): number {
    if (this.lastString[slot] === s) return this.lastId[slot]!;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.batch.added.push(s);
    }
    this.lastString[slot] = s;
    this.lastId[slot] = id;
    return id;
  }

  /** Takes back a batch the consumer is done with (its buffers are reused). */
  recycle(b: RowWireBatch): void {
    if (b.numbers.length === this.capacity * FEATURE_COUNT) this.free.push(b);
  }

  private allocate(): RowWireBatch {
    const n = this.capacity;
    const reset = this.reset;
    this.reset = false;
    const old = this.free.pop();
    if (old !== undefined) {
      old.rows = 0;
      old.reset = reset;
      old.added = [];
      return old;
    }
    return {
      rows: 0,
      reset,
      added: [],
      numbers: new Float64Array(n * FEATURE_COUNT),
      extended: new Float64Array(this.extended ? n * EXTENDED_FEATURE_COUNT : 0),
      startMicros: new Float64Array(n),
      ints: new Int32Array(n * INTS),
      strings: new Int32Array(n * STRINGS),
    };
  }
}

/** Turns batches back into rows, in order, through one reused FeatureRow. */
export class RowUnpacker {
  private dictionary: string[] = [];
  private readonly row = new FeatureRow();

  constructor(extended: boolean) {
    if (extended) this.row.extended = new Float64Array(EXTENDED_FEATURE_COUNT);
  }

  /** Calls `onRow` with each row of `b` (the same object each time, refilled). */
  unpack(b: RowWireBatch, onRow: (row: FeatureRow) => void): void {
    if (b.reset) this.dictionary = [];
    for (const s of b.added) this.dictionary.push(s);
    const d = this.dictionary;
    const row = this.row;
    const e = row.endpoints;
    const ext = row.extended;
    for (let i = 0; i < b.rows; i++) {
      row.numbers.set(b.numbers.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT));
      if (ext !== undefined)
        ext.set(b.extended.subarray(i * EXTENDED_FEATURE_COUNT, (i + 1) * EXTENDED_FEATURE_COUNT));
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
      e.srcHost = d[b.strings[s + 4]!]!;
      e.dstHost = d[b.strings[s + 5]!]!;
      onRow(row);
    }
  }
}
