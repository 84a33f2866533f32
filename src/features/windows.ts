/**
 * The traffic features over windows of records (kdd-features.md §7, §8): the 2-second window
 * (features 23–31) and the last-255-records host window (32–41). Both include the current record,
 * and both keep incremental counts per destination host and per service, so each record costs
 * O(1) map updates on entry and on exit — no rescans of the window.
 */
import { REJ_ERROR_FLAGS, SYN_ERROR_FLAGS } from '../flow/tcp-state.js';

/** What a window needs of one record (the windows copy its fields; it may be reused). */
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
  readonly services = new Map<string, Tally>();
  /** Records per source port (host window only; created on first use). */
  srcPorts: Map<number, number> | undefined = undefined;
}

/** Counts of the records of one service in a window. */
class ServiceCounts {
  n = 0;
  synErrors = 0;
  rejErrors = 0;
  /** Records per destination host (its size is the number of distinct hosts). */
  readonly hosts = new Map<string, Tally>();
}

/** A count held in a map and changed in place (one lookup per change, not two). */
class Tally {
  n = 0;
}

/** Adds `d` to the tally of `k` (dropped at 0) and returns it. */
function tally<K>(m: Map<K, Tally>, k: K, d: number): Tally {
  let t = m.get(k);
  if (t === undefined) m.set(k, (t = new Tally()));
  t.n += d;
  if (t.n === 0) m.delete(k);
  return t;
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

/**
 * Incremental per-host and per-service counts over a FIFO of entries. The FIFO keeps each
 * entry's fields (not the entry object) with the count objects it was added to, so the caller
 * may reuse its entry and removing the oldest entry needs no host or service lookup.
 */
class WindowStats {
  private readonly hosts = new Map<string, HostCounts>();
  private readonly services = new Map<string, ServiceCounts>();
  private readonly ring = new EntryRing();
  /** The count objects of the entry added last. */
  private lastHost = new HostCounts();
  private lastService = new ServiceCounts();
  /** The tally of the last entry's service at its host. */
  private lastHostService = new Tally();

  constructor(private readonly trackPorts: boolean) {}

  /** Number of entries in the window. */
  get length(): number {
    return this.ring.size;
  }

  /** Start of the oldest entry (the window must not be empty). */
  oldestStart(): number {
    return this.ring.oldestStart();
  }

  /** Adds `e` as the newest entry. */
  add(e: WindowEntry): void {
    let h = this.hosts.get(e.dstHost);
    if (h === undefined) this.hosts.set(e.dstHost, (h = new HostCounts()));
    let s = this.services.get(e.service);
    if (s === undefined) this.services.set(e.service, (s = new ServiceCounts()));
    this.lastHostService = this.count(h, s, e.dstHost, e.service, e.srcPort, e.error, 1);
    this.ring.push(e, h, s);
    this.lastHost = h;
    this.lastService = s;
  }

  /** Removes the oldest entry. */
  removeOldest(): void {
    const r = this.ring;
    const i = r.head;
    const h = r.hostCounts[i]!;
    const s = r.serviceCounts[i]!;
    const host = r.host[i]!;
    const service = r.service[i]!;
    this.count(h, s, host, service, r.srcPort[i]!, r.error[i]!, -1);
    if (h.n === 0) this.hosts.delete(host);
    if (s.n === 0) this.services.delete(service);
    r.shift();
  }

  private count(
    h: HostCounts,
    s: ServiceCounts,
    host: string,
    service: string,
    srcPort: number,
    error: number,
    d: 1 | -1,
  ): Tally {
    h.n += d;
    s.n += d;
    if (error === 1) {
      h.synErrors += d;
      s.synErrors += d;
    } else if (error === 2) {
      h.rejErrors += d;
      s.rejErrors += d;
    }
    if (this.trackPorts) bump((h.srcPorts ??= new Map()), srcPort, d);
    tally(s.hosts, host, d);
    return tally(h.services, service, d);
  }

  /** The counts for `e`, which must be the entry added last. */
  query(e: WindowEntry, out: WindowCounts): void {
    const h = this.lastHost;
    const s = this.lastService;
    out.hostN = h.n;
    out.hostSynErrors = h.synErrors;
    out.hostRejErrors = h.rejErrors;
    out.hostSameService = this.lastHostService.n;
    out.hostDistinctServices = h.services.size;
    out.hostSameSrcPort = h.srcPorts?.get(e.srcPort) ?? 0;
    out.serviceN = s.n;
    out.serviceSynErrors = s.synErrors;
    out.serviceRejErrors = s.rejErrors;
    out.serviceDistinctHosts = s.hosts.size;
  }
}

/** A growable ring of entry fields (struct of arrays), oldest at `head`. */
class EntryRing {
  start = new Float64Array(256);
  srcPort = new Int32Array(256);
  error = new Uint8Array(256);
  host: string[] = new Array<string>(256).fill('');
  service: string[] = new Array<string>(256).fill('');
  hostCounts: (HostCounts | undefined)[] = new Array<HostCounts | undefined>(256).fill(undefined);
  serviceCounts: (ServiceCounts | undefined)[] = new Array<ServiceCounts | undefined>(256).fill(
    undefined,
  );
  head = 0;
  size = 0;

  oldestStart(): number {
    return this.start[this.head]!;
  }

  push(e: WindowEntry, h: HostCounts, s: ServiceCounts): void {
    if (this.size === this.start.length) this.grow();
    const i = (this.head + this.size) & (this.start.length - 1);
    this.start[i] = e.startMicros;
    this.srcPort[i] = e.srcPort;
    this.error[i] = e.error;
    this.host[i] = e.dstHost;
    this.service[i] = e.service;
    this.hostCounts[i] = h;
    this.serviceCounts[i] = s;
    this.size++;
  }

  shift(): void {
    const i = this.head;
    this.hostCounts[i] = undefined;
    this.serviceCounts[i] = undefined;
    this.head = (i + 1) & (this.start.length - 1);
    this.size--;
  }

  /** Doubles the capacity, the oldest entry moving to index 0. */
  private grow(): void {
    const n = this.start.length;
    const order = (k: number): number => (this.head + k) & (n - 1);
    const start = new Float64Array(2 * n);
    const srcPort = new Int32Array(2 * n);
    const error = new Uint8Array(2 * n);
    for (let k = 0; k < n; k++) {
      start[k] = this.start[order(k)]!;
      srcPort[k] = this.srcPort[order(k)]!;
      error[k] = this.error[order(k)]!;
    }
    const moved = <T>(a: T[], fill: T): T[] => {
      const b = new Array<T>(2 * n).fill(fill);
      for (let k = 0; k < n; k++) b[k] = a[order(k)] as T;
      return b;
    };
    this.host = moved(this.host, '');
    this.service = moved(this.service, '');
    this.hostCounts = moved(this.hostCounts, undefined);
    this.serviceCounts = moved(this.serviceCounts, undefined);
    this.start = start;
    this.srcPort = srcPort;
    this.error = error;
    this.head = 0;
  }
}

/** §7: every record whose start is within `spanMicros` (default 2 s) before X's start, X included. */
export class TimeWindow {
  private readonly stats = new WindowStats(false);

  constructor(private readonly spanMicros = 2_000_000) {}

  /**
   * Adds X (records must come sorted by start), drops records that started `span` or more
   * before it — the window is (X.start − 2 s, X.start] — and fills `out` for X. X is not kept.
   */
  push(x: WindowEntry, out: WindowCounts): void {
    const w = this.stats;
    while (w.length > 0 && x.startMicros - w.oldestStart() >= this.spanMicros) w.removeOldest();
    w.add(x);
    w.query(x, out);
  }
}

/** §8: the most recent `size` records (default 255), X included. */
export class CountWindow {
  private readonly stats = new WindowStats(true);

  constructor(private readonly size = 255) {}

  /** Adds X, drops the oldest record past `size`, and fills `out` for X. X is not kept. */
  push(x: WindowEntry, out: WindowCounts): void {
    const w = this.stats;
    w.add(x);
    if (w.length > this.size) w.removeOldest();
    w.query(x, out);
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
