/**
 * Per-source windows of the extended set (docs/extended-features.md "Per-source windows"),
 * keyed by the originator's address and computed in start-time order like the KDD windows
 * (windows.ts), the current record included: every record of the source that started within
 * the last 60 s (SourceTimeWindow), and the last 100 records of the source (SourceCountWindow,
 * source-count-window.ts). Counts are kept incrementally per source, so a record costs O(1)
 * table updates on entry and exit. Addresses are ids (address-ids.ts) and every count sits in a
 * typed array (int-table.ts): a record makes no object and no string. Memory is bounded: the
 * time window holds at most MAX_TIME_ENTRIES records (the oldest leave first), the count window
 * the most recently active MAX_SOURCES sources.
 */
import { grown, type AddressIds } from './address-ids.js';
import { IntTable } from './int-table.js';

/** Records kept by the 60 s window at most (a flood beyond that shortens the window). */
export const MAX_TIME_ENTRIES = 1 << 20;
/** Sources kept by the count window at most (the least recently active are forgotten). */
export const MAX_SOURCES = 1 << 17;
/** How far back the count window reaches (s): its records started less than this before. */
export const SOURCE_HORIZON_SEC = 300;

/** What a source window needs of one record (copied; the caller may reuse it). */
export interface SourceEntry {
  startMicros: number;
  /** Originator and responder addresses: ids of the windows' AddressIds, held by the caller
   *  while it pushes (each window holds what it keeps). */
  src: number;
  dst: number;
  /** Responder port; 0 for ICMP. */
  dstPort: number;
  /** A failed TCP connection (row-windows.ts failedFlag). */
  failed: boolean;
  /** The record carried an HTTP request; and at least one 4xx response. */
  http: boolean;
  http4xx: boolean;
  /** The record showed a failed login (app-protocol.ts). */
  authFail: boolean;
}

/** The window columns of one record. */
export interface SourceCounts {
  connections: number;
  failed: number;
  dstHosts: number;
  dstPorts: number;
  /** Records to the same destination host and port as this one. */
  sameDst: number;
  http: number;
  http4xx: number;
  authFail: number;
}

/** A zeroed SourceCounts to reuse. */
export function emptySourceCounts(): SourceCounts {
  return {
    connections: 0, failed: 0, dstHosts: 0, dstPorts: 0, sameDst: 0, http: 0, http4xx: 0,
    authFail: 0,
  }; // prettier-ignore
}

/** Bits of a record's flags as the windows store them. */
export const Bit = { failed: 1, http: 2, http4xx: 4, authFail: 8 } as const;

/** The flag bits of an entry. */
export function flagBits(e: SourceEntry): number {
  return (
    (e.failed ? Bit.failed : 0) |
    (e.http ? Bit.http : 0) |
    (e.http4xx ? Bit.http4xx : 0) |
    (e.authFail ? Bit.authFail : 0)
  );
}

/**
 * Per-source values, COUNTER_WORDS words per id: records, failed, http, http 4xx, distinct hosts,
 * distinct ports, the one destination host and port of a single-destination source, and
 * records with a failed login.
 */
export const COUNTER_WORDS = 9;
const HOSTS = 4;
const PORTS = 5;
const ONE_HOST = 6;
const ONE_PORT = 7;
const AUTH_FAIL = 8;

/**
 * Incremental counts per source over the records a window holds: per-source totals, and
 * per-(source, host), (source, port) and (source, host, port) tallies whose sizes per source
 * are the distinct counts. Most sources send to one host and port: while all of a source's
 * records do, that destination is kept with the source (its distinct-hosts word is 0) and the
 * tallies are not touched; the second destination moves the source's records to the tallies.
 */
export class SourceCounters {
  private stats: Int32Array;
  private readonly hosts = new IntTable();
  private readonly ports = new IntTable();
  private readonly pairs = new IntTable();

  /** `stride` ≥ COUNTER_WORDS: words per source; the caller may use those past the counts. */
  constructor(
    private readonly ids: AddressIds,
    private readonly stride = COUNTER_WORDS,
  ) {
    this.stats = new Int32Array(stride * 1024);
  }

  /** The per-source words (source `src` at `src * stride`), with room for `src`; valid until
   *  the next reserve or count. */
  reserve(src: number): Int32Array {
    if ((src + 1) * this.stride > this.stats.length)
      this.stats = grown(this.stats, this.ids.used * 2 * this.stride);
    return this.stats;
  }

  /**
   * Counts a record of `src` in (d = 1) or out (d = −1); returns how many records of `src` to
   * the same host and port are held after.
   */
  count(src: number, dst: number, port: number, flags: number, d: 1 | -1): number {
    const s = this.reserve(src);
    const at = src * this.stride;
    const n = s[at]!;
    s[at] = n + d;
    if ((flags & Bit.failed) !== 0) s[at + 1]! += d;
    if ((flags & Bit.http) !== 0) s[at + 2]! += d;
    if ((flags & Bit.http4xx) !== 0) s[at + 3]! += d;
    if ((flags & Bit.authFail) !== 0) s[at + AUTH_FAIL]! += d;
    if (s[at + HOSTS] === 0) {
      // A single destination (or none yet): a record counted out is one of it.
      if (d < 0) return n - 1;
      if (n === 0) {
        s[at + ONE_HOST] = dst;
        s[at + ONE_PORT] = port;
        return 1;
      }
      if (s[at + ONE_HOST] === dst && s[at + ONE_PORT] === port) return n + 1;
      const host = s[at + ONE_HOST]!;
      const hostPort = s[at + ONE_PORT]!;
      this.hosts.add(src, host, 0, n);
      this.ports.add(src, hostPort, 0, n);
      this.pairs.add(src, host, hostPort, n);
      s[at + HOSTS] = s[at + PORTS] = 1;
    }
    const edge = (d + 1) >> 1; // the tally a new (+1) or a vanished (−1) key has after
    if (this.hosts.add(src, dst, 0, d) === edge) s[at + HOSTS]! += d;
    if (this.ports.add(src, port, 0, d) === edge) s[at + PORTS]! += d;
    return this.pairs.add(src, dst, port, d);
  }

  /** Fills `out` for a record of `src` with `sameDst` records to its host and port. */
  query(src: number, sameDst: number, out: SourceCounts): void {
    const s = this.stats;
    const at = src * this.stride;
    const n = s[at]!;
    const single = s[at + HOSTS] === 0;
    out.connections = n;
    out.failed = s[at + 1]!;
    out.http = s[at + 2]!;
    out.http4xx = s[at + 3]!;
    out.authFail = s[at + AUTH_FAIL]!;
    out.dstHosts = single ? Math.min(n, 1) : s[at + HOSTS]!;
    out.dstPorts = single ? Math.min(n, 1) : s[at + PORTS]!;
    out.sameDst = sameDst;
  }
}

/** Records of the same source that started within `spanMicros` before X (X included). */
export class SourceTimeWindow {
  private readonly counters: SourceCounters;
  // The records held, oldest at `head` (a ring of struct-of-arrays, capacity a power of two).
  private start = new Float64Array(1024);
  private src = new Int32Array(1024);
  private dst = new Int32Array(1024);
  private port = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  private head = 0;
  private size = 0;

  constructor(
    private readonly ids: AddressIds,
    private readonly spanMicros = 60_000_000,
    private readonly maxEntries = MAX_TIME_ENTRIES,
  ) {
    this.counters = new SourceCounters(ids);
  }

  /** Adds X (records sorted by start), drops records `span` or more older, fills `out`. */
  push(e: SourceEntry, out: SourceCounts): void {
    while (this.size > 0) {
      const full = this.size >= this.maxEntries;
      if (!full && e.startMicros - this.start[this.head]! < this.spanMicros) break;
      this.removeOldest();
    }
    if (this.size === this.start.length) this.grow();
    const i = (this.head + this.size++) & (this.start.length - 1);
    const flags = flagBits(e);
    this.start[i] = e.startMicros;
    this.src[i] = e.src;
    this.dst[i] = e.dst;
    this.port[i] = e.dstPort;
    this.flags[i] = flags;
    this.ids.retain(e.src);
    this.ids.retain(e.dst);
    const same = this.counters.count(e.src, e.dst, e.dstPort, flags, 1);
    this.counters.query(e.src, same, out);
  }

  private removeOldest(): void {
    const i = this.head;
    const src = this.src[i]!;
    const dst = this.dst[i]!;
    this.counters.count(src, dst, this.port[i]!, this.flags[i]!, -1);
    this.ids.release(src);
    this.ids.release(dst);
    this.head = (i + 1) & (this.start.length - 1);
    this.size--;
  }

  /** Doubles the ring, the oldest record moving to index 0. */
  private grow(): void {
    const n = this.start.length;
    const h = this.head;
    const moved = <A extends Float64Array | Int32Array | Uint8Array>(a: A, b: A): A => {
      b.set(a.subarray(h));
      b.set(a.subarray(0, h), n - h);
      return b;
    };
    this.start = moved(this.start, new Float64Array(2 * n));
    this.src = moved(this.src, new Int32Array(2 * n));
    this.dst = moved(this.dst, new Int32Array(2 * n));
    this.port = moved(this.port, new Int32Array(2 * n));
    this.flags = moved(this.flags, new Uint8Array(2 * n));
    this.head = 0;
  }
}
