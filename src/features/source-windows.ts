/**
 * Per-source windows of the extended set (docs/extended-features.md "Per-source windows"),
 * keyed by the originator's address and computed in start-time order like the KDD windows
 * (windows.ts), the current record included: every record of the source that started within
 * the last 60 s (SourceTimeWindow), and the last 100 records of the source (SourceCountWindow).
 * Counts are kept incrementally per source, so a record costs O(1) map updates on entry and exit.
 * Memory is bounded: the time window holds at most MAX_TIME_ENTRIES records (the oldest leave
 * first), the count window the most recently active MAX_SOURCES sources.
 */

/** Records kept by the 60 s window at most (a flood beyond that shortens the window). */
export const MAX_TIME_ENTRIES = 1 << 20;
/** Sources kept by the count window at most (the least recently active are forgotten). */
export const MAX_SOURCES = 65_536;

/** What a source window needs of one record (copied; the caller may reuse it). */
export interface SourceEntry {
  startMicros: number;
  /** Originator and responder addresses, packed (flow/key.ts). */
  srcHost: string;
  dstHost: string;
  /** Responder port; 0 for ICMP. */
  dstPort: number;
  /** A failed TCP connection (extended.ts failedConnection). */
  failed: boolean;
  /** The record carried an HTTP request; and at least one 4xx response. */
  http: boolean;
  http4xx: boolean;
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
}

/** A zeroed SourceCounts to reuse. */
export function emptySourceCounts(): SourceCounts {
  return { connections: 0, failed: 0, dstHosts: 0, dstPorts: 0, sameDst: 0, http: 0, http4xx: 0 };
}

/** One stored record: its fields and the stats of its source. */
interface Stored {
  start: number;
  src: string;
  dstHost: string;
  dstPort: number;
  pair: string;
  failed: boolean;
  http: boolean;
  http4xx: boolean;
  stats: SourceStats;
}

/** Incremental counts of one source's records in a window. */
class SourceStats {
  n = 0;
  failed = 0;
  http = 0;
  http4xx = 0;
  readonly hosts = new Map<string, number>();
  readonly ports = new Map<number, number>();
  readonly pairs = new Map<string, number>();
  /** Count window only: the source's records, oldest at `head`. */
  readonly ring: Stored[] = [];
  head = 0;

  count(e: Stored, d: 1 | -1): void {
    this.n += d;
    if (e.failed) this.failed += d;
    if (e.http) this.http += d;
    if (e.http4xx) this.http4xx += d;
    bump(this.hosts, e.dstHost, d);
    bump(this.ports, e.dstPort, d);
    bump(this.pairs, e.pair, d);
  }

  query(e: Stored, out: SourceCounts): void {
    out.connections = this.n;
    out.failed = this.failed;
    out.dstHosts = this.hosts.size;
    out.dstPorts = this.ports.size;
    out.sameDst = this.pairs.get(e.pair) ?? 0;
    out.http = this.http;
    out.http4xx = this.http4xx;
  }
}

function bump<K>(m: Map<K, number>, k: K, d: number): void {
  const v = (m.get(k) ?? 0) + d;
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

function store(e: SourceEntry, stats: SourceStats): Stored {
  const { failed, http, http4xx } = e;
  const pair = `${e.dstHost}|${e.dstPort}`;
  return { start: e.startMicros, src: e.srcHost, dstHost: e.dstHost, dstPort: e.dstPort, pair, failed, http, http4xx, stats }; // prettier-ignore
}

/** Records of the same source that started within `spanMicros` before X (X included). */
export class SourceTimeWindow {
  private readonly sources = new Map<string, SourceStats>();
  private fifo: Stored[] = [];
  private head = 0;

  constructor(
    private readonly spanMicros = 60_000_000,
    private readonly maxEntries = MAX_TIME_ENTRIES,
  ) {}

  /** Adds X (records sorted by start), drops records `span` or more older, fills `out`. */
  push(x: SourceEntry, out: SourceCounts): void {
    while (this.fifo.length - this.head > 0) {
      const old = this.fifo[this.head]!;
      const full = this.fifo.length - this.head >= this.maxEntries;
      if (!full && x.startMicros - old.start < this.spanMicros) break;
      this.removeOldest(old);
    }
    if (this.head > 4096 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    let s = this.sources.get(x.srcHost);
    if (s === undefined) this.sources.set(x.srcHost, (s = new SourceStats()));
    const e = store(x, s);
    s.count(e, 1);
    this.fifo.push(e);
    s.query(e, out);
  }

  private removeOldest(old: Stored): void {
    this.fifo[this.head++] = undefined as unknown as Stored;
    old.stats.count(old, -1);
    if (old.stats.n === 0 && this.sources.get(old.src) === old.stats) this.sources.delete(old.src);
  }
}

/** The last `size` records of the same source (X included). */
export class SourceCountWindow {
  /** Sources in order of last activity (a Map keeps insertion order). */
  private readonly sources = new Map<string, SourceStats>();

  constructor(
    private readonly size = 100,
    private readonly maxSources = MAX_SOURCES,
  ) {}

  /** Adds X, drops the source's oldest record past `size`, fills `out`. */
  push(x: SourceEntry, out: SourceCounts): void {
    let s = this.sources.get(x.srcHost);
    if (s === undefined) {
      s = new SourceStats();
      if (this.sources.size >= this.maxSources)
        this.sources.delete(this.sources.keys().next().value!);
    } else this.sources.delete(x.srcHost);
    this.sources.set(x.srcHost, s);
    const e = store(x, s);
    s.count(e, 1);
    s.ring.push(e);
    if (s.ring.length - s.head > this.size) {
      s.count(s.ring[s.head]!, -1);
      s.ring[s.head++] = undefined as unknown as Stored;
      if (s.head >= this.size) {
        s.ring.splice(0, s.head);
        s.head = 0;
      }
    }
    s.query(e, out);
  }
}
