/**
 * The traffic features over windows of records (kdd-features.md §7, §8): the 2-second window
 * (features 23–31) and the last-255-records host window (32–41). Both include the current record,
 * and both keep incremental counts per destination host and per service, so each record costs
 * O(1) map updates on entry and on exit — no rescans of the window.
 */
import { REJ_ERROR_FLAGS, SYN_ERROR_FLAGS } from '../flow/tcp-state.js';

/** What a window needs of one record. Created once per record, shared by both windows. */
export interface WindowEntry {
  readonly startMicros: number;
  /** Destination (responder) host, packed (flow/key.ts). */
  readonly dstHost: string;
  readonly service: string;
  /** Source (originator) port; 0 for ICMP. */
  readonly srcPort: number;
  /** 1 = SYN error, 2 = REJ error, 0 = neither (§7 error-flag sets). */
  readonly error: number;
}

/** The §7 error class of a flag: 1 SYN error {S0, S1, S2, S3, SH}, 2 REJ error, 0 none. */
export function errorClass(flag: string): number {
  return SYN_ERROR_FLAGS.has(flag) ? 1 : REJ_ERROR_FLAGS.has(flag) ? 2 : 0;
}

/** Counts of the records of one destination host in a window. */
class HostCounts {
  n = 0;
  synErrors = 0;
  rejErrors = 0;
  /** Records per service (its size is the number of distinct services). */
  readonly services = new Map<string, number>();
  /** Records per source port (host window only; created on first use). */
  srcPorts: Map<number, number> | undefined = undefined;
}

/** Counts of the records of one service in a window. */
class ServiceCounts {
  n = 0;
  synErrors = 0;
  rejErrors = 0;
  /** Records per destination host (its size is the number of distinct hosts). */
  readonly hosts = new Map<string, number>();
}

function bump<K>(m: Map<K, number>, k: K, d: number): void {
  const v = (m.get(k) ?? 0) + d;
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

/** The raw counts for one record (numerators and denominators of §7/§8), before caps. */
export interface WindowCounts {
  /** Same-host records and, among them, SYN / REJ errors, X's service, X's source port. */
  hostN: number;
  hostSynErrors: number;
  hostRejErrors: number;
  hostSameService: number;
  hostDistinctServices: number;
  hostSameSrcPort: number;
  /** Same-service records (any host) and, among them, SYN / REJ errors, distinct hosts. */
  serviceN: number;
  serviceSynErrors: number;
  serviceRejErrors: number;
  serviceDistinctHosts: number;
}

/** Incremental per-host and per-service counts over a multiset of entries. */
export class WindowStats {
  private readonly hosts = new Map<string, HostCounts>();
  private readonly services = new Map<string, ServiceCounts>();

  constructor(private readonly trackPorts: boolean) {}

  /** Adds (d = 1) or removes (d = −1) one entry. */
  apply(e: WindowEntry, d: 1 | -1): void {
    let h = this.hosts.get(e.dstHost);
    if (h === undefined) this.hosts.set(e.dstHost, (h = new HostCounts()));
    h.n += d;
    if (e.error === 1) h.synErrors += d;
    else if (e.error === 2) h.rejErrors += d;
    bump(h.services, e.service, d);
    if (this.trackPorts) bump((h.srcPorts ??= new Map()), e.srcPort, d);
    if (h.n === 0) this.hosts.delete(e.dstHost);
    let s = this.services.get(e.service);
    if (s === undefined) this.services.set(e.service, (s = new ServiceCounts()));
    s.n += d;
    if (e.error === 1) s.synErrors += d;
    else if (e.error === 2) s.rejErrors += d;
    bump(s.hosts, e.dstHost, d);
    if (s.n === 0) this.services.delete(e.service);
  }

  /** The counts for `e`, which must be in the window. */
  query(e: WindowEntry, out: WindowCounts): void {
    const h = this.hosts.get(e.dstHost)!;
    const s = this.services.get(e.service)!;
    out.hostN = h.n;
    out.hostSynErrors = h.synErrors;
    out.hostRejErrors = h.rejErrors;
    out.hostSameService = h.services.get(e.service) ?? 0;
    out.hostDistinctServices = h.services.size;
    out.hostSameSrcPort = h.srcPorts?.get(e.srcPort) ?? 0;
    out.serviceN = s.n;
    out.serviceSynErrors = s.synErrors;
    out.serviceRejErrors = s.rejErrors;
    out.serviceDistinctHosts = s.hosts.size;
  }
}

/** A FIFO of entries with O(1) amortised push and shift. */
class Fifo {
  private items: WindowEntry[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }
  push(e: WindowEntry): void {
    this.items.push(e);
  }
  peek(): WindowEntry | undefined {
    return this.items[this.head];
  }
  shift(): WindowEntry | undefined {
    const e = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return e;
  }
}

/** §7: every record whose start is within `spanMicros` (default 2 s) before X's start, X included. */
export class TimeWindow {
  private readonly fifo = new Fifo();
  private readonly stats = new WindowStats(false);

  constructor(private readonly spanMicros = 2_000_000) {}

  /**
   * Adds X (records must come sorted by start), drops records that started `span` or more
   * before it — the window is (X.start − 2 s, X.start] — and fills `out` for X.
   */
  push(x: WindowEntry, out: WindowCounts): void {
    for (let old = this.fifo.peek(); old !== undefined; old = this.fifo.peek()) {
      if (x.startMicros - old.startMicros < this.spanMicros) break;
      this.stats.apply(this.fifo.shift()!, -1);
    }
    this.fifo.push(x);
    this.stats.apply(x, 1);
    this.stats.query(x, out);
  }
}

/** §8: the most recent `size` records (default 255), X included. */
export class CountWindow {
  private readonly fifo = new Fifo();
  private readonly stats = new WindowStats(true);

  constructor(private readonly size = 255) {}

  /** Adds X, drops the oldest record past `size`, and fills `out` for X. */
  push(x: WindowEntry, out: WindowCounts): void {
    this.fifo.push(x);
    this.stats.apply(x, 1);
    if (this.fifo.length > this.size) this.stats.apply(this.fifo.shift()!, -1);
    this.stats.query(x, out);
  }
}

/** A zeroed WindowCounts to reuse. */
export function emptyCounts(): WindowCounts {
  return {
    hostN: 0, hostSynErrors: 0, hostRejErrors: 0, hostSameService: 0, hostDistinctServices: 0,
    hostSameSrcPort: 0, serviceN: 0, serviceSynErrors: 0, serviceRejErrors: 0,
    serviceDistinctHosts: 0,
  }; // prettier-ignore
}
