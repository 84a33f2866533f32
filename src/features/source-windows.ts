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

/** One stored record (shared by both windows). */
export interface StoredEntry {
  start: number;
  src: string;
  dstHost: string;
  dstPort: number;
  pair: string;
  failed: boolean;
  http: boolean;
  http4xx: boolean;
}

/** Incremental counts of one source's records in a window. */
class SourceStats {
  n = 0;
  failed = 0;
  http = 0;
  http4xx = 0;
  readonly hosts = new Distinct<string>();
  readonly ports = new Distinct<number>();
  readonly pairs = new Distinct<string>();
  /** Count window only: the source's records, oldest at `head`. */
  readonly ring: StoredEntry[] = [];
  head = 0;

  count(e: StoredEntry, d: 1 | -1): void {
    this.n += d;
    if (e.failed) this.failed += d;
    if (e.http) this.http += d;
    if (e.http4xx) this.http4xx += d;
    this.hosts.add(e.dstHost, d);
    this.ports.add(e.dstPort, d);
    this.pairs.add(e.pair, d);
  }

  query(e: StoredEntry, out: SourceCounts): void {
    out.connections = this.n;
    out.failed = this.failed;
    out.dstHosts = this.hosts.size;
    out.dstPorts = this.ports.size;
    out.sameDst = this.pairs.get(e.pair);
    out.http = this.http;
    out.http4xx = this.http4xx;
  }
}

/**
 * Counts per distinct key; a single key is held without a Map (most sources talk to one
 * destination), the Map is made when a second key comes.
 */
class Distinct<K> {
  private key: K | undefined = undefined;
  private n = 0;
  private map: Map<K, number> | undefined = undefined;

  add(k: K, d: number): void {
    const m = this.map;
    if (m !== undefined) {
      const v = (m.get(k) ?? 0) + d;
      if (v === 0) m.delete(k);
      else m.set(k, v);
    } else if (this.n === 0 || this.key === k) {
      this.key = k;
      this.n += d;
    } else {
      this.map = new Map([[this.key!, this.n]]);
      this.map.set(k, d);
    }
  }

  get size(): number {
    return this.map !== undefined ? this.map.size : this.n > 0 ? 1 : 0;
  }

  get(k: K): number {
    return this.map !== undefined ? (this.map.get(k) ?? 0) : this.key === k ? this.n : 0;
  }
}

/** A copy of `e` for the windows (`add`), made once per record. */
export function storeEntry(e: SourceEntry): StoredEntry {
  const { failed, http, http4xx } = e;
  const pair = `${e.dstHost}|${e.dstPort}`;
  return { start: e.startMicros, src: e.srcHost, dstHost: e.dstHost, dstPort: e.dstPort, pair, failed, http, http4xx }; // prettier-ignore
}

/** A per-source window: records go in as stored entries (one copy serves both windows). */
abstract class SourceWindow {
  /** Adds the record `x` (a copy) and fills `out` with its window columns. */
  push(x: SourceEntry, out: SourceCounts): void {
    this.add(storeEntry(x), out);
  }

  /** push() of a stored entry (records in start-time order). */
  abstract add(e: StoredEntry, out: SourceCounts): void;
}

/** Records of the same source that started within `spanMicros` before X (X included). */
export class SourceTimeWindow extends SourceWindow {
  private readonly sources = new Map<string, SourceStats>();
  private fifo: StoredEntry[] = [];
  /** The stats each fifo entry was counted in. */
  private fifoStats: SourceStats[] = [];
  private head = 0;

  constructor(
    private readonly spanMicros = 60_000_000,
    private readonly maxEntries = MAX_TIME_ENTRIES,
  ) {
    super();
  }

  /** Adds X (records sorted by start), drops records `span` or more older, fills `out`. */
  override add(e: StoredEntry, out: SourceCounts): void {
    while (this.fifo.length - this.head > 0) {
      const old = this.fifo[this.head]!;
      const full = this.fifo.length - this.head >= this.maxEntries;
      if (!full && e.start - old.start < this.spanMicros) break;
      this.removeOldest(old);
    }
    if (this.head > 4096 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.fifoStats = this.fifoStats.slice(this.head);
      this.head = 0;
    }
    let s = this.sources.get(e.src);
    if (s === undefined) this.sources.set(e.src, (s = new SourceStats()));
    s.count(e, 1);
    this.fifo.push(e);
    this.fifoStats.push(s);
    s.query(e, out);
  }

  private removeOldest(old: StoredEntry): void {
    const s = this.fifoStats[this.head]!;
    this.fifo[this.head] = undefined as unknown as StoredEntry;
    this.fifoStats[this.head++] = undefined as unknown as SourceStats;
    s.count(old, -1);
    if (s.n === 0 && this.sources.get(old.src) === s) this.sources.delete(old.src);
  }
}

/**
 * The last `size` records of the same source (X included). Sources are remembered in two
 * generations (no per-record reordering, no scan of a Map): a source seen again moves to the
 * current one; when the current generation holds half of `maxSources`, the previous one is
 * forgotten. So a source is remembered while it is among the last `maxSources / 2` to
 * `maxSources` distinct sources seen.
 */
export class SourceCountWindow extends SourceWindow {
  private current = new Map<string, SourceStats>();
  private previous = new Map<string, SourceStats>();

  constructor(
    private readonly size = 100,
    private readonly maxSources = MAX_SOURCES,
  ) {
    super();
  }

  /** Adds X, drops the source's oldest record past `size`, fills `out`. */
  override add(e: StoredEntry, out: SourceCounts): void {
    let s = this.current.get(e.src);
    if (s === undefined) {
      s = this.previous.get(e.src) ?? new SourceStats();
      if (this.current.size >= this.maxSources / 2) {
        this.previous = this.current;
        this.current = new Map();
      }
      this.current.set(e.src, s);
    }
    s.count(e, 1);
    s.ring.push(e);
    if (s.ring.length - s.head > this.size) {
      s.count(s.ring[s.head]!, -1);
      s.ring[s.head++] = undefined as unknown as StoredEntry;
      if (s.head >= this.size) {
        s.ring.splice(0, s.head);
        s.head = 0;
      }
    }
    s.query(e, out);
  }
}
